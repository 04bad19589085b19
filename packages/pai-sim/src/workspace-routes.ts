// AIWorkspace 2021-02-04 routes: ListWorkspaces, which the bot uses to tell prod workspaces (EnvTypes) apart, and the
// Model Gallery reads (gallery-routes.ts), which share the product's version and endpoint.

import type { GalleryEntry } from './gallery-catalogue.js';
import { galleryRoutes } from './gallery-routes.js';
import { enumParam, intParam, listParam, strictBool } from './query-params.js';
import { invalidParameter, ok, type Route, type RouteReply, type RouteRequest } from './routes.js';
import type { SimWorkspace } from './types.js';
import {
  LIST_WORKSPACES_QUERY_KEYS,
  WORKSPACE_API_VERSION,
  WORKSPACE_OPTIONS,
  WORKSPACE_ORDER,
  WORKSPACE_SORT_BY,
  WORKSPACE_STATUSES,
  type WireWorkspace,
} from './wire/workspace.js';

export interface WorkspaceContext {
  workspaces: readonly SimWorkspace[];
  /** Shown as GmtCreateTime; the simulator's start keeps it stable across calls. */
  createdAt: number;
  /** The Model Gallery's models; the fixed catalogue (gallery-catalogue.ts) when absent. */
  gallery?: readonly GalleryEntry[];
}

/**
 * A workspace configured without EnvTypes is shown as a standard workspace, ["dev","prod"], so only workspaces
 * explicitly
 * configured as ["prod"] (a basic workspace) look production-only, which is what test and sandbox setups expect.
 */
export function renderWorkspace(ws: SimWorkspace, index: number, createdAt: number): WireWorkspace {
  return {
    WorkspaceId: ws.WorkspaceId,
    WorkspaceName: ws.WorkspaceName,
    Description: '',
    EnvTypes: ws.EnvTypes ?? ['dev', 'prod'],
    Status: 'ENABLED',
    IsDefault: index === 0,
    Creator: '1000000000000000',
    AdminNames: [],
    // The SDK documents yyyy-MM-ddTHH:mm:ss.SSSZ here (with milliseconds, unlike DLC's times).
    GmtCreateTime: new Date(createdAt).toISOString(),
  };
}

function listWorkspaces(ctx: WorkspaceContext, req: RouteRequest): RouteReply {
  const pageNumber = intParam(req.query, 'PageNumber', { default: 1, min: 1 });
  if (!pageNumber.ok) return invalidParameter(pageNumber.message);
  const pageSize = intParam(req.query, 'PageSize', { default: 20, min: 1, max: 100 });
  if (!pageSize.ok) return invalidParameter(pageSize.message);
  for (const [key, allowed] of [
    ['Order', WORKSPACE_ORDER],
    ['SortBy', WORKSPACE_SORT_BY],
  ] as const) {
    const checked = enumParam(req.query, key, allowed);
    if (!checked.ok) return invalidParameter(checked.message);
  }
  const option = enumParam(req.query, 'Option', WORKSPACE_OPTIONS);
  if (!option.ok) return invalidParameter(option.message);
  // GetResourceLimits answers ResourceLimits instead of Workspaces; nothing in the bot asks for it.
  if (option.value === 'GetResourceLimits')
    return invalidParameter('The simulator does not implement Option=GetResourceLimits.');
  const statusParam = enumParam(req.query, 'Status', WORKSPACE_STATUSES);
  if (!statusParam.ok) return invalidParameter(statusParam.message);
  const verbose = strictBool(req.query, 'Verbose', false);
  if (!verbose.ok) return invalidParameter(verbose.message);
  const ids = listParam(req.query, 'WorkspaceIds');
  const name = req.query.WorkspaceName?.toLowerCase();
  const status = statusParam.value;
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
    {
      method: 'GET',
      template: '/api/v1/workspaces',
      action: 'ListWorkspaces',
      version: WORKSPACE_API_VERSION,
      query: LIST_WORKSPACES_QUERY_KEYS,
      body: 'none',
      handle: (req) => listWorkspaces(ctx, req),
    },
    ...galleryRoutes(ctx),
  ];
}
