// What happens at PAI without the bot asking: jobs created from the PAI console, CI or another SDK user, and the EAS
// autoscaler resizing a service on its own. Both go through the code the API routes use, so what the bot reads back
// is indistinguishable from what it would read about its own jobs and services.

import type { EasContext } from './eas-routes.js';
import { scaleTo } from './eas-scale.js';
import { stateOf } from './eas-store.js';
import { MAX_INSTANCES } from './eas-validation.js';
import { CONSOLE_USER, userIdForAccessKey } from './ids.js';
import { admitJob, type DlcContext } from './job-admission.js';
import type { ExternalJob } from './types.js';

export const EXTERNAL_JOB_DEFAULTS = Object.freeze({
  jobType: 'PyTorchJob',
  image: 'registry.cn-shanghai.aliyuncs.com/pai/pytorch:2.1',
  workers: 1,
});

/** Creates the job as a CreateJob from its creator would; throws with CreateJob's message when that would be refused. */
export function addExternalJob(ctx: DlcContext, input: ExternalJob, now: number): string {
  const username = input.username ?? CONSOLE_USER.username;
  // A creator given by name only still gets a stable UID of its own, distinct from the bot's (CONSOLE_USER's is derived
  // alike).
  const userId = input.userId ?? userIdForAccessKey(username);
  const body = {
    DisplayName: input.displayName,
    JobType: input.jobType ?? EXTERNAL_JOB_DEFAULTS.jobType,
    JobSpecs: [
      {
        Type: 'Worker',
        Image: input.image ?? EXTERNAL_JOB_DEFAULTS.image,
        PodCount: input.workers ?? EXTERNAL_JOB_DEFAULTS.workers,
      },
    ],
    UserCommand: 'python train.py',
    WorkspaceId: input.workspaceId,
  };
  // `plan ?? {}`: an outside job never takes the one-shot planNextJob plan meant for the bot's next CreateJob.
  const admitted = admitJob(ctx, body, { userId, username }, now, { via: 'addJob', plan: input.plan ?? {} });
  if (!admitted.ok) throw new Error(`addJob: ${admitted.message}`);
  return admitted.record.jobId;
}

/** Statuses an autoscaler leaves alone: nothing runs that could need more or fewer instances. */
const NOT_AUTOSCALED = new Set(['Stopping', 'Stopped', 'Deleting']);

/** False when there is no such service, or it is Stopping, Stopped or Deleting. Not clamped to the autoscaler's min/max. */
export function autoscaleService(
  ctx: EasContext,
  name: string,
  replicas: number,
  opts: { coldStartMs?: number },
  now: number,
): boolean {
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > MAX_INSTANCES) {
    throw new RangeError(`autoscale: replicas must be an integer from 0 to ${MAX_INSTANCES}, got ${replicas}`);
  }
  const { coldStartMs } = opts;
  if (coldStartMs !== undefined && (!Number.isFinite(coldStartMs) || coldStartMs < 0)) {
    throw new RangeError(`autoscale: coldStartMs must be a finite number >= 0, got ${coldStartMs}`);
  }
  const record = ctx.store.get(name, now);
  if (!record) return false;
  const state = stateOf(record, now);
  if (NOT_AUTOSCALED.has(state.status)) return false;
  scaleTo(ctx.store, record, state, replicas, now, coldStartMs);
  ctx.log(
    `EAS autoscaler ${name} ${state.targetInstances} -> ${replicas}${coldStartMs === undefined ? '' : ` (${coldStartMs} ms cold start)`}`,
  );
  return true;
}
