import { BotError } from '../../errors/catalogue.js';
import type { ActionHandler } from '../action-context.js';
import type { DlcLogsJob } from '../action-jobs.js';
import { renderJobLogs } from '../../render/job-logs.js';
import { findManagedJob } from './find-managed-job.js';

export const jobLogs: ActionHandler<DlcLogsJob> = async ({ job, dlc, slack, config }) => {
  const { job: current } = await findManagedJob(dlc, config.workspaces, job.jobId);
  const pods = current.Pods ?? [];
  const podId = job.pod ?? pods[0]?.PodId;
  if (!podId)
    throw new BotError(
      'JOB_NOT_FOUND',
      `Job ${job.jobId} has no pods yet (status ${current.Status}); try again once it is running.`,
    );
  if (job.pod && pods.length && !pods.some((p) => p.PodId === job.pod)) {
    throw new BotError(
      'JOB_NOT_FOUND',
      `Job ${job.jobId} has no pod ${job.pod}. Its pods: ${pods
        .map((p) => p.PodId)
        .slice(0, 10)
        .join(', ')}.`,
    );
  }
  const logs = await dlc.getPodLogs(job.jobId, podId, { MaxLines: job.tail });
  await slack.tell(job.requester, renderJobLogs(job.jobId, podId, logs.Logs.slice(-job.tail)));
};
