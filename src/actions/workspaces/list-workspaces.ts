import type { ActionHandler } from '../action-context.js';
import type { WorkspaceListJob } from '../action-jobs.js';
import { renderWorkspaceList } from '../../render/workspace-list.js';

export const listWorkspaces: ActionHandler<WorkspaceListJob> = async ({ job, workspaces, slack, config }) => {
  const ids = config.workspaces.map((w) => w.id);
  const found = await workspaces.listWorkspaces({ WorkspaceIds: ids, PageSize: Math.max(20, ids.length) });
  await slack.tell(job.requester, renderWorkspaceList(config.workspaces, found.Workspaces, job.requester.channelId));
};
