// Who may change what. Pure, shared by the listener (before queueing) and by workers that learn a
// job's workspace only from PAI (dlc stop addresses a job by id alone).

import type { WorkspaceConfig } from '../config/file-schema.js';

/** Why this user may not make a change in this workspace, or undefined when they may. */
export function changeRefusal(ws: WorkspaceConfig, userId: string): string | undefined {
  if (ws.env === 'prod') {
    // The approval gate is not built yet; a prod change must never run on one person's say-so.
    return `Workspace ${ws.name} is prod: changes there need ${ws.approvals_required} approval(s), and this version of the bot does not offer approvals yet.`;
  }
  if (ws.operators && !ws.operators.includes(userId)) {
    return `Only the operators of workspace ${ws.name} may make changes there (listed under operators: in the bot's config).`;
  }
  return undefined;
}
