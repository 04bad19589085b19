// Notebooks are addressed by instance id within the command's workspace (-w, else the channel's default): one of
// another workspace is refused, naming where it is, so a dev channel cannot stop a prod notebook without -w prod
// (and, there, an approval).

import type { WorkspaceConfig } from '../../config/file-schema.js';
import { BotError } from '../../errors/catalogue.js';
import type { DswClient } from '../../pai/dsw-client.js';
import type { GetInstanceResponse } from '../../pai/dsw-types.js';
import { PaiError } from '../../pai/errors.js';
import type { WorkspaceRef } from '../action-jobs.js';
import type { NotebookView } from '../change-context.js';

export async function findNotebook(
  dsw: Pick<DswClient, 'getInstance'>,
  workspaces: readonly WorkspaceConfig[],
  workspace: WorkspaceRef,
  instanceId: string,
): Promise<GetInstanceResponse> {
  let instance: GetInstanceResponse;
  try {
    instance = await dsw.getInstance(instanceId);
  } catch (err) {
    if (err instanceof PaiError && err.kind === 'not_found')
      throw new BotError(
        'NOTEBOOK_NOT_FOUND',
        `There is no DSW notebook ${instanceId}. /pai dsw list -w ${workspace.name} shows the notebooks of workspace ${workspace.name}.`,
      );
    throw err;
  }
  if (instance.WorkspaceId === workspace.id) return instance;
  const owner = workspaces.find((w) => w.id === instance.WorkspaceId);
  const where = owner
    ? `workspace ${owner.name}, not ${workspace.name}: add -w ${owner.name} to act on it there`
    : `PAI workspace ${instance.WorkspaceId ?? '(unknown)'}, which this bot is not configured for (/pai ws lists the workspaces it manages)`;
  throw new BotError('NOTEBOOK_OTHER_WORKSPACE', `Notebook ${instanceId} is in ${where}. Nothing was done to it.`);
}

/** What the gate keeps of a notebook (change-context.ts NotebookView): no URL or token travels into Redis. */
export function notebookView(i: GetInstanceResponse): NotebookView {
  return {
    InstanceId: i.InstanceId,
    Status: i.Status,
    ...(i.InstanceName !== undefined ? { InstanceName: i.InstanceName } : {}),
    ...(i.WorkspaceId !== undefined ? { WorkspaceId: i.WorkspaceId } : {}),
    ...(i.EcsSpec !== undefined ? { EcsSpec: i.EcsSpec } : {}),
    ...(i.AcceleratorType !== undefined ? { AcceleratorType: i.AcceleratorType } : {}),
    ...(i.AccumulatedRunningTimeInMs !== undefined ? { AccumulatedRunningTimeInMs: i.AccumulatedRunningTimeInMs } : {}),
    ...(i.IdleInstanceCuller !== undefined ? { IdleInstanceCuller: { ...i.IdleInstanceCuller } } : {}),
    ...(i.ReasonCode !== undefined ? { ReasonCode: i.ReasonCode } : {}),
    ...(i.ReasonMessage !== undefined ? { ReasonMessage: i.ReasonMessage } : {}),
  };
}
