// Typed PAI-DSW 2022-01-01 calls (notebook instances). Bodies and responses use the wire names from dsw-types.ts; this
// file only knows paths, query encoding, which arrays PAI may omit, and DSW's in-body failure flag.
import {
  DSW_VERSION,
  type CreateIdleInstanceCullerRequest,
  type DswActionResponse,
  type DswInstance,
  type GetIdleInstanceCullerResponse,
  type GetInstanceMetricsQuery,
  type GetInstanceMetricsResponse,
  type GetInstanceResponse,
  type ListEcsSpecsQuery,
  type ListEcsSpecsResponse,
  type ListInstancesQuery,
  type ListInstancesResponse,
} from './dsw-types.js';
import { PaiError, toPaiError } from './errors.js';
import type { HttpMethod, OpenApiTransport, QueryValue } from './openapi.js';

export interface DswClient {
  listInstances(q?: ListInstancesQuery): Promise<ListInstancesResponse>;
  getInstance(instanceId: string): Promise<GetInstanceResponse>;
  /** SaveImage=true saves the environment as an image while stopping (the instance then passes through Saving). */
  stopInstance(instanceId: string, opts?: { saveImage?: boolean }): Promise<DswActionResponse>;
  startInstance(instanceId: string): Promise<DswActionResponse>;
  /** One policy per instance: PAI refuses a second one until DeleteIdleInstanceCuller removed the first. */
  createIdleCuller(instanceId: string, req: CreateIdleInstanceCullerRequest): Promise<DswActionResponse>;
  getIdleCuller(instanceId: string): Promise<GetIdleInstanceCullerResponse>;
  deleteIdleCuller(instanceId: string): Promise<DswActionResponse>;
  getInstanceMetrics(instanceId: string, q: GetInstanceMetricsQuery): Promise<GetInstanceMetricsResponse>;
  listEcsSpecs(q: ListEcsSpecsQuery): Promise<ListEcsSpecsResponse>;
}

/** The region's public DSW endpoint (the form of the SDK's endpoint list, e.g. pai-dsw.cn-shanghai.aliyuncs.com). */
export function defaultDswEndpoint(region: string): string {
  // Trimmed like the other products' endpoints: a region key once shipped with a trailing TAB.
  return `pai-dsw.${region.trim()}.aliyuncs.com`;
}

/** `/api/v2/instances/{InstanceId}`; GetInstanceMetrics alone lives under the singular `/api/v2/instance/`. */
export function instancePath(instanceId: string, collection: 'instances' | 'instance' = 'instances'): string {
  return `/api/v2/${collection}/${encodeURIComponent(instanceId)}`;
}

/** A time in the SDK's documented form, 2020-11-08T15:00:00Z: UTC, whole seconds (toISOString()'s ms dropped). */
export function dswTime(t: string | number): string {
  const ms = typeof t === 'number' ? t : Date.parse(t);
  if (!Number.isFinite(ms)) throw new RangeError(`dswTime: not a valid time: ${t}`);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

type Body = Record<string, unknown>;

/**
 * DSW's response models carry Success, Code (InternalError | ValidationError), Message and HttpStatusCode (400, 404).
 * An error normally arrives as an HTTP error; should one arrive as a 200 with Success=false, it is raised the same way,
 * so a failed stop is never read as a stop.
 */
function failureIn(action: string, body: Body): PaiError | undefined {
  if (body.Success !== false) return undefined;
  const code = typeof body.Code === 'string' ? body.Code : undefined;
  const echoed = typeof body.HttpStatusCode === 'number' ? body.HttpStatusCode : undefined;
  const status = echoed ?? (code === 'ValidationError' ? 400 : undefined);
  const message = typeof body.Message === 'string' && body.Message ? body.Message : `${action} answered Success=false`;
  return toPaiError({ name: 'DswFailure', message, code, statusCode: status, data: body }, action);
}

const num = (v: unknown, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : Number(v ?? fallback);

export function createDswClient(t: OpenApiTransport): DswClient {
  const call = async <T>(
    action: string,
    method: HttpMethod,
    pathname: string,
    extra: { query?: Record<string, QueryValue>; body?: unknown } = {},
  ): Promise<T & Body> => {
    const body = await t.call<T & Body>({ action, version: DSW_VERSION, method, pathname, ...extra });
    const failed = failureIn(action, body);
    if (failed) throw failed;
    return body;
  };

  // An empty or dot-segment id would address the collection or its parent (`/api/v2/instances/`), never one notebook.
  const forInstance = (action: string, instanceId: string): void => {
    if (!instanceId.trim() || instanceId === '.' || instanceId === '..') {
      throw new PaiError({ kind: 'invalid', action, detail: `invalid DSW instance id "${instanceId}"` });
    }
  };
  interface InstanceCall {
    action: string;
    method: HttpMethod;
    instanceId: string;
    suffix?: string;
    query?: Record<string, QueryValue>;
    body?: unknown;
  }
  const onInstance = async <T>(req: InstanceCall): Promise<T & Body> => {
    const { action, method, instanceId, suffix = '', ...extra } = req;
    forInstance(action, instanceId);
    return call<T>(action, method, `${instancePath(instanceId)}${suffix}`, extra);
  };
  const acted = async (req: InstanceCall): Promise<DswActionResponse> => {
    const r = await onInstance<Partial<DswActionResponse>>(req);
    return { ...r, RequestId: r.RequestId ?? '', InstanceId: r.InstanceId ?? req.instanceId };
  };
  const culler = '/idleinstanceculler';

  return {
    async listInstances(q = {}) {
      const query = { ...q };
      const r = await call<Partial<ListInstancesResponse>>('ListInstances', 'GET', '/api/v2/instances', { query });
      const Instances = (r.Instances ?? []) as DswInstance[];
      return { ...r, RequestId: r.RequestId ?? '', Instances, TotalCount: num(r.TotalCount, Instances.length) };
    },

    async getInstance(instanceId) {
      const r = await onInstance<Partial<GetInstanceResponse>>({ action: 'GetInstance', method: 'GET', instanceId });
      return { ...r, RequestId: r.RequestId ?? '', InstanceId: r.InstanceId ?? instanceId, Status: r.Status ?? '' };
    },

    stopInstance: (instanceId, opts = {}) => {
      const query = { SaveImage: opts.saveImage };
      return acted({ action: 'StopInstance', method: 'PUT', instanceId, suffix: '/stop', query });
    },

    startInstance: (instanceId) => acted({ action: 'StartInstance', method: 'PUT', instanceId, suffix: '/start' }),

    createIdleCuller: (instanceId, req) =>
      acted({ action: 'CreateIdleInstanceCuller', method: 'POST', instanceId, suffix: culler, body: { ...req } }),

    async getIdleCuller(instanceId) {
      const r = await onInstance<Partial<GetIdleInstanceCullerResponse>>({
        action: 'GetIdleInstanceCuller',
        method: 'GET',
        instanceId,
        suffix: culler,
      });
      return { ...r, RequestId: r.RequestId ?? '' };
    },

    deleteIdleCuller: (instanceId) =>
      acted({ action: 'DeleteIdleInstanceCuller', method: 'DELETE', instanceId, suffix: culler }),

    async getInstanceMetrics(instanceId, q) {
      forInstance('GetInstanceMetrics', instanceId);
      const query = {
        MetricType: q.MetricType,
        StartTime: q.StartTime === undefined ? undefined : dswTime(q.StartTime),
        EndTime: q.EndTime === undefined ? undefined : dswTime(q.EndTime),
        TimeStep: q.TimeStep,
      };
      const path = `${instancePath(instanceId, 'instance')}/metrics`;
      const r = await call<Partial<GetInstanceMetricsResponse>>('GetInstanceMetrics', 'GET', path, { query });
      const PodMetrics = (r.PodMetrics ?? []).map((p) => ({ ...p, Metrics: p.Metrics ?? [] }));
      return { ...r, RequestId: r.RequestId ?? '', PodMetrics };
    },

    async listEcsSpecs(q) {
      const query = { ...q };
      const r = await call<Partial<ListEcsSpecsResponse>>('ListEcsSpecs', 'GET', '/api/v2/ecsspecs', { query });
      const EcsSpecs = r.EcsSpecs ?? [];
      return { ...r, RequestId: r.RequestId ?? '', EcsSpecs, TotalCount: num(r.TotalCount, EcsSpecs.length) };
    },
  };
}

export const DSW_LIST_PAGE_SIZE = 100;
export const DSW_LIST_MAX_PAGES = 20;

/**
 * Every instance matching `q`, page by page (PageSize 100, at most 20 pages: 2000 notebooks in one workspace is far
 * beyond any team this bot serves, and a listing that never ends must not hold a worker). Stops at TotalCount or at
 * the first short page, whichever comes first.
 */
export async function listAllDswInstances(
  dsw: DswClient,
  q: Omit<ListInstancesQuery, 'PageNumber' | 'PageSize'> = {},
): Promise<DswInstance[]> {
  const all: DswInstance[] = [];
  for (let page = 1; page <= DSW_LIST_MAX_PAGES; page++) {
    const r = await dsw.listInstances({ ...q, PageNumber: page, PageSize: DSW_LIST_PAGE_SIZE });
    all.push(...r.Instances);
    if (r.Instances.length < DSW_LIST_PAGE_SIZE || all.length >= r.TotalCount) break;
  }
  return all;
}
