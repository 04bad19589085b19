// `/pai dsw stop <instance-id> [--save-image]`: StopInstance, once, on the notebook the gate found in the command's
// workspace.

import { BotError } from '../../errors/catalogue.js';
import { isRestingDswStatus } from '../../pai/dsw-types.js';
import type { NotebookChangeDone } from '../../render/notebook-change.js';
import type { DswChangeJob } from '../action-jobs.js';
import type { ChangeContext } from '../change-context.js';

const STOPPING = ['Stopping', 'Saving'];
/** What a stop that reached PAI shows afterwards. */
const STOP_ARRIVED = [...STOPPING, 'Stopped', 'Saved', 'SaveFailed'];

export async function stopNotebook(ctx: ChangeContext<DswChangeJob>, saveImage: boolean): Promise<NotebookChangeDone> {
  const { job, dsw, target } = ctx;
  const from = target.instance.Status;
  if (!ctx.progress.applied) {
    if (STOPPING.includes(from))
      throw new BotError('NOTEBOOK_STATE', `Notebook ${job.instanceId} is already stopping (${from}).`);
    if (isRestingDswStatus(from))
      throw new BotError(
        'NOTEBOOK_STATE',
        `Notebook ${job.instanceId} is ${from}, not running: nothing to stop. /pai dsw start ${job.instanceId} starts it.`,
      );
  }
  await ctx.apply(
    async (pai) => ({ InstanceId: (await pai.stop({ saveImage })).InstanceId ?? job.instanceId }),
    // An earlier attempt's answer was lost: the notebook's status shows whether the stop arrived.
    async () => {
      const now = await dsw.getInstance(job.instanceId);
      return STOP_ARRIVED.includes(now.Status) ? { InstanceId: job.instanceId } : undefined;
    },
  );
  return { verb: 'stop', from, saveImage };
}
