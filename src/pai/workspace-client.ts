// Typed AIWorkspace 2021-02-04 calls (only what the bot reads): the workspace listing, and the Model Gallery reads a
// gallery deploy starts from (a catalogue listing, a model's versions, one version with its InferenceSpec).
import {
  WORKSPACE_VERSION,
  type GetModelVersionResponse,
  type ListModelVersionsQuery,
  type ListModelVersionsResponse,
  type ListModelsQuery,
  type ListModelsResponse,
  type ListWorkspacesQuery,
  type ListWorkspacesResponse,
} from './workspace-types.js';
import { PaiError } from './errors.js';
import type { OpenApiTransport, QueryValue } from './openapi.js';

export interface WorkspaceClient {
  listWorkspaces(q?: ListWorkspacesQuery): Promise<ListWorkspacesResponse>;
  /** Without `Provider`, PAI lists only the caller's own models; the gallery is Provider=pai (GALLERY_PROVIDER). */
  listModels(q?: ListModelsQuery): Promise<ListModelsResponse>;
  listModelVersions(modelId: string, q?: ListModelVersionsQuery): Promise<ListModelVersionsResponse>;
  getModelVersion(modelId: string, versionName: string): Promise<GetModelVersionResponse>;
}

export function listWorkspacesQuery(q: ListWorkspacesQuery = {}): Record<string, QueryValue> {
  const { WorkspaceIds, ...plain } = q;
  return { ...plain, WorkspaceIds: WorkspaceIds && WorkspaceIds.length > 0 ? WorkspaceIds.join(',') : undefined };
}

/** Collections go comma-separated and Tag as JSON text, as the generated SDK sends them; empty ones are left out. */
export function listModelsQuery(q: ListModelsQuery = {}): Record<string, QueryValue> {
  const { Collections, Tag, ...plain } = q;
  return {
    ...plain,
    Collections: Collections && Collections.length > 0 ? Collections.join(',') : undefined,
    Tag: Tag && Tag.length > 0 ? JSON.stringify(Tag) : undefined,
  };
}

/**
 * `/api/v1/models/{ModelId}[/versions/{VersionName}]`, each segment percent-encoded. An empty or dot segment would
 * address another resource (the listing, or the parent path), so it is refused before anything is sent.
 */
export function modelPath(action: string, modelId: string, versionName?: string): string {
  for (const [what, value] of [
    ['model id', modelId],
    ['model version', versionName],
  ] as const) {
    if (value === undefined) continue;
    if (!value.trim() || value === '.' || value === '..') {
      throw new PaiError({ kind: 'invalid', action, detail: `invalid ${what} "${value}"` });
    }
  }
  const model = `/api/v1/models/${encodeURIComponent(modelId)}`;
  return versionName === undefined ? model : `${model}/versions/${encodeURIComponent(versionName)}`;
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

    async listModels(q) {
      const r = await t.call<Partial<ListModelsResponse>>({
        action: 'ListModels',
        version: WORKSPACE_VERSION,
        method: 'GET',
        pathname: '/api/v1/models',
        query: listModelsQuery(q),
      });
      const Models = r.Models ?? [];
      return { ...r, RequestId: r.RequestId ?? '', Models, TotalCount: Number(r.TotalCount ?? Models.length) };
    },

    async listModelVersions(modelId, q = {}) {
      const r = await t.call<Partial<ListModelVersionsResponse>>({
        action: 'ListModelVersions',
        version: WORKSPACE_VERSION,
        method: 'GET',
        pathname: `${modelPath('ListModelVersions', modelId)}/versions`,
        query: { ...q },
      });
      const Versions = r.Versions ?? [];
      return { ...r, RequestId: r.RequestId ?? '', Versions, TotalCount: Number(r.TotalCount ?? Versions.length) };
    },

    async getModelVersion(modelId, versionName) {
      const r = await t.call<Partial<GetModelVersionResponse>>({
        action: 'GetModelVersion',
        version: WORKSPACE_VERSION,
        method: 'GET',
        pathname: modelPath('GetModelVersion', modelId, versionName),
      });
      // The spec is returned as PAI sent it (every key kept): a deploy passes it on to CreateService.
      return { ...r, RequestId: r.RequestId ?? '', VersionName: r.VersionName ?? versionName };
    },
  };
}
