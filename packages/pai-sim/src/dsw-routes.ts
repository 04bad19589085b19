// PAI-DSW 2022-01-01 routes: notebooks (list, get, stop, start), the idle culler as its own resource, GPU/CPU metrics
// and the ECS spec list with prices. Methods, paths and query keys are the SDK's (wire/dsw.ts); handlers validate,
// record an op, and render the state dsw-lifecycle.ts replays.

import type { NotebookState } from './dsw-lifecycle.js';
import { listInstances } from './dsw-list.js';
import { parseMetricsQuery, podMetrics } from './dsw-metrics.js';
import { DEFAULT_CULLER_THRESHOLDS, type CullerPolicy } from './dsw-plan.js';
import { listEcsSpecs, type EcsSpecCatalogue } from './dsw-specs.js';
import { stateOf, type NotebookRecord, type NotebookStore } from './dsw-store.js';
import { isGpuSpec, renderCuller, renderNotebook, type ViewContext } from './dsw-view.js';
import { strictBool } from './query-params.js';
import { fail, invalidParameter, ok, type Route, type RouteReply, type RouteRequest } from './routes.js';
import { DSW_API_VERSION, DSW_QUERY_KEYS, IDLE_CULLER_BODY_KEYS, type DswStatus } from './wire/dsw.js';

export interface DswContext extends ViewContext {
  store: NotebookStore;
  catalogue: EcsSpecCatalogue;
  log(line: string): void;
}

/** The code is from third-party material, the 404 status from HttpStatusCode's documented values (400, 404). */
function instanceNotFound(id: string): RouteReply {
  return fail(404, 'InvalidInstanceId.NotFound', `The instance ${id} does not exist.`);
}

/** Invented by the simulator: the SDK does not say how a policy that is not there is reported. */
function cullerNotFound(id: string): RouteReply {
  return fail(404, 'InvalidIdleInstanceCuller.NotFound', `The instance ${id} has no idle instance culler.`);
}

function wrongStatus(record: NotebookRecord, status: string, what: string): RouteReply {
  return fail(400, 'IncorrectInstanceStatus', `The instance ${record.instanceId} is ${status}; ${what}.`);
}

const STOPPABLE: readonly DswStatus[] = ['Running', 'EnvPreparing', 'Starting'];
const STARTABLE: readonly DswStatus[] = ['Stopped', 'Saved', 'SaveFailed', 'Failed'];

type WithNotebook = (record: NotebookRecord, state: NotebookState) => RouteReply;

function withNotebook(ctx: DswContext, req: RouteRequest, then: WithNotebook): RouteReply {
  const id = req.params.InstanceId ?? '';
  const record = ctx.store.get(id);
  return record ? then(record, stateOf(record, req.now)) : instanceNotFound(id);
}

function acted(record: NotebookRecord): RouteReply {
  return ok({ InstanceId: record.instanceId, Success: true });
}

function percent(body: Record<string, unknown>, key: string): number | string | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 100) {
    return `The parameter ${key} must be an integer percentage from 1 to 100, got ${JSON.stringify(v)}.`;
  }
  return v;
}

/**
 * CreateIdleInstanceCullerRequest marks nothing required; the simulator requires MaxIdleTimeInMinutes (a policy without
 * it stops nothing) and fills a missing threshold with DEFAULT_CULLER_THRESHOLDS.
 */
export function cullerBody(body: unknown): { ok: true; policy: CullerPolicy } | { ok: false; message: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, message: 'The request body must be a JSON object.' };
  }
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => !(IDLE_CULLER_BODY_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    const names = unknown.join(', ');
    return { ok: false, message: `The parameter ${names} is not a field of CreateIdleInstanceCullerRequest.` };
  }
  const max = b.MaxIdleTimeInMinutes;
  if (max === undefined) return { ok: false, message: 'The parameter MaxIdleTimeInMinutes is required.' };
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
    const got = JSON.stringify(max);
    return { ok: false, message: `The parameter MaxIdleTimeInMinutes must be whole minutes >= 1, got ${got}.` };
  }
  const cpu = percent(b, 'CpuPercentThreshold');
  const gpu = percent(b, 'GpuPercentThreshold');
  for (const v of [cpu, gpu]) if (typeof v === 'string') return { ok: false, message: v };
  return {
    ok: true,
    policy: {
      maxIdleTimeInMinutes: max,
      cpuPercentThreshold: (cpu as number | undefined) ?? DEFAULT_CULLER_THRESHOLDS.cpuPercentThreshold,
      gpuPercentThreshold: (gpu as number | undefined) ?? DEFAULT_CULLER_THRESHOLDS.gpuPercentThreshold,
    },
  };
}

function stop(ctx: DswContext, req: RouteRequest): RouteReply {
  return withNotebook(ctx, req, (record, state) => {
    if (!STOPPABLE.includes(state.status)) {
      return wrongStatus(record, state.status, 'only a running or starting instance can be stopped');
    }
    const saveImage = strictBool(req.query, 'SaveImage', false);
    if (!saveImage.ok) return invalidParameter(saveImage.message);
    ctx.store.record(record.instanceId, { kind: 'stop', at: req.now, saveImage: saveImage.value });
    ctx.log(`DSW ${record.instanceId} stop${saveImage.value ? ' (SaveImage)' : ''}`);
    return acted(record);
  });
}

function start(ctx: DswContext, req: RouteRequest): RouteReply {
  return withNotebook(ctx, req, (record, state) => {
    if (!STARTABLE.includes(state.status)) {
      return wrongStatus(record, state.status, 'only a stopped instance can be started');
    }
    ctx.store.record(record.instanceId, { kind: 'start', at: req.now });
    ctx.log(`DSW ${record.instanceId} start`);
    return acted(record);
  });
}

function createCuller(ctx: DswContext, req: RouteRequest): RouteReply {
  return withNotebook(ctx, req, (record, state) => {
    // "You can create only one automatic stop policy for an idle DSW instance."
    if (state.culler) {
      const id = record.instanceId;
      return invalidParameter(`The instance ${id} already has an idle instance culler; delete it first.`);
    }
    const parsed = cullerBody(req.body);
    if (!parsed.ok) return invalidParameter(parsed.message);
    ctx.store.record(record.instanceId, { kind: 'culler', at: req.now, policy: parsed.policy });
    return acted(record);
  });
}

function getCuller(ctx: DswContext, req: RouteRequest): RouteReply {
  return withNotebook(ctx, req, (record, state) => {
    const culler = renderCuller(record, state);
    return culler ? ok({ ...culler, Success: true }) : cullerNotFound(record.instanceId);
  });
}

function deleteCuller(ctx: DswContext, req: RouteRequest): RouteReply {
  return withNotebook(ctx, req, (record, state) => {
    if (!state.culler) return cullerNotFound(record.instanceId);
    ctx.store.record(record.instanceId, { kind: 'culler', at: req.now, policy: undefined });
    return acted(record);
  });
}

function metrics(ctx: DswContext, req: RouteRequest): RouteReply {
  return withNotebook(ctx, req, (record, state) => {
    const q = parseMetricsQuery(req.query, req.now);
    if (!q.ok) return invalidParameter(q.message);
    const gpu = isGpuSpec(ctx.catalogue, record.ecsSpec);
    const PodMetrics = podMetrics(record.instanceId, state, q.value, gpu, req.now);
    return ok({ InstanceId: record.instanceId, PodMetrics, Success: true });
  });
}

export function dswRoutes(ctx: DswContext): Route[] {
  const version = DSW_API_VERSION;
  const q = DSW_QUERY_KEYS;
  const one = '/api/v2/instances/{InstanceId}';
  const culler = `${one}/idleinstanceculler`;
  return [
    {
      method: 'GET',
      template: '/api/v2/instances',
      action: 'ListInstances',
      version,
      query: q.ListInstances,
      body: 'none',
      handle: (req) => {
        const notebooks = ctx.store.all().map((record) => ({ record, state: stateOf(record, req.now) }));
        return listInstances(ctx, notebooks, req.query);
      },
    },
    {
      method: 'GET',
      template: one,
      action: 'GetInstance',
      version,
      query: q.GetInstance,
      body: 'none',
      handle: (req) => withNotebook(ctx, req, (r, s) => ok({ ...renderNotebook(ctx, r, s), Success: true })),
    },
    {
      method: 'PUT',
      template: `${one}/stop`,
      action: 'StopInstance',
      version,
      query: q.StopInstance,
      body: 'none',
      handle: (req) => stop(ctx, req),
    },
    {
      method: 'PUT',
      template: `${one}/start`,
      action: 'StartInstance',
      version,
      query: q.StartInstance,
      body: 'none',
      handle: (req) => start(ctx, req),
    },
    {
      method: 'POST',
      template: culler,
      action: 'CreateIdleInstanceCuller',
      version,
      query: q.CreateIdleInstanceCuller,
      body: 'json',
      handle: (req) => createCuller(ctx, req),
    },
    {
      method: 'GET',
      template: culler,
      action: 'GetIdleInstanceCuller',
      version,
      query: q.GetIdleInstanceCuller,
      body: 'none',
      handle: (req) => getCuller(ctx, req),
    },
    {
      method: 'DELETE',
      template: culler,
      action: 'DeleteIdleInstanceCuller',
      version,
      query: q.DeleteIdleInstanceCuller,
      body: 'none',
      handle: (req) => deleteCuller(ctx, req),
    },
    {
      // The SDK's path is singular here, unlike every other instance path.
      method: 'GET',
      template: '/api/v2/instance/{InstanceId}/metrics',
      action: 'GetInstanceMetrics',
      version,
      query: q.GetInstanceMetrics,
      body: 'none',
      handle: (req) => metrics(ctx, req),
    },
    {
      method: 'GET',
      template: '/api/v2/ecsspecs',
      action: 'ListEcsSpecs',
      version,
      query: q.ListEcsSpecs,
      body: 'none',
      handle: (req) => listEcsSpecs(ctx.catalogue, req),
    },
  ];
}
