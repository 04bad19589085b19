// Typed PAI-DLC 2020-12-03 calls. Bodies and responses use the wire (PascalCase) names from dlc-types.ts;
// this file only knows paths, query encoding, and which arrays PAI may omit.
import {
  DLC_VERSION,
  type CreateJobRequest,
  type CreateJobResponse,
  type GetJobEventsQuery,
  type GetJobEventsResponse,
  type GetJobResponse,
  type GetPodLogsQuery,
  type GetPodLogsResponse,
  type ListEcsSpecsQuery,
  type ListEcsSpecsResponse,
  type ListJobsQuery,
  type ListJobsResponse,
  type StopJobResponse,
} from './dlc-types.js';
import type { HttpMethod, OpenApiTransport, QueryValue } from './openapi.js';

export interface DlcClient {
  createJob(req: CreateJobRequest): Promise<CreateJobResponse>;
  getJob(jobId: string): Promise<GetJobResponse>;
  listJobs(q?: ListJobsQuery): Promise<ListJobsResponse>;
  stopJob(jobId: string): Promise<StopJobResponse>;
  getPodLogs(jobId: string, podId: string, q?: GetPodLogsQuery): Promise<GetPodLogsResponse>;
  getJobEvents(jobId: string, q?: GetJobEventsQuery): Promise<GetJobEventsResponse>;
  /** The instance types DLC offers in the region (for the submit form's menu). */
  listEcsSpecs(q?: ListEcsSpecsQuery): Promise<ListEcsSpecsResponse>;
}

export interface DlcClientOptions {
  /** GetPodLogs returns up to MaxLines lines and is slow on busy jobs; the transport default (10 s) is too short. */
  logsTimeoutMs?: number;
}

export const DEFAULT_LOGS_TIMEOUT_MS = 30_000;

const jobPath = (jobId: string): string => `/api/v1/jobs/${encodeURIComponent(jobId)}`;

/** A time as ListJobs documents it: `2025-04-16T07:25:34Z`, UTC, whole seconds (not toISOString()'s milliseconds). */
export function dlcTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Any ISO time a caller passes, in the documented form (milliseconds dropped). */
const documentedTime = (t: string | undefined) => (t === undefined ? undefined : t.replace(/\.\d+Z$/, 'Z'));

/** GetPodLogs / GetJobEvents take StartTime and EndTime in the same documented form as ListJobs. */
function withDocumentedTimes<Q extends { StartTime?: string; EndTime?: string }>(
  q: Q | undefined,
): Record<string, QueryValue> {
  const { StartTime, EndTime, ...rest } = q ?? ({} as Q);
  return {
    ...(rest as Record<string, QueryValue>),
    StartTime: documentedTime(StartTime),
    EndTime: documentedTime(EndTime),
  };
}

/** ListJobs wants arrays comma-joined and the Tags map as a JSON string (as the generated SDK sends it). */
export function listJobsQuery(q: ListJobsQuery = {}): Record<string, QueryValue> {
  const { JobIds, Tags, StartTime, EndTime, ...plain } = q;
  return {
    ...plain,
    StartTime: documentedTime(StartTime),
    EndTime: documentedTime(EndTime),
    // An empty list would become JobIds= (an empty filter); omit it instead.
    JobIds: JobIds && JobIds.length > 0 ? JobIds.join(',') : undefined,
    Tags: Tags ? JSON.stringify(Tags) : undefined,
  };
}

export function createDlcClient(t: OpenApiTransport, opts: DlcClientOptions = {}): DlcClient {
  const call = <T>(
    action: string,
    method: HttpMethod,
    pathname: string,
    extra: { query?: Record<string, QueryValue>; body?: unknown; timeoutMs?: number } = {},
  ): Promise<T> => t.call<T>({ action, version: DLC_VERSION, method, pathname, ...extra });

  return {
    createJob: (req) => call<CreateJobResponse>('CreateJob', 'POST', '/api/v1/jobs', { body: req }),

    getJob: (jobId) => call<GetJobResponse>('GetJob', 'GET', jobPath(jobId)),

    async listJobs(q) {
      const r = await call<Partial<ListJobsResponse>>('ListJobs', 'GET', '/api/v1/jobs', { query: listJobsQuery(q) });
      const Jobs = r.Jobs ?? [];
      return { ...r, RequestId: r.RequestId ?? '', Jobs, TotalCount: Number(r.TotalCount ?? Jobs.length) };
    },

    stopJob: (jobId) => call<StopJobResponse>('StopJob', 'POST', `${jobPath(jobId)}/stop`),

    async getPodLogs(jobId, podId, q) {
      const r = await call<Partial<GetPodLogsResponse>>(
        'GetPodLogs',
        'GET',
        `${jobPath(jobId)}/pods/${encodeURIComponent(podId)}/logs`,
        { query: withDocumentedTimes(q), timeoutMs: opts.logsTimeoutMs ?? DEFAULT_LOGS_TIMEOUT_MS },
      );
      return { ...r, RequestId: r.RequestId ?? '', PodId: r.PodId ?? podId, Logs: r.Logs ?? [] };
    },

    async getJobEvents(jobId, q) {
      const r = await call<Partial<GetJobEventsResponse>>('GetJobEvents', 'GET', `${jobPath(jobId)}/events`, {
        query: withDocumentedTimes(q),
      });
      return { ...r, RequestId: r.RequestId ?? '', Events: r.Events ?? [] };
    },

    async listEcsSpecs(q = {}) {
      const { InstanceTypes, ...plain } = q;
      const query = { ...plain, InstanceTypes: InstanceTypes?.length ? InstanceTypes.join(',') : undefined };
      const r = await call<Partial<ListEcsSpecsResponse>>('ListEcsSpecs', 'GET', '/api/v1/ecsspecs', { query });
      const EcsSpecs = (r.EcsSpecs ?? []).filter((s) => typeof s?.InstanceType === 'string' && s.InstanceType !== '');
      return { ...r, RequestId: r.RequestId ?? '', EcsSpecs, TotalCount: Number(r.TotalCount ?? EcsSpecs.length) };
    },
  };
}
