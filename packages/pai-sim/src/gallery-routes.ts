// AIWorkspace 2021-02-04 Model Gallery routes: ListModels, ListModelVersions and GetModelVersion over a fixed
// catalogue (gallery-catalogue.ts). Mounted through workspaceRoutes, as they are the same product and endpoint.

import { GALLERY_CATALOGUE, latestVersion, type GalleryEntry } from './gallery-catalogue.js';
import { labelMatches, modelFilter, modelMatches, pageOf, pageParams, tagParam } from './gallery-filters.js';
import { enumParam } from './query-params.js';
import { fail, invalidParameter, ok, type Route, type RouteReply, type RouteRequest } from './routes.js';
import type { SimWorkspace } from './types.js';
import {
  APPROVAL_STATUSES,
  GALLERY_API_VERSION,
  LIST_MODEL_VERSIONS_QUERY_KEYS,
  LIST_MODELS_QUERY_KEYS,
  MODEL_SOURCE_TYPES,
  type WireModel,
  type WireModelVersion,
} from './wire/gallery.js';

export interface GalleryContext {
  workspaces: readonly SimWorkspace[];
  /** The models the gallery lists; the fixed catalogue unless a caller builds the routes with its own. */
  gallery?: readonly GalleryEntry[];
}

/** The code is the simulator's [A]: AIWorkspace's not-found code is not documented; the bot decides on the 404. */
function modelNotFound(modelId: string): RouteReply {
  return fail(404, 'ModelNotFound', `The model ${modelId} does not exist.`);
}

function versionNotFound(modelId: string, versionName: string): RouteReply {
  return fail(404, 'ModelVersionNotFound', `The model ${modelId} has no version ${versionName}.`);
}

/** Replies are copies: a caller in the same process must not be able to change the catalogue. */
function copy<T>(value: T): T {
  return structuredClone(value);
}

function renderModel(entry: GalleryEntry): WireModel {
  const latest = latestVersion(entry);
  return { ...copy(entry.model), ...(latest ? { LatestVersion: copy(latest) } : {}) };
}

function catalogue(ctx: GalleryContext): readonly GalleryEntry[] {
  return ctx.gallery ?? GALLERY_CATALOGUE;
}

function withModel(ctx: GalleryContext, req: RouteRequest, then: (entry: GalleryEntry) => RouteReply): RouteReply {
  const modelId = req.params.ModelId ?? '';
  const entry = catalogue(ctx).find((e) => e.model.ModelId === modelId);
  return entry ? then(entry) : modelNotFound(modelId);
}

function listModels(ctx: GalleryContext, req: RouteRequest): RouteReply {
  const page = pageParams(req.query);
  if (!page.ok) return invalidParameter(page.message);
  const tags = tagParam(req.query);
  if (!tags.ok) return invalidParameter(tags.message);
  const workspaceId = req.query.WorkspaceId;
  // Only checked when the simulator was given workspaces, as EAS CreateService does.
  if (workspaceId && ctx.workspaces.length > 0 && !ctx.workspaces.some((w) => w.WorkspaceId === workspaceId)) {
    return invalidParameter(`The parameter WorkspaceId ${workspaceId} does not exist or you have no access to it.`);
  }
  const filter = modelFilter(req.query, tags.value);
  const matched = catalogue(ctx).filter((entry) => modelMatches(entry, filter));
  const byCreateTime = page.value.byCreateTime;
  const key = (e: GalleryEntry) => (byCreateTime ? (e.model.GmtCreateTime ?? '') : (e.model.OrderNumber ?? 0));
  return ok({ Models: pageOf(matched, page.value, key).map(renderModel), TotalCount: matched.length });
}

const EXACT_VERSION_FILTERS = [
  'VersionName',
  'FormatType',
  'FrameworkType',
  'SourceId',
  'ApprovalStatus',
  'SourceType',
] as const;

function versionMatches(v: WireModelVersion, q: Record<string, string>): boolean {
  for (const key of EXACT_VERSION_FILTERS) {
    if (q[key] && v[key] !== q[key]) return false;
  }
  return !q.Label || labelMatches(v.Labels, q.Label);
}

function listModelVersions(ctx: GalleryContext, req: RouteRequest): RouteReply {
  return withModel(ctx, req, (entry) => {
    const page = pageParams(req.query);
    if (!page.ok) return invalidParameter(page.message);
    const approval = enumParam(req.query, 'ApprovalStatus', APPROVAL_STATUSES);
    if (!approval.ok) return invalidParameter(approval.message);
    const source = enumParam(req.query, 'SourceType', MODEL_SOURCE_TYPES);
    if (!source.ok) return invalidParameter(source.message);
    const matched = entry.versions.filter((v) => versionMatches(v, req.query));
    // Versions have no order number: both orders are by creation time.
    const versions = pageOf(matched, page.value, (v) => v.GmtCreateTime ?? '').map(copy);
    return ok({ Versions: versions, TotalCount: matched.length });
  });
}

function getModelVersion(ctx: GalleryContext, req: RouteRequest): RouteReply {
  return withModel(ctx, req, (entry) => {
    const versionName = req.params.VersionName ?? '';
    const found = entry.versions.find((v) => v.VersionName === versionName);
    return found ? ok({ ...copy(found) }) : versionNotFound(entry.model.ModelId, versionName);
  });
}

export function galleryRoutes(ctx: GalleryContext): Route[] {
  const route = (action: string, template: string, query: readonly string[], handle: Route['handle']): Route => ({
    method: 'GET',
    template,
    action,
    version: GALLERY_API_VERSION,
    query,
    body: 'none',
    handle,
  });
  return [
    route('ListModels', '/api/v1/models', LIST_MODELS_QUERY_KEYS, (req) => listModels(ctx, req)),
    route('ListModelVersions', '/api/v1/models/{ModelId}/versions', LIST_MODEL_VERSIONS_QUERY_KEYS, (req) =>
      listModelVersions(ctx, req),
    ),
    route('GetModelVersion', '/api/v1/models/{ModelId}/versions/{VersionName}', [], (req) => getModelVersion(ctx, req)),
  ];
}
