// Queues one action within Slack's time budget and words the receipt. Shared by the slash
// command and the confirmation button.

import type { ActionJob } from '../../queue/action-jobs.js';
import { describeAction } from '../../queue/describe-action.js';
import { QueuedChangesLimit, type Enqueuer } from '../../queue/enqueue-action.js';
import { escapeMrkdwn } from '../render/mrkdwn.js';

export const REDIS_UNAVAILABLE = ':warning: The bot could not queue this right now (its Redis did not answer). Nothing was run; please try again in a moment.';

export interface Receipt {
  outcome: 'queued' | 'duplicate' | 'unavailable' | 'refused';
  text: string;
}

export async function queueWithReceipt(enqueuer: Enqueuer, job: ActionJob, key: string, timeoutMs = 2_000): Promise<Receipt> {
  let queued: boolean;
  try {
    queued = await withTimeout(enqueuer.enqueue(job, key), timeoutMs);
  } catch (err) {
    if (err instanceof QueuedChangesLimit) {
      return { outcome: 'refused', text: `:warning: You already have ${err.queued} changes queued that have not finished (at most ${err.limit}, limits.queued_changes_per_user). Nothing was queued; try again when some are done.` };
    }
    return { outcome: 'unavailable', text: REDIS_UNAVAILABLE };
  }
  const what = `\`${escapeMrkdwn(describeAction(job))}\``;
  if (!queued) return { outcome: 'duplicate', text: `This request was already received; ${what} is queued once.` };
  return { outcome: 'queued', text: queuedText(job, what) };
}

/** The acknowledgement of a lookup, sent before it is queued. */
export function lookupReceipt(job: ActionJob): string {
  return queuedText(job, `\`${escapeMrkdwn(describeAction(job))}\``);
}

function queuedText(job: ActionJob, what: string): string {
  switch (job.type) {
    case 'dlc.submit':
    case 'eas.deploy':
      return `:inbox_tray: Queued ${what} in workspace *${escapeMrkdwn(job.workspace.name)}*. Its status card will appear in this channel.`;
    case 'dlc.stop':
    case 'eas.change':
      return `:inbox_tray: Queued ${what}.`;
    default:
      return `:mag: Looking that up (${what})…`;
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]).finally(() => clearTimeout(timer));
}
