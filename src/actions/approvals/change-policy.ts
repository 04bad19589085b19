// Who may ask for a change. Prod workspaces additionally need approvals (request-approval.ts);
// this rule applies everywhere: `operators`, when set, limit who may ask at all.

import type { WorkspaceConfig } from '../../config/file-schema.js';
import type { Directory } from './approver-directory.js';

/** Why this user may not change anything in this workspace, or undefined when they may. */
export async function operatorRefusal(
  ws: WorkspaceConfig,
  userId: string,
  directory: Directory,
): Promise<string | undefined> {
  if (!ws.operators || (await directory.includes(ws.operators, userId))) return undefined;
  return `Only the operators of workspace ${ws.name} may make changes there (listed under operators: in the bot's config).`;
}
