// Typed AIWorkspace 2021-02-04 calls (only what the bot reads).
import {
  WORKSPACE_VERSION,
  type ListWorkspacesQuery,
  type ListWorkspacesResponse,
} from './workspace-types.js';
import type { OpenApiTransport, QueryValue } from './openapi.js';

export interface WorkspaceClient {
  listWorkspaces(q?: ListWorkspacesQuery): Promise<ListWorkspacesResponse>;
}

export function listWorkspacesQuery(q: ListWorkspacesQuery = {}): Record<string, QueryValue> {
  const { WorkspaceIds, ...plain } = q;
  return { ...plain, WorkspaceIds: WorkspaceIds && WorkspaceIds.length > 0 ? WorkspaceIds.join(',') : undefined };
}

export function createWorkspaceClient(t: OpenApiTransport): WorkspaceClient {
  return {
    async listWorkspaces(q) {
      const r = await t.call<Partial<ListWorkspacesResponse>>({
        action: 'ListWorkspaces',
        version: WORKSPACE_VERSION,
        method: 'GET',
        pathname: '/api/v1/workspaces',
        query: listWorkspacesQuery(q),
      });
      const Workspaces = r.Workspaces ?? [];
      return { ...r, RequestId: r.RequestId ?? '', Workspaces, TotalCount: Number(r.TotalCount ?? Workspaces.length) };
    },
  };
}
