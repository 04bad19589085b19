// What a queued job is called in messages ("dlc submit train-1", "eas scale bert_qa", "ws"), derived from the verb
// table: the words of the verb that queued it, then what it acts on (the entry's `queues`). The use cases and the
// queue worker may not import the grammar: the composition root hands them this function (ActionServices).

import type { ActionJob } from '../../actions/action-jobs.js';
import { VERBS } from './spec/table.js';
import type { VerbEntry } from './verb-spec.js';

/** A short echo of the action for messages: "dlc submit train-1". */
export function describeAction(job: ActionJob): string {
  // Queued by the bot itself, for the submit form's menu (BackgroundJob): no verb to name it by.
  if (job.type === 'dlc.specs') return 'the list of DLC instance types';
  if (job.type === 'eas.specs') return 'the list of EAS instance types';
  for (const entry of VERBS as readonly VerbEntry[]) {
    const queues = entry.queues;
    if (queues?.type !== job.type) continue;
    const name = queues.name ? queues.name(job) : entry.names[0];
    if (name === undefined || !entry.names.includes(name)) continue;
    const subject = queues.subject?.(job);
    return [entry.group, name, subject].filter((word) => word !== undefined).join(' ');
  }
  // Not reached: spec/table.ts checks at compile time that every other job type has a verb.
  return job.type;
}
