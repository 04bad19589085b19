// Services are addressed by name alone; the bot only acts on services in workspaces it is
// configured for, and the workspace decides whether a change is allowed.

import type { WorkspaceConfig } from '../../config/file-schema.js';
import { BotError } from '../../errors/catalogue.js';
import type { EasClient } from '../../pai/eas-client.js';
import type { DescribeServiceResponse } from '../../pai/eas-types.js';
import { PaiError } from '../../pai/errors.js';

export async function findManagedService(
  eas: EasClient,
  workspaces: readonly WorkspaceConfig[],
  name: string,
  region: string,
): Promise<{ service: DescribeServiceResponse; workspace: WorkspaceConfig }> {
  let service: DescribeServiceResponse;
  try {
    service = await eas.describeService(name);
  } catch (err) {
    if (err instanceof PaiError && err.kind === 'not_found')
      throw new BotError(
        'SERVICE_NOT_FOUND',
        `There is no EAS service ${name} in ${region}. /pai eas list shows the services of a workspace.`,
      );
    throw err;
  }
  const workspace = workspaces.find((w) => w.id === service.WorkspaceId);
  if (!workspace)
    throw new BotError(
      'SERVICE_NOT_FOUND',
      `EAS service ${name} is in PAI workspace ${service.WorkspaceId ?? '(none)'}, which this bot is not configured for. /pai ws lists the workspaces it manages.`,
    );
  return { service, workspace };
}
