// Worker side of `/pai dsw status <instance-id>`: one notebook of the command's workspace, answered to the requester.

import { renderNotebookStatus } from '../../render/notebook-status.js';
import type { ActionHandler } from '../action-context.js';
import type { DswStatusJob } from '../action-jobs.js';
import { findNotebook } from './find-notebook.js';

export const notebookStatus: ActionHandler<DswStatusJob> = async ({ job, dsw, slack, config }) => {
  const instance = await findNotebook(dsw, config.workspaces, job.workspace, job.instanceId);
  await slack.tell(job.requester, renderNotebookStatus(instance, job.workspace.name));
};
