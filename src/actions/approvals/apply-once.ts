// The one write of a change, made at most once per queued job. The checkpoint before the call says "sent,
// outcome unknown"; the one after holds the result. A retry or a resumed run reads them instead of calling PAI
// again; a write whose outcome is unknown is looked up (recover) or, for an approved change that cannot be
// looked up, not sent again: an approval is for one run.

import { BotError } from '../../errors/catalogue.js';
import { PaiError } from '../../pai/errors.js';
import type { ActionContext } from '../action-context.js';
import type { MutatingJob } from '../action-jobs.js';

/** PAI refused the call outright, so it changed nothing and may be sent again. */
export function definitelyNotApplied(err: unknown): boolean {
  if (err instanceof BotError) return true; // raised before anything was sent
  return err instanceof PaiError && (err.kind === 'throttled' || err.kind === 'forbidden' || err.kind === 'not_found' || err.kind === 'invalid' || err.kind === 'auth');
}

export interface ApplyOptions {
  /** An approved change: an unknown outcome is never resolved by writing again. */
  approved: boolean;
  /** Called once, right after the write is known to have succeeded (the approval is then spent). */
  onApplied(): Promise<void>;
}

export async function applyOnce<W, R>(ctx: ActionContext<MutatingJob>, writes: W, write: (pai: W) => Promise<R>, recover: (() => Promise<R | undefined>) | undefined, opts: ApplyOptions): Promise<R> {
  const done = async (result: R): Promise<R> => {
    await ctx.checkpoint({ ...ctx.progress, applying: false, applied: { result: result ?? null } });
    await opts.onApplied();
    return result;
  };
  if (ctx.progress.applied) {
    ctx.log.info('the change reached PAI in an earlier attempt; not sending it again');
    return ctx.progress.applied.result as R;
  }
  if (ctx.progress.applying) {
    const found = recover ? await recover() : undefined;
    if (found !== undefined) {
      ctx.log.info('an earlier attempt made the change; not sending it again');
      return done(found);
    }
    if (!recover && opts.approved) {
      throw new BotError('CHANGE_OUTCOME_UNKNOWN', 'The approved change was sent to PAI, but its answer was lost (a timeout or a restart), so it may or may not have been made. It is not sent a second time: check the resource with /pai dlc status or /pai eas status, and ask again if it did not happen.');
    }
  }
  await ctx.checkpoint({ ...ctx.progress, applying: true });
  let result: R;
  try {
    result = await write(writes);
  } catch (err) {
    if (definitelyNotApplied(err)) await ctx.checkpoint({ ...ctx.progress, applying: false });
    throw err;
  }
  return done(result);
}
