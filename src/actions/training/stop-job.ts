// Worker side of `/pai dlc stop`: the gate found the job (in a configured workspace) and checked who asks.

import { BotError } from '../../errors/catalogue.js';
import { isTerminalJobStatus } from '../../pai/dlc-types.js';
import type { DlcStopJob } from '../action-jobs.js';
import type { ChangeHandler } from '../change-context.js';

export const stopJob: ChangeHandler<DlcStopJob> = async ({ job, target, dlc, slack, log, apply, progress }) => {
  const current = target.job;
  if (!progress.applied && isTerminalJobStatus(current.Status))
    throw new BotError(
      'JOB_ALREADY_FINISHED',
      `Job ${job.jobId} (${current.DisplayName}) has already ended: ${current.Status}. Nothing to stop.`,
    );
  await apply(
    async (pai) => ({ JobId: (await pai.stopJob()).JobId }),
    // An earlier attempt's answer was lost: PAI shows whether the stop arrived.
    async () => {
      const now = await dlc.getJob(job.jobId);
      return now.Status === 'Stopping' || now.Status === 'Stopped' ? { JobId: job.jobId } : undefined;
    },
  );
  log.info({ jobId: job.jobId, workspace: target.workspace.name }, 'DLC job stop requested');
  await slack
    .tell(job.requester, {
      text: `Stopping job ${current.DisplayName} (${job.jobId}); its card will show Stopped when PAI is done.`,
    })
    .catch((err: unknown) => log.warn({ err }, 'could not tell the requester'));
};
