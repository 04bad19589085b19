// Worker side of `/pai dsw list [--status <status>] [--idle]`: every notebook of the workspace, page by page, of one
// status or all; with --idle, the Running ones that look idle (idle-notebooks.ts), answered to the requester.

import { listAllDswInstances } from '../../pai/dsw-client.js';
import { renderNotebookList } from '../../render/notebook-list.js';
import type { ActionHandler } from '../action-context.js';
import type { DswListJob } from '../action-jobs.js';
import { isIdleNotebook } from './idle-notebooks.js';

export const listNotebooks: ActionHandler<DswListJob> = async ({ job, dsw, slack, config }) => {
  const status = job.idle ? 'Running' : job.status;
  const found = await listAllDswInstances(dsw, {
    WorkspaceId: job.workspace.id,
    // Without it PAI lists only pay-as-you-go notebooks; ALL adds the subscription ones.
    ResourceId: 'ALL',
    ...(status ? { Status: status } : {}),
    SortBy: 'GmtCreateTime',
    Order: 'DESC',
  });
  const idleAfterMs = config.notebooks.idle_after;
  const notebooks = job.idle ? found.filter((i) => isIdleNotebook(i, idleAfterMs)) : found;
  await slack.tell(
    job.requester,
    renderNotebookList({
      workspace: job.workspace.name,
      ...(job.status ? { status: job.status } : {}),
      idle: job.idle,
      idleAfterMs,
      notebooks,
    }),
  );
};
