// Typed PAI-EAS 2021-07-01 calls. Bodies and responses use the wire names from eas-types.ts (PascalCase, except the
// service config, which is snake/dotted JSON text, and the autoscaler body, which is lower-case); this file only
// knows paths, query encoding, which bodies go as raw JSON text, and which arrays PAI may omit.
import {
  EAS_VERSION,
  type AutoScalerRequest,
  type CreateServiceResponse,
  type DescribeMachineSpecResponse,
  type DescribeServiceAutoScalerResponse,
  type DescribeServiceDiagnosisResponse,
  type DescribeServiceEventQuery,
  type DescribeServiceEventResponse,
  type DescribeServiceResponse,
  type ListServiceInstancesResponse,
  type ListServicesQuery,
  type ListServicesResponse,
  type MessageResponse,
  type ReleaseServiceRequest,
  type ScaleServiceRequest,
  type ServiceConfig,
  type SpecServiceConfig,
} from './eas-types.js';
import { PaiError } from './errors.js';
import type { HttpMethod, OpenApiTransport, QueryValue } from './openapi.js';

export interface ListServiceInstancesQuery {
  InstanceStatus?: string;
  PageNumber?: number;
  PageSize?: number; // default 100
}

export interface EasClient {
  /** `labels` become the service's labels (CreateService's `Labels` query, a JSON object as the SDK sends it). */
  createService(
    config: ServiceConfig | SpecServiceConfig,
    opts: { workspaceId?: string; labels?: Record<string, string> },
  ): Promise<CreateServiceResponse>;
  describeService(name: string): Promise<DescribeServiceResponse>;
  listServices(q?: ListServicesQuery): Promise<ListServicesResponse>;
  /** UpdateType=merge: only the keys present in `partialConfig` change. */
  updateService(name: string, partialConfig: Record<string, unknown>): Promise<MessageResponse>;
  scaleService(name: string, instances: number): Promise<MessageResponse>;
  createAutoScaler(name: string, req: AutoScalerRequest): Promise<MessageResponse>;
  updateAutoScaler(name: string, req: AutoScalerRequest): Promise<MessageResponse>;
  describeAutoScaler(name: string): Promise<DescribeServiceAutoScalerResponse>;
  startService(name: string): Promise<MessageResponse>;
  stopService(name: string): Promise<MessageResponse>;
  restartService(name: string): Promise<MessageResponse>;
  deleteService(name: string): Promise<MessageResponse>;
  releaseService(name: string, req: ReleaseServiceRequest): Promise<MessageResponse>;
  describeServiceEvents(name: string, q?: DescribeServiceEventQuery): Promise<DescribeServiceEventResponse>;
  listServiceInstances(name: string, q?: ListServiceInstancesQuery): Promise<ListServiceInstancesResponse>;
  describeServiceDiagnosis(name: string): Promise<DescribeServiceDiagnosisResponse>;
  /** The instance types EAS can deploy on (the shared resource group's), for the deploy form's menu. */
  describeMachineSpec(): Promise<DescribeMachineSpecResponse>;
}

export interface EasClientOptions {
  /** The `{ClusterId}` path segment of every per-service call is the region id, e.g. 'cn-shanghai'. */
  region: string;
  /** CreateService and UpdateService validate and schedule synchronously; the transport default (10 s) is too short. */
  writeTimeoutMs?: number;
}

export const DEFAULT_SERVICE_WRITE_TIMEOUT_MS = 30_000;

/** `/api/v2/services/{ClusterId}/{ServiceName}` with both segments percent-encoded. */
export function servicePath(region: string, name: string): string {
  return `/api/v2/services/${encodeURIComponent(region)}/${encodeURIComponent(name)}`;
}

/**
 * ListServices wants the Label map as a JSON string (as the generated SDK sends it). IncludeNoWorkspace defaults to
 * true on the EAS side ("whether to include services that do not belong to any workspace"), so a listing filtered by
 * WorkspaceId also sends IncludeNoWorkspace=false unless the caller asks otherwise: a service of no workspace is not
 * the workspace's, and must not be adopted, alerted on or listed as if it were.
 */
export function listServicesQuery(q: ListServicesQuery = {}): Record<string, QueryValue> {
  const { Label, IncludeNoWorkspace, ...plain } = q;
  return {
    ...plain,
    // An empty map would become Label={} (a no-op filter at best); omit it instead.
    Label: Label && Object.keys(Label).length > 0 ? JSON.stringify(Label) : undefined,
    IncludeNoWorkspace: IncludeNoWorkspace ?? (q.WorkspaceId ? false : undefined),
  };
}

/** DescribeServiceEvent's StartTime/EndTime format: Go's '2006-01-02 15:04:05', in UTC, whole seconds. */
export function eventTimeParam(epochMs: number): string {
  const d = new Date(epochMs);
  if (!Number.isFinite(d.getTime())) throw new RangeError(`eventTimeParam: not a valid time: ${epochMs}`);
  // toISOString is always UTC 'YYYY-MM-DDTHH:mm:ss.sssZ' for years 0000-9999.
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

export function createEasClient(t: OpenApiTransport, opts: EasClientOptions): EasClient {
  const region = opts.region.trim();
  // A startup configuration bug, not a PAI failure (same as a malformed endpoint).
  if (!region) throw new Error('EAS client needs a region (the {ClusterId} path segment)');
  const writeTimeoutMs = opts.writeTimeoutMs ?? DEFAULT_SERVICE_WRITE_TIMEOUT_MS;

  const call = <T>(
    action: string,
    method: HttpMethod,
    pathname: string,
    extra: { query?: Record<string, QueryValue>; body?: unknown; timeoutMs?: number } = {},
  ): Promise<T> => t.call<T>({ action, version: EAS_VERSION, method, pathname, ...extra });

  // An empty or dot-segment name would address a different resource (`…/services/{region}/` or the parent path),
  // which for DeleteService is dangerous; refuse before anything is sent.
  const svc = async <T>(
    action: string,
    method: HttpMethod,
    name: string,
    suffix = '',
    extra: { query?: Record<string, QueryValue>; body?: unknown; timeoutMs?: number } = {},
  ): Promise<T> => {
    if (!name.trim() || name === '.' || name === '..') {
      throw new PaiError({ kind: 'invalid', action, detail: `invalid EAS service name "${name}"` });
    }
    return call<T>(action, method, `${servicePath(region, name)}${suffix}`, extra);
  };

  return {
    createService: (config, o) =>
      call<CreateServiceResponse>('CreateService', 'POST', '/api/v2/services', {
        query: {
          WorkspaceId: o.workspaceId || undefined,
          // The SDK sends the map as JSON text (arrayToStringWithSpecifiedStyle(…, 'json')); an empty one is left out.
          Labels: o.labels && Object.keys(o.labels).length > 0 ? JSON.stringify(o.labels) : undefined,
        },
        // A string body is sent verbatim: EAS takes the service config as JSON text.
        body: JSON.stringify(config),
        timeoutMs: writeTimeoutMs,
      }),

    describeService: (name) => svc<DescribeServiceResponse>('DescribeService', 'GET', name),

    async listServices(q) {
      const r = await call<Partial<ListServicesResponse>>('ListServices', 'GET', '/api/v2/services', {
        query: listServicesQuery(q),
      });
      const Services = r.Services ?? [];
      return { ...r, RequestId: r.RequestId ?? '', Services, TotalCount: Number(r.TotalCount ?? Services.length) };
    },

    updateService: (name, partialConfig) =>
      svc<MessageResponse>('UpdateService', 'PUT', name, '', {
        query: { UpdateType: 'merge' },
        body: JSON.stringify(partialConfig),
        timeoutMs: writeTimeoutMs,
      }),

    scaleService: (name, instances) => {
      const body: ScaleServiceRequest = { Instance: instances };
      return svc<MessageResponse>('ScaleService', 'PUT', name, '/scale', { body });
    },

    // The autoscaler body keys are lower-case on the wire (min, max, scaleStrategies); AutoScalerRequest already is.
    createAutoScaler: (name, req) =>
      svc<MessageResponse>('CreateServiceAutoScaler', 'POST', name, '/autoscaler', { body: req }),

    updateAutoScaler: (name, req) =>
      svc<MessageResponse>('UpdateServiceAutoScaler', 'PUT', name, '/autoscaler', { body: req }),

    // The SDK's DescribeServiceAutoScaler model spells metric names QPS / CPU (its @example and remarks) where the
    // request side spells them qps / cpu; lower-case them so readers can compare with what the bot sends.
    async describeAutoScaler(name) {
      const r = await svc<DescribeServiceAutoScalerResponse>('DescribeServiceAutoScaler', 'GET', name, '/autoscaler');
      const lower = <T extends { metricName: string }>(xs: T[] | undefined): T[] | undefined =>
        xs?.map((x) => (typeof x.metricName === 'string' ? { ...x, metricName: x.metricName.toLowerCase() } : x));
      const ScaleStrategies = lower(r.ScaleStrategies);
      const CurrentMetrics = lower(r.CurrentMetrics);
      return { ...r, ...(ScaleStrategies ? { ScaleStrategies } : {}), ...(CurrentMetrics ? { CurrentMetrics } : {}) };
    },

    startService: (name) => svc<MessageResponse>('StartService', 'PUT', name, '/start'),
    stopService: (name) => svc<MessageResponse>('StopService', 'PUT', name, '/stop'),
    restartService: (name) => svc<MessageResponse>('RestartService', 'PUT', name, '/restart'),

    deleteService: (name) => svc<MessageResponse>('DeleteService', 'DELETE', name),

    releaseService: (name, req) => svc<MessageResponse>('ReleaseService', 'PUT', name, '/release', { body: req }),

    async describeServiceEvents(name, q) {
      const r = await svc<Partial<DescribeServiceEventResponse>>('DescribeServiceEvent', 'GET', name, '/events', {
        query: { ...q },
      });
      return { ...r, RequestId: r.RequestId ?? '', Events: r.Events ?? [] };
    },

    async listServiceInstances(name, q) {
      const r = await svc<Partial<ListServiceInstancesResponse>>('ListServiceInstances', 'GET', name, '/instances', {
        query: { ...q },
      });
      return { ...r, RequestId: r.RequestId ?? '', Instances: r.Instances ?? [] };
    },

    async describeServiceDiagnosis(name) {
      const r = await svc<Partial<DescribeServiceDiagnosisResponse>>(
        'DescribeServiceDiagnosis',
        'GET',
        name,
        '/diagnosis',
      );
      const DiagnosisList = (r.DiagnosisList ?? []).map((d) => ({
        ...d,
        Causes: d.Causes ?? [],
        Advices: d.Advices ?? [],
      }));
      return { ...r, RequestId: r.RequestId ?? '', DiagnosisList };
    },

    // The SDK's only query key, InstanceTypes, is deprecated: the whole list is asked for. An item without a type name
    // is of no use to a menu and is dropped here.
    async describeMachineSpec() {
      const r = await call<Partial<DescribeMachineSpecResponse>>(
        'DescribeMachineSpec',
        'GET',
        '/api/v2/public/instance_types',
      );
      const InstanceMetas = (Array.isArray(r.InstanceMetas) ? r.InstanceMetas : []).filter(
        (m) => typeof m?.InstanceType === 'string' && m.InstanceType !== '',
      );
      return { ...r, RequestId: r.RequestId ?? '', InstanceMetas };
    },
  };
}
