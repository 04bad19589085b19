// PAI-EAS 2021-07-01 routes. Handlers are thin: validate, append an operation to the service's record, render with the
// pure eas-* modules. `…` below is /api/v2/services/{ClusterId}/{ServiceName}, where ClusterId is the region.
// Methods, paths, query keys and body styles are the SDK's (wire/eas.ts).

import { pageEvents, parseEventQuery } from './eas-events.js';
import type { ServiceState } from './eas-lifecycle.js';
import type { SimAutoscaler } from './eas-plan.js';
import { coldStartFor, INACTIVE, scaleTo } from './eas-scale.js';
import { stateOf, type ServiceRecord, type ServiceStore } from './eas-store.js';
import {
  autoscalerBody,
  configBody,
  labelsParam,
  mergeConfig,
  releaseBody,
  sameJson,
  scaleBody,
  validateConfig,
  withoutInstance,
} from './eas-validation.js';
import { diagnosisOf, intranetEndpoint, internetEndpoint, renderInstance, renderService } from './eas-view.js';
import { userIdForAccessKey } from './ids.js';
import { enumParam, intParam, strictBool } from './query-params.js';
import { fail, invalidParameter, ok, type Route, type RouteReply, type RouteRequest } from './routes.js';
import type { SimWorkspace } from './types.js';
import { EAS_API_VERSION, EAS_INSTANCE_SORT, EAS_ORDER, EAS_QUERY_KEYS, EAS_SERVICE_STATUSES } from './wire/eas.js';

export interface EasContext {
  store: ServiceStore;
  workspaces: readonly SimWorkspace[];
  /** The region this endpoint serves; path ClusterIds must equal it. */
  region: string;
  log(line: string): void;
}

/** InvalidService.NotFound is the code terraform-provider-alicloud checks for; the 404 status is unconfirmed (docs/pai-wire-notes.md). */
function serviceNotFound(name: string): RouteReply {
  return fail(404, 'InvalidService.NotFound', `The service ${name} does not exist.`);
}

function wrongState(record: ServiceRecord, status: string, what: string): RouteReply {
  return invalidParameter(`The service ${record.name} is ${status}; ${what}.`);
}

function withService(
  ctx: EasContext,
  req: RouteRequest,
  then: (record: ServiceRecord, state: ServiceState) => RouteReply,
): RouteReply {
  const clusterId = req.params.ClusterId ?? '';
  if (clusterId !== ctx.region) {
    return invalidParameter(
      `The parameter ClusterId must be the region of this endpoint (${ctx.region}), got "${clusterId}".`,
    );
  }
  const name = req.params.ServiceName ?? '';
  const record = ctx.store.get(name, req.now);
  return record ? then(record, stateOf(record, req.now)) : serviceNotFound(name);
}

/** Like withService, for calls that change the service: a Deleting service takes no more changes. */
function withLiveService(
  ctx: EasContext,
  req: RouteRequest,
  then: (record: ServiceRecord, state: ServiceState) => RouteReply,
): RouteReply {
  return withService(ctx, req, (record, state) =>
    state.status === 'Deleting'
      ? wrongState(record, 'Deleting', 'a service being deleted cannot be changed')
      : then(record, state),
  );
}

function createService(ctx: EasContext, req: RouteRequest): RouteReply {
  const body = configBody(req.body);
  if (!body.ok) return invalidParameter(body.message);
  const valid = validateConfig(body.value);
  if (!valid.ok) return invalidParameter(valid.message);
  const { config, name, instances, image } = valid.value;
  const labels = labelsParam(req.query, 'Labels');
  if (!labels.ok) return invalidParameter(labels.message);
  const develop = strictBool(req.query, 'Develop', false);
  if (!develop.ok) return invalidParameter(develop.message);
  const workspaceId =
    req.query.WorkspaceId ||
    (typeof config.metadata.workspace_id === 'string' ? config.metadata.workspace_id : undefined);
  // Only checked when the simulator was given workspaces, so a bare simulator accepts any id.
  if (
    workspaceId !== undefined &&
    ctx.workspaces.length > 0 &&
    !ctx.workspaces.some((w) => w.WorkspaceId === workspaceId)
  ) {
    return invalidParameter(`The parameter WorkspaceId ${workspaceId} does not exist or you have no access to it.`);
  }
  if (ctx.store.get(name, req.now)) {
    return fail(
      400,
      'InvalidService.AlreadyExists',
      `The service ${name} already exists in ${ctx.region}; choose another name or update it.`,
    );
  }
  const record = ctx.store.create(
    {
      name,
      config,
      instances,
      image,
      region: ctx.region,
      uid: userIdForAccessKey(req.accessKeyId),
      labels: labels.value ?? {},
      ...(workspaceId === undefined ? {} : { workspaceId }),
    },
    req.now,
  );
  const state = stateOf(record, req.now);
  ctx.log(
    `EAS CreateService ${name} (${record.serviceId}) ${instances} instance(s) -> ${record.plan.outcome} after ${record.firstColdStartMs} ms cold start`,
  );
  return ok({
    ServiceId: record.serviceId,
    ServiceName: name,
    Status: state.status,
    Region: ctx.region,
    InternetEndpoint: internetEndpoint(record),
    IntranetEndpoint: intranetEndpoint(record),
  });
}

function describeService(ctx: EasContext, req: RouteRequest): RouteReply {
  return withService(ctx, req, (record, state) => ok({ ...renderService(record, state, { intranet: true }) }));
}

const LIST_SORT_KEYS = ['CreateTime', 'ServiceName'] as const;

function listServices(ctx: EasContext, req: RouteRequest): RouteReply {
  const q = req.query;
  const pageNumber = intParam(q, 'PageNumber', { default: 1, min: 1 });
  if (!pageNumber.ok) return invalidParameter(pageNumber.message);
  const pageSize = intParam(q, 'PageSize', { default: 100, min: 1, max: 100 });
  if (!pageSize.ok) return invalidParameter(pageSize.message);
  const sort = enumParam(q, 'Sort', LIST_SORT_KEYS);
  if (!sort.ok) return invalidParameter(sort.message);
  const order = enumParam(q, 'Order', EAS_ORDER);
  if (!order.ok) return invalidParameter(order.message);
  const status = enumParam(q, 'ServiceStatus', EAS_SERVICE_STATUSES);
  if (!status.ok) return invalidParameter(status.message);
  const label = labelsParam(q, 'Label');
  if (!label.ok) return invalidParameter(label.message);
  const autoscaler = q.AutoscalerEnabled ? strictBool(q, 'AutoscalerEnabled', false) : undefined;
  if (autoscaler && !autoscaler.ok) return invalidParameter(autoscaler.message);
  // "Whether to include services that do not belong to any workspace. The default value is true."
  // (ListServicesRequest);
  // that it applies alongside a WorkspaceId filter is how the simulator reads it.
  const noWorkspace = strictBool(q, 'IncludeNoWorkspace', true);
  if (!noWorkspace.ok) return invalidParameter(noWorkspace.message);
  const fuzzy = q.Filter?.toLowerCase();
  const inWorkspace = (record: ServiceRecord) =>
    !q.WorkspaceId || record.workspaceId === q.WorkspaceId || (noWorkspace.value && record.workspaceId === undefined);

  const matched = ctx.store
    .all(req.now)
    .map((record) => ({ record, view: renderService(record, stateOf(record, req.now), { intranet: false }) }))
    .filter(({ record, view }) =>
      [
        inWorkspace(record),
        !fuzzy || record.name.toLowerCase().includes(fuzzy),
        !q.ServiceName || record.name === q.ServiceName,
        status.value === undefined || view.Status === status.value,
        !q.ResourceId || view.Resource === q.ResourceId,
        autoscaler === undefined || (record.autoscaler !== undefined) === autoscaler.value,
        label.value === undefined || Object.entries(label.value).every(([k, v]) => record.labels[k] === v),
      ].every(Boolean),
    )
    .sort((a, b) => {
      const primary =
        sort.value === 'ServiceName'
          ? a.record.name.localeCompare(b.record.name)
          : a.record.createdAt - b.record.createdAt;
      return ((order.value ?? 'desc') === 'asc' ? 1 : -1) * (primary !== 0 ? primary : a.record.seq - b.record.seq);
    });
  const from = (pageNumber.value - 1) * pageSize.value;
  return ok({
    Services: matched.slice(from, from + pageSize.value).map((m) => m.view),
    TotalCount: matched.length,
    PageNumber: pageNumber.value,
    PageSize: pageSize.value,
  });
}

function updateService(ctx: EasContext, req: RouteRequest): RouteReply {
  return withLiveService(ctx, req, (record, state) => {
    const updateType = req.query.UpdateType || 'merge';
    if (updateType !== 'merge' && updateType !== 'replace')
      return invalidParameter(`The parameter UpdateType must be merge or replace, got "${updateType}".`);
    const body = configBody(req.body);
    if (!body.ok) return invalidParameter(body.message);
    const patchMeta = body.value.metadata;
    const patchName =
      typeof patchMeta === 'object' && patchMeta !== null ? (patchMeta as Record<string, unknown>).name : undefined;
    if (patchName !== undefined && patchName !== record.name) {
      return invalidParameter(
        `The parameter metadata.name cannot change (the service is ${record.name}, got ${JSON.stringify(patchName)}).`,
      );
    }
    const merged =
      updateType === 'replace'
        ? mergeConfig({ metadata: { name: record.name } }, body.value)
        : mergeConfig(record.config, body.value);
    const valid = validateConfig(merged);
    if (!valid.ok) return invalidParameter(valid.message);
    const { config, instances, image } = valid.value;
    const rollout = !sameJson(withoutInstance(record.config), withoutInstance(config));
    const scaled = instances !== state.targetInstances;
    const active = !INACTIVE.has(state.status);
    record.config = config;
    if (rollout) {
      record.version += 1;
      const coldStartMs = coldStartFor(ctx.store, record, active && instances > 0);
      ctx.store.addOp(record, { kind: 'update', at: req.now, instances, coldStartMs, image, version: record.version });
      ctx.log(
        `EAS UpdateService ${record.name} -> version ${record.version}, ${instances} instance(s), image ${image}`,
      );
      return ok({ Message: `Service ${record.name} is being updated to version ${record.version}.` });
    }
    if (scaled) {
      scaleTo(ctx.store, record, state, instances, req.now);
      ctx.log(`EAS UpdateService ${record.name} -> ${instances} instance(s)`);
      return ok({ Message: `Service ${record.name} is being scaled to ${instances} instance(s).` });
    }
    return ok({ Message: `Service ${record.name} is unchanged: the config is the same.` });
  });
}

function scaleService(ctx: EasContext, req: RouteRequest): RouteReply {
  return withLiveService(ctx, req, (record, state) => {
    if (state.status === 'Stopping')
      return wrongState(record, 'Stopping', 'wait until it is Stopped, then scale or start it');
    const n = scaleBody(req.body);
    if (!n.ok) return invalidParameter(n.message);
    scaleTo(ctx.store, record, state, n.value, req.now);
    ctx.log(`EAS ScaleService ${record.name} ${state.targetInstances} -> ${n.value}`);
    const note = state.status === 'Stopped' ? ' It takes effect when the service is started.' : '';
    return ok({
      Message: `Service ${record.name} is being scaled from ${state.targetInstances} to ${n.value} instance(s).${note}`,
    });
  });
}

const DEFAULT_BEHAVIOR = {
  onZero: { scaleDownGracePeriodSeconds: 600, scaleUpActivationReplicas: 1 },
  scaleUp: { stabilizationWindowSeconds: 0 },
  scaleDown: { stabilizationWindowSeconds: 300 },
};

/** Applies an autoscaler: the instance count is brought inside [min, max] right away (no traffic, so no further scaling). */
function applyAutoscaler(
  ctx: EasContext,
  req: RouteRequest,
  record: ServiceRecord,
  state: ServiceState,
  scaler: SimAutoscaler,
  reason: string,
): void {
  record.autoscaler = scaler;
  ctx.store.addOp(record, {
    kind: 'note',
    at: req.now,
    reason,
    message: `Autoscaler set: min ${scaler.min}, max ${scaler.max}`,
  });
  const target = state.targetInstances;
  const clamped = Math.min(Math.max(target, scaler.min), scaler.max);
  if (clamped !== target) scaleTo(ctx.store, record, state, clamped, req.now);
  ctx.log(
    `EAS ${reason} ${record.name} min ${scaler.min} max ${scaler.max}${clamped !== target ? `, scaled ${target} -> ${clamped}` : ''}`,
  );
}

function createAutoscaler(ctx: EasContext, req: RouteRequest): RouteReply {
  return withLiveService(ctx, req, (record, state) => {
    if (record.autoscaler)
      return invalidParameter(
        `The service ${record.name} already has an autoscaler; use UpdateServiceAutoScaler to change it.`,
      );
    const scaler = autoscalerBody(req.body);
    if (!scaler.ok) return invalidParameter(scaler.message);
    applyAutoscaler(ctx, req, record, state, scaler.value, 'AutoscalerCreated');
    return ok({ Message: `Autoscaler of service ${record.name} created.` });
  });
}

function updateAutoscaler(ctx: EasContext, req: RouteRequest): RouteReply {
  return withLiveService(ctx, req, (record, state) => {
    if (!record.autoscaler)
      return invalidParameter(
        `The service ${record.name} has no autoscaler; create one with CreateServiceAutoScaler first.`,
      );
    const scaler = autoscalerBody(req.body, 'UpdateServiceAutoScaler');
    if (!scaler.ok) return invalidParameter(scaler.message);
    applyAutoscaler(ctx, req, record, state, scaler.value, 'AutoscalerUpdated');
    return ok({ Message: `Autoscaler of service ${record.name} updated.` });
  });
}

function describeAutoscaler(ctx: EasContext, req: RouteRequest): RouteReply {
  return withService(ctx, req, (record) => {
    const scaler = record.autoscaler;
    // No autoscaler: a 200 without MinReplica/MaxReplica (a 404 here would read as "no such service").
    if (!scaler)
      return ok({
        ServiceName: record.name,
        ScaleStrategies: [],
        CurrentMetrics: [],
        Message: `The service ${record.name} has no autoscaler.`,
      });
    const metrics = ['qps', ...scaler.scaleStrategies.map((s) => s.metricName).filter((m) => m !== 'qps')];
    return ok({
      ServiceName: record.name,
      MinReplica: scaler.min,
      MaxReplica: scaler.max,
      ScaleStrategies: scaler.scaleStrategies,
      // The simulator sends no traffic.
      CurrentMetrics: [...new Set(metrics)].map((metricName) => ({ metricName, value: 0 })),
      Behavior: DEFAULT_BEHAVIOR,
    });
  });
}

function deleteAutoscaler(ctx: EasContext, req: RouteRequest): RouteReply {
  return withLiveService(ctx, req, (record) => {
    if (!record.autoscaler) return invalidParameter(`The service ${record.name} has no autoscaler to delete.`);
    delete record.autoscaler;
    ctx.store.addOp(record, { kind: 'note', at: req.now, reason: 'AutoscalerDeleted', message: 'Autoscaler deleted' });
    ctx.log(`EAS DeleteServiceAutoScaler ${record.name}`);
    return ok({ Message: `Autoscaler of service ${record.name} deleted.` });
  });
}

function startService(ctx: EasContext, req: RouteRequest): RouteReply {
  return withLiveService(ctx, req, (record, state) => {
    if (state.status !== 'Stopped') return wrongState(record, state.status, 'only a Stopped service can be started');
    const coldStartMs = coldStartFor(ctx.store, record, state.targetInstances > 0);
    ctx.store.addOp(record, { kind: 'start', at: req.now, coldStartMs });
    ctx.log(`EAS StartService ${record.name} (${state.targetInstances} instance(s), ${coldStartMs} ms cold start)`);
    return ok({ Message: `Service ${record.name} is starting.` });
  });
}

function stopService(ctx: EasContext, req: RouteRequest): RouteReply {
  return withLiveService(ctx, req, (record, state) => {
    if (state.status === 'Stopped' || state.status === 'Stopping')
      return wrongState(record, state.status, 'it is already stopped');
    ctx.store.addOp(record, { kind: 'stop', at: req.now });
    ctx.log(`EAS StopService ${record.name}`);
    return ok({ Message: `Service ${record.name} is stopping.` });
  });
}

function restartService(ctx: EasContext, req: RouteRequest): RouteReply {
  return withLiveService(ctx, req, (record, state) => {
    if (INACTIVE.has(state.status)) {
      const hint = state.status === 'Creating' ? 'wait until it has been created' : 'start it instead';
      return wrongState(record, state.status, `only a service with instances can be restarted; ${hint}`);
    }
    const coldStartMs = coldStartFor(ctx.store, record, state.targetInstances > 0);
    ctx.store.addOp(record, { kind: 'restart', at: req.now, coldStartMs });
    ctx.log(`EAS RestartService ${record.name}`);
    return ok({ Message: `Service ${record.name} is restarting.` });
  });
}

function deleteService(ctx: EasContext, req: RouteRequest): RouteReply {
  return withLiveService(ctx, req, (record) => {
    ctx.store.addOp(record, { kind: 'delete', at: req.now });
    ctx.log(`EAS DeleteService ${record.name}`);
    return ok({ Message: `Service ${record.name} is being deleted.` });
  });
}

function releaseService(ctx: EasContext, req: RouteRequest): RouteReply {
  return withLiveService(ctx, req, (record) => {
    const release = releaseBody(req.body);
    if (!release.ok) return invalidParameter(release.message);
    if (release.value.weight !== undefined) record.weight = release.value.weight;
    if (release.value.trafficState !== undefined) record.trafficState = release.value.trafficState;
    ctx.store.addOp(record, {
      kind: 'note',
      at: req.now,
      reason: 'TrafficUpdated',
      message: `Weight set to ${record.weight}, traffic state ${record.trafficState}`,
    });
    ctx.log(`EAS ReleaseService ${record.name} weight ${record.weight} ${record.trafficState}`);
    return ok({ Message: `Service ${record.name}: weight ${record.weight}, traffic state ${record.trafficState}.` });
  });
}

function describeEvents(ctx: EasContext, req: RouteRequest): RouteReply {
  return withService(ctx, req, (_record, state) => {
    const q = parseEventQuery(req.query, req.now);
    if (!q.ok) return invalidParameter(q.message);
    return ok({ ...pageEvents(state.events, q.value) });
  });
}

const INSTANCE_STATUSES = ['Pending', 'Running', 'Terminating', 'Succeeded', 'Failed', 'Unknown'];

function listInstances(ctx: EasContext, req: RouteRequest): RouteReply {
  return withService(ctx, req, (record, state) => {
    const q = req.query;
    const pageNumber = intParam(q, 'PageNumber', { default: 1, min: 1 });
    if (!pageNumber.ok) return invalidParameter(pageNumber.message);
    const pageSize = intParam(q, 'PageSize', { default: 100, min: 1, max: 1000 });
    if (!pageSize.ok) return invalidParameter(pageSize.message);
    if (q.InstanceStatus && !INSTANCE_STATUSES.includes(q.InstanceStatus)) {
      return invalidParameter(
        `The parameter InstanceStatus must be one of ${INSTANCE_STATUSES.join(', ')}, got "${q.InstanceStatus}".`,
      );
    }
    const order = enumParam(q, 'Order', EAS_ORDER);
    if (!order.ok) return invalidParameter(order.message);
    const sort = enumParam(q, 'Sort', EAS_INSTANCE_SORT);
    if (!sort.ok) return invalidParameter(sort.message);
    const matched = state.instances
      .filter((i) => !q.InstanceStatus || i.status === q.InstanceStatus)
      .filter((i) => !q.InstanceName || i.name.includes(q.InstanceName))
      .map((i) => renderInstance(record, i));
    if (order.value === 'desc') matched.reverse();
    const from = (pageNumber.value - 1) * pageSize.value;
    return ok({
      Instances: matched.slice(from, from + pageSize.value),
      TotalCount: matched.length,
      PageNumber: pageNumber.value,
      PageSize: pageSize.value,
    });
  });
}

function describeDiagnosis(ctx: EasContext, req: RouteRequest): RouteReply {
  return withService(ctx, req, (record, state) => ok({ DiagnosisList: diagnosisOf(record, state) }));
}

/** The actions whose SDK client sends a body: the config JSON text (CreateService, UpdateService) or a JSON object. */
const WITH_BODY = new Set([
  'CreateService',
  'UpdateService',
  'ScaleService',
  'ReleaseService',
  'CreateServiceAutoScaler',
  'UpdateServiceAutoScaler',
]);

export function easRoutes(ctx: EasContext): Route[] {
  const route = (
    method: Route['method'],
    template: string,
    action: string,
    handler: (c: EasContext, r: RouteRequest) => RouteReply,
  ): Route => ({
    method,
    template,
    action,
    version: EAS_API_VERSION,
    query: (EAS_QUERY_KEYS as Record<string, readonly string[]>)[action] ?? [],
    body: WITH_BODY.has(action) ? 'json' : 'none',
    handle: (req) => handler(ctx, req),
  });
  const svc = '/api/v2/services/{ClusterId}/{ServiceName}';
  return [
    route('POST', '/api/v2/services', 'CreateService', createService),
    route('GET', '/api/v2/services', 'ListServices', listServices),
    route('GET', svc, 'DescribeService', describeService),
    route('PUT', svc, 'UpdateService', updateService),
    route('DELETE', svc, 'DeleteService', deleteService),
    route('PUT', `${svc}/scale`, 'ScaleService', scaleService),
    route('PUT', `${svc}/start`, 'StartService', startService),
    route('PUT', `${svc}/stop`, 'StopService', stopService),
    route('PUT', `${svc}/restart`, 'RestartService', restartService),
    route('PUT', `${svc}/release`, 'ReleaseService', releaseService),
    route('POST', `${svc}/autoscaler`, 'CreateServiceAutoScaler', createAutoscaler),
    route('PUT', `${svc}/autoscaler`, 'UpdateServiceAutoScaler', updateAutoscaler),
    route('GET', `${svc}/autoscaler`, 'DescribeServiceAutoScaler', describeAutoscaler),
    route('DELETE', `${svc}/autoscaler`, 'DeleteServiceAutoScaler', deleteAutoscaler),
    route('GET', `${svc}/events`, 'DescribeServiceEvent', describeEvents),
    route('GET', `${svc}/instances`, 'ListServiceInstances', listInstances),
    route('GET', `${svc}/diagnosis`, 'DescribeServiceDiagnosis', describeDiagnosis),
  ];
}
