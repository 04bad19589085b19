// Builds what a change handler gets from the gate: the read-only PAI clients, the resolved target, and
// apply(), the only way to write to PAI.

import type { ActionContext } from '../action-context.js';
import type { MutatingJob } from '../action-jobs.js';
import type { ChangeContext, ChangeTarget } from '../change-context.js';
import { applyOnce, type ApplyOptions } from './apply-once.js';
import { boundWrites } from './bound-writes.js';

export function changeContext(ctx: ActionContext<MutatingJob>, target: ChangeTarget, opts: ApplyOptions): ChangeContext<MutatingJob> {
  const { dlc, eas, ...rest } = ctx;
  const writes = boundWrites(target, { dlc, eas });
  const out: ChangeContext<MutatingJob> = {
    ...rest,
    // Plain objects holding only the read calls: a cast back to the full client finds no write to call.
    dlc: { getJob: (...a) => dlc.getJob(...a), listJobs: (...a) => dlc.listJobs(...a), getPodLogs: (...a) => dlc.getPodLogs(...a), getJobEvents: (...a) => dlc.getJobEvents(...a) },
    eas: {
      describeService: (...a) => eas.describeService(...a),
      listServices: (...a) => eas.listServices(...a),
      describeAutoScaler: (...a) => eas.describeAutoScaler(...a),
      describeServiceEvents: (...a) => eas.describeServiceEvents(...a),
      listServiceInstances: (...a) => eas.listServiceInstances(...a),
      describeServiceDiagnosis: (...a) => eas.describeServiceDiagnosis(...a),
    },
    target: target as never,
    // Progress is read through ctx so checkpoints written by apply() are seen by the handler and vice versa.
    get progress() {
      return ctx.progress;
    },
    checkpoint: (p) => ctx.checkpoint(p),
    apply: (write, recover) => applyOnce(ctx, writes, write as (w: typeof writes) => Promise<never>, recover, opts),
  };
  return out;
}

/** The target of this queued job: resolved on its first attempt and checkpointed, so every retry acts on that one. */
export async function targetOnce(ctx: ActionContext<MutatingJob>, resolve: () => Promise<ChangeTarget>): Promise<ChangeTarget> {
  if (ctx.progress.target) return ctx.progress.target as ChangeTarget;
  const target = await resolve();
  await ctx.checkpoint({ ...ctx.progress, target });
  return target;
}
