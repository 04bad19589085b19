import type { ActionHandler } from '../action-context.js';
import type { DlcListJob } from '../action-jobs.js';
import { renderJobList } from '../../render/job-list.js';
import { REQUESTER_TAG } from './build-create-job.js';

export const listJobs: ActionHandler<DlcListJob> = async ({ job, dlc, slack }) => {
  // "Mine" means submitted by this Slack user through the bot: the PAI owner is the bot's own identity.
  const page = await dlc.listJobs({
    WorkspaceId: job.workspace.id,
    ...(job.status ? { Status: job.status } : {}),
    ...(job.mine ? { Tags: { [REQUESTER_TAG]: job.requester.userId } } : {}),
    SortBy: 'GmtCreateTime',
    Order: 'desc',
    PageNumber: 1,
    PageSize: 20,
  });
  await slack.tell(
    job.requester,
    renderJobList({
      workspace: job.workspace.name,
      ...(job.status ? { status: job.status } : {}),
      mine: job.mine,
      jobs: page.Jobs,
      total: page.TotalCount,
    }),
  );
};
