// Jobs are addressed by id alone; the bot only acts on jobs in workspaces it is configured for,
// and the workspace decides whether a change needs approval.

import type { WorkspaceConfig } from '../../config/file-schema.js';
import { BotError } from '../../errors/catalogue.js';
import type { DlcClient } from '../../pai/dlc-client.js';
import type { GetJobResponse } from '../../pai/dlc-types.js';
import { PaiError } from '../../pai/errors.js';

export async function findManagedJob(
  dlc: DlcClient,
  workspaces: readonly WorkspaceConfig[],
  jobId: string,
): Promise<{ job: GetJobResponse; workspace: WorkspaceConfig }> {
  let job: GetJobResponse;
  try {
    job = await dlc.getJob(jobId);
  } catch (err) {
    if (err instanceof PaiError && err.kind === 'not_found')
      throw new BotError('JOB_NOT_FOUND', `There is no DLC job ${jobId}. Check the id with /pai dlc list.`);
    throw err;
  }
  const workspace = workspaces.find((w) => w.id === job.WorkspaceId);
  if (!workspace)
    throw new BotError(
      'JOB_NOT_FOUND',
      `Job ${jobId} is in PAI workspace ${job.WorkspaceId ?? '(unknown)'}, which this bot is not configured for. /pai ws lists the workspaces it manages.`,
    );
  return { job, workspace };
}
