// `/pai dsw idle-stop <instance-id> --after <duration> [--cpu <percent>] [--gpu <percent>]`: the notebook's idle-stop
// policy. PAI keeps one per instance, so an existing one is deleted first (DeleteIdleInstanceCuller), then the new one
// created (CreateIdleInstanceCuller) with both thresholds; the two calls are the change's one bound write.

import { BotError } from '../../errors/catalogue.js';
import type { DswIdleInstanceCuller } from '../../pai/dsw-types.js';
import type { IdlePolicyView, NotebookChangeDone } from '../../render/notebook-change.js';
import type { DswChangeJob } from '../action-jobs.js';
import type { ChangeContext } from '../change-context.js';
import { cullerRequest, idleCullerRequest, isSamePolicy } from './idle-culler-request.js';
import { hasIdleStopPolicy } from './idle-notebooks.js';
import type { DswChange } from './payload.js';

const policyOf = (c: DswIdleInstanceCuller): IdlePolicyView => ({
  maxIdleMinutes: c.MaxIdleTimeInMinutes ?? 0,
  ...(c.CpuPercentThreshold !== undefined ? { cpuPercent: c.CpuPercentThreshold } : {}),
  ...(c.GpuPercentThreshold !== undefined ? { gpuPercent: c.GpuPercentThreshold } : {}),
});

export async function setIdleStop(
  ctx: ChangeContext<DswChangeJob>,
  change: Extract<DswChange, { verb: 'idle-stop' }>,
): Promise<NotebookChangeDone> {
  const { job, dsw, target } = ctx;
  const req = idleCullerRequest(change);
  const current = target.instance.IdleInstanceCuller;
  const existing = hasIdleStopPolicy(current) ? current : undefined;
  if (!ctx.progress.applied && isSamePolicy(existing, req))
    throw new BotError('NOTEBOOK_STATE', `Notebook ${job.instanceId} already has exactly this idle-stop policy.`);
  await ctx.apply(
    async (pai) => ({ InstanceId: (await pai.replaceIdleCuller(req, existing && cullerRequest(existing))).InstanceId }),
    // An earlier attempt's answer was lost: the notebook shows whether the new policy is in place.
    async () => {
      const now = await dsw.getInstance(job.instanceId);
      return isSamePolicy(now.IdleInstanceCuller, req) ? { InstanceId: job.instanceId } : undefined;
    },
  );
  return {
    verb: 'idle-stop',
    policy: policyOf(req),
    ...(existing ? { previous: policyOf(existing) } : {}),
  };
}
