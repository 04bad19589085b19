// `/pai dsw start <instance-id>`: StartInstance, once, on a stopped notebook the gate found in the command's workspace.

import { BotError } from '../../errors/catalogue.js';
import { isRestingDswStatus } from '../../pai/dsw-types.js';
import type { NotebookChangeDone } from '../../render/notebook-change.js';
import type { DswChangeJob } from '../action-jobs.js';
import type { ChangeContext } from '../change-context.js';

/** What a start that reached PAI shows afterwards. */
const START_ARRIVED = ['Starting', 'ResourceAllocating', 'Queuing', 'EnvPreparing', 'Running'];

export async function startNotebook(ctx: ChangeContext<DswChangeJob>): Promise<NotebookChangeDone> {
  const { job, dsw, target } = ctx;
  const from = target.instance.Status;
  // Only a notebook at rest can be started; anything else (an unknown status too) is left to settle first.
  if (!ctx.progress.applied && !isRestingDswStatus(from))
    throw new BotError(
      'NOTEBOOK_STATE',
      `Notebook ${job.instanceId} is ${from || 'in an unknown state'}, not stopped: nothing to start.`,
    );
  await ctx.apply(
    async (pai) => ({ InstanceId: (await pai.start()).InstanceId ?? job.instanceId }),
    async () => {
      const now = await dsw.getInstance(job.instanceId);
      return START_ARRIVED.includes(now.Status) ? { InstanceId: job.instanceId } : undefined;
    },
  );
  return { verb: 'start', from };
}
