import { operatorRefusal } from '../approvals/change-policy.js';
import { BotError } from '../errors/catalogue.js';
import { isTerminalJobStatus } from '../pai/dlc-types.js';
import type { ActionHandler } from '../queue/action-context.js';
import type { DlcStopJob } from '../queue/action-jobs.js';
import { findManagedJob } from './find-managed-job.js';

export const stopJob: ActionHandler<DlcStopJob> = async ({ job, dlc, slack, config, log, directory }) => {
  const { job: current, workspace } = await findManagedJob(dlc, config.workspaces, job.jobId);
  const refusal = await operatorRefusal(workspace, job.requester.userId, directory);
  if (refusal) throw new BotError('NOT_AN_OPERATOR', `Job ${job.jobId} was not stopped. ${refusal}`);
  if (isTerminalJobStatus(current.Status)) throw new BotError('JOB_ALREADY_FINISHED', `Job ${job.jobId} (${current.DisplayName}) has already ended: ${current.Status}. Nothing to stop.`);
  await dlc.stopJob(job.jobId);
  log.info({ jobId: job.jobId, workspace: workspace.name }, 'DLC job stop requested');
  await slack.tell(job.requester, { text: `Stopping job ${current.DisplayName} (${job.jobId}); its card will show Stopped when PAI is done.` });
};
