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

/**
 * Which of `workspaces` this user may make changes in, by the same rule, each answered within `timeoutMs`: a workspace
 * whose check is not answered in time (a slow user-group lookup) is left out, failing closed as the typed command does;
 * `unchecked` counts those.
 */
export async function workspacesOpenTo<W extends WorkspaceConfig>(
  workspaces: readonly W[],
  userId: string,
  directory: Directory,
  timeoutMs: number,
): Promise<{ open: W[]; unchecked: number }> {
  const verdicts = await Promise.all(
    workspaces.map((ws) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
      const check = operatorRefusal(ws, userId, directory).then(
        (refusal) => (refusal === undefined ? 'open' : 'closed'),
        () => 'late' as const,
      );
      return Promise.race([check, late]).finally(() => clearTimeout(timer));
    }),
  );
  return {
    open: workspaces.filter((_, i) => verdicts[i] === 'open'),
    unchecked: verdicts.filter((v) => v === 'late').length,
  };
}
