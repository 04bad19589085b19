import type { ActionHandler } from '../action-context.js';
import type { DlcStatusJob } from '../action-jobs.js';
import { renderJobDetails } from '../../render/job-details.js';
import { findManagedJob } from './find-managed-job.js';

export const jobStatus: ActionHandler<DlcStatusJob> = async ({ job, dlc, slack, config, log }) => {
  const { job: current } = await findManagedJob(dlc, config.workspaces, job.jobId);
  // Events make the status useful ("why is it still Queuing?"), but are not worth failing over.
  const events = await dlc.getJobEvents(job.jobId, { MaxEventsNum: 20 }).then(
    (r) => r.Events,
    (err) => {
      log.warn({ err }, 'GetJobEvents failed; answering without events');
      return [];
    },
  );
  await slack.tell(job.requester, renderJobDetails(current, events));
};
