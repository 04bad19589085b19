// Queues one action and words the receipt. Shared by the slash command and the confirmation button.
// The receipt never says more than is known: an enqueue Redis did not confirm in time is abandoned
// (src/queue/ack-ticket.ts), and only once that is settled does the user hear that nothing runs.

import { isMutatingJob, type ActionJob } from '../../actions/action-jobs.js';
import { QueuedChangesLimit, type Enqueuer } from '../../queue/enqueue-action.js';
import { escapeMrkdwn } from '../../render/mrkdwn.js';
import { describeAction } from '../grammar/describe-action.js';

export const REDIS_UNAVAILABLE =
  ':warning: The bot could not queue this right now (its Redis did not answer). Nothing was run; please try again in a moment.';

/** How long an enqueue may take before it is abandoned; the ack does not wait for it (see pai-command.ts). */
export const ENQUEUE_TIMEOUT_MS = 8_000;
/** How long abandoning may take before the receipt admits it cannot tell. */
const ABANDON_TIMEOUT_MS = 4_000;

export interface Receipt {
  outcome: 'queued' | 'duplicate' | 'unavailable' | 'refused' | 'unconfirmed';
  text: string;
}

export async function queueWithReceipt(
  enqueuer: Enqueuer,
  job: ActionJob,
  key: string,
  timeoutMs = ENQUEUE_TIMEOUT_MS,
): Promise<Receipt> {
  let queued: boolean;
  try {
    queued = await withTimeout(enqueuer.enqueue(job, key), timeoutMs);
  } catch (err) {
    if (err instanceof QueuedChangesLimit) {
      return {
        outcome: 'refused',
        text: `:warning: You already have ${err.queued} changes queued that have not finished (at most ${err.limit}, limits.queued_changes_per_user). Nothing was queued; try again when some are done.`,
      };
    }
    // A lookup that lands late merely answers late; a change must be settled before anyone says it will not run.
    if (!(err instanceof TimeoutError) || !isMutatingJob(job))
      return { outcome: 'unavailable', text: REDIS_UNAVAILABLE };
    const what = `\`${escapeMrkdwn(describeAction(job))}\``;
    const decided = await withTimeout(enqueuer.abandon(key), ABANDON_TIMEOUT_MS).catch(() => undefined);
    if (decided === 'void')
      return { outcome: 'unavailable', text: `${REDIS_UNAVAILABLE} (${what} will not run, even if Redis catches up.)` };
    if (decided === 'run') return { outcome: 'queued', text: queuedText(job, what) };
    return {
      outcome: 'unconfirmed',
      text: `:warning: Redis is too slow to confirm whether ${what} was queued. If it was, it runs and its card or approval request appears here; check before you send it again.`,
    };
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
    case 'gallery.deploy':
      return `:inbox_tray: Queued ${what} in workspace *${escapeMrkdwn(job.workspace.name)}*. Its status card will appear in this channel.`;
    case 'dlc.stop':
    case 'eas.change':
      return `:inbox_tray: Queued ${what}.`;
    case 'dsw.change':
      return `:inbox_tray: Queued ${what} in workspace *${escapeMrkdwn(job.workspace.name)}*.`;
    default:
      return `:mag: Looking that up (${what})…`;
  }
}

export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** Rejects with TimeoutError when promise has not settled within ms (the promise itself runs on). */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new TimeoutError(ms)), ms))),
  ]).finally(() => clearTimeout(timer));
}
