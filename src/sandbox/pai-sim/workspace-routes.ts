// AIWorkspace 2021-02-04 routes: only ListWorkspaces, which the bot uses to tell prod workspaces (EnvTypes) apart.

import { WORKSPACE_VERSION, type Workspace } from '../../pai/workspace-types.js';
import { intParam, listParam } from './query-params.js';
import { invalidParameter, ok, type Route, type RouteReply, type RouteRequest } from './routes.js';
import { isoSeconds } from './time-format.js';
import type { SimWorkspace } from './types.js';

export interface WorkspaceContext {
  workspaces: readonly SimWorkspace[];
  /** Shown as GmtCreateTime; the simulator's start keeps it stable across calls. */
  createdAt: number;
}

/**
 * A workspace configured without EnvTypes is shown as a standard workspace, ["dev","prod"], so only workspaces explicitly
 * configured as ["prod"] (a basic workspace) look production-only, which is what test and sandbox setups expect.
 */
export function renderWorkspace(ws: SimWorkspace, index: number, createdAt: number): Workspace & { AdminNames: string[] } {
  return {
    WorkspaceId: ws.WorkspaceId,
    WorkspaceName: ws.WorkspaceName,
    Description: '',
    EnvTypes: ws.EnvTypes ?? ['dev', 'prod'],
    Status: 'ENABLED',
    IsDefault: index === 0,
    Creator: '1000000000000000',
    AdminNames: [],
    GmtCreateTime: isoSeconds(createdAt),
  };
}

function listWorkspaces(ctx: WorkspaceContext, req: RouteRequest): RouteReply {
  const pageNumber = intParam(req.query, 'PageNumber', { default: 1, min: 1 });
  if (!pageNumber.ok) return invalidParameter(pageNumber.message);
  const pageSize = intParam(req.query, 'PageSize', { default: 20, min: 1, max: 100 });
  if (!pageSize.ok) return invalidParameter(pageSize.message);
  const ids = listParam(req.query, 'WorkspaceIds');
  const name = req.query.WorkspaceName?.toLowerCase();
  const status = req.query.Status;
  const matched = ctx.workspaces
    .map((ws, i) => renderWorkspace(ws, i, ctx.createdAt))
    .filter((ws) => ids === undefined || ids.includes(ws.WorkspaceId))
    .filter((ws) => !name || ws.WorkspaceName.toLowerCase().includes(name))
    .filter((ws) => !status || ws.Status === status);
  const from = (pageNumber.value - 1) * pageSize.value;
  return ok({ Workspaces: matched.slice(from, from + pageSize.value), TotalCount: matched.length });
}

export function workspaceRoutes(ctx: WorkspaceContext): Route[] {
  return [
    { method: 'GET', template: '/api/v1/workspaces', action: 'ListWorkspaces', version: WORKSPACE_VERSION, handle: (req) => listWorkspaces(ctx, req) },
  ];
}
