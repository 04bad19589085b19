// The verb table: one entry per verb, in the order of `/pai help` and the top-level usage. Parsing
// (parse.ts), the usage lines (derive-usage.ts), the help (help.ts) and the words a queued job is named by
// (describe-action.ts) are all read from it, and `verb()` checks at compile time that each entry parses into
// exactly its Command of commands.ts.
//
// Adding a verb is one entry (plus its Command in commands.ts and, for a new kind of job, the job's payload in
// src/actions/), e.g. for issue 20's DSW verbs:
//
//   verb({
//     group: 'dsw',                                   // add 'dsw' to GroupName
//     names: ['stop'],                                // kind 'dsw.stop'
//     section: 'DSW notebooks',
//     summary: 'stop a notebook instance',
// args: { instanceId: arg('<instance-id>', (v) => `missing the instance id: it comes right after "${v}"`, checkDswId)
// },
//     flags: { yes: toggle('--yes'), workspace: workspaceFlag() },
//     queues: { type: 'dsw.stop', subject: (job) => job.instanceId },  // what it queues, and how that is named
//   }),

import type { ActionType, BackgroundJob } from '../../../actions/action-jobs.js';
import type { CommandKind } from '../commands.js';
import type { VerbEntry } from '../verb-spec.js';
import { APPROVALS_VERBS } from './approvals.js';
import { ALERTS_VERB, HELP_VERB, WS_VERB } from './core.js';
import { COST_VERB } from './cost.js';
import { DLC_VERBS } from './dlc.js';
import { DSW_VERBS } from './dsw.js';
import { EAS_VERBS } from './eas.js';
import { GALLERY_VERBS } from './gallery.js';
import { OSS_VERBS } from './oss.js';

export const VERBS = [
  HELP_VERB,
  WS_VERB,
  ...DLC_VERBS,
  ...EAS_VERBS,
  ...OSS_VERBS,
  ...APPROVALS_VERBS,
  ...DSW_VERBS,
  ...GALLERY_VERBS,
  COST_VERB,
  ALERTS_VERB,
];

type KindsOf<E> = E extends VerbEntry<infer K> ? K : never;
/** Every kind of the Command union has an entry: a Command added without one fails to compile here. */
export const EVERY_KIND_HAS_A_VERB: [Exclude<CommandKind, KindsOf<(typeof VERBS)[number]>>] extends [never]
  ? true
  : never = true;

type JobTypesOf<E> = E extends VerbEntry<CommandKind, infer T> ? T : never;
type Unqueued = Exclude<ActionType, JobTypesOf<(typeof VERBS)[number]> | BackgroundJob['type']>;
/**
 * Every job type is queued by some verb, so describe-action.ts can name it: a job added without one fails here. The
 * bot's own background jobs (BackgroundJob) are named there by hand.
 */
export const EVERY_JOB_HAS_A_VERB: [Unqueued] extends [never] ? true : never = true;

/** The kind a verb's name parses to: `dlc.submit`, or the bare name for a verb outside any group. */
export const kindOf = (entry: VerbEntry, name: string): CommandKind =>
  (entry.group ? `${entry.group}.${name}` : name) as CommandKind;
