// Renders a stored service as DescribeService / ListServices / ListServiceInstances / DescribeServiceDiagnosis show it
// at a given instant, with only the fields of the SDK's Service and Instance models (neither has AutoscalerEnabled
// or IsLatest, so neither is shown). Pure.

import type { InstanceState, ServiceState } from './eas-lifecycle.js';
import type { ServiceDiagnosis, SimService } from './eas-plan.js';
import type { ServiceRecord } from './eas-store.js';
import { isObject } from './eas-validation.js';
import { isoSeconds } from './time-format.js';
import type { EasInstance, EasService } from './wire/eas.js';

export type ServiceView = EasService;
export type InstanceView = EasInstance;

export function internetEndpoint(record: Pick<ServiceRecord, 'uid' | 'region' | 'name'>): string {
  return `http://${record.uid}.${record.region}.pai-eas.aliyuncs.com/api/predict/${record.name}`;
}

export function intranetEndpoint(record: Pick<ServiceRecord, 'uid' | 'region' | 'name'>): string {
  return `http://${record.uid}.vpc.${record.region}.pai-eas.aliyuncs.com/api/predict/${record.name}`;
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** The machine type the config asks for (`cloud.computing.instances[0].type`, or the older `instance_type`). */
export function instanceTypeOf(config: Record<string, unknown>): string {
  const cloud = isObject(config.cloud) ? config.cloud : {};
  const computing = isObject(cloud.computing) ? cloud.computing : {};
  const instances = Array.isArray(computing.instances) ? (computing.instances as unknown[]) : [];
  const first = instances[0];
  if (isObject(first) && typeof first.type === 'string') return first.type;
  if (typeof computing.instance_type === 'string') return computing.instance_type;
  const metadata = isObject(config.metadata) ? config.metadata : {};
  // Dedicated resource groups run on the group's own nodes; the type is not the service's to choose.
  if (typeof metadata.resource === 'string' && metadata.resource !== '') return '';
  return num(metadata.gpu) > 0 ? 'ecs.gn6i-c4g1.xlarge' : 'ecs.c7.xlarge';
}

function containerCount(config: Record<string, unknown>): number {
  return Array.isArray(config.containers) ? Math.max(1, config.containers.length) : 1;
}

export function renderService(record: ServiceRecord, state: ServiceState, opts: { intranet: boolean }): ServiceView {
  const metadata = record.config.metadata;
  return {
    ServiceName: record.name,
    ServiceId: record.serviceId,
    Status: state.status,
    Reason: state.reason,
    Message: state.message,
    RunningInstance: state.runningInstance,
    PendingInstance: state.pendingInstance,
    TotalInstance: state.totalInstance,
    InternetEndpoint: internetEndpoint(record),
    ...(opts.intranet ? { IntranetEndpoint: intranetEndpoint(record) } : {}),
    AccessToken: record.accessToken,
    ServiceConfig: JSON.stringify(record.config),
    CreateTime: isoSeconds(record.createdAt),
    UpdateTime: isoSeconds(record.updatedAt),
    Weight: record.weight,
    TrafficState: record.trafficState,
    ServiceGroup: record.name,
    Role: 'Standalone',
    Cpu: num(metadata.cpu),
    Memory: num(metadata.memory),
    Gpu: num(metadata.gpu),
    Image: state.image,
    Resource: typeof metadata.resource === 'string' ? metadata.resource : '',
    Region: record.region,
    ...(record.workspaceId === undefined ? {} : { WorkspaceId: record.workspaceId }),
    CallerUid: record.uid,
    ParentUid: record.uid,
    CurrentVersion: record.version,
    LatestVersion: record.version,
    SafetyLock: 'none',
    Labels: Object.entries(record.labels).map(([LabelKey, LabelValue]) => ({ LabelKey, LabelValue })),
  };
}

export function renderInstance(record: ServiceRecord, instance: InstanceState): InstanceView {
  const total = containerCount(record.config);
  const crashLooping = instance.status === 'Failed' && instance.restartCount > 0;
  return {
    InstanceName: instance.name,
    Status: instance.status,
    Reason: instance.reason,
    ReadyProcesses: instance.ready ? total : 0,
    TotalProcesses: total,
    RestartCount: instance.restartCount,
    StartTime: isoSeconds(instance.createdAt),
    InstanceType: instanceTypeOf(record.config),
    InnerIP: instance.innerIp,
    HostIP: instance.hostIp,
    HostName: `${record.region}.${instance.hostIp}`,
    Isolated: false,
    IsSpot: false,
    Zone: `${record.region}-b`,
    LastState: crashLooping ? [{ Reason: 'Error', ExitCode: 1 }] : [],
  };
}

/** A Failed service shows its failure's diagnosis; a planned diagnosis on a healthy plan shows while instances are pending. */
export function diagnosisOf(record: ServiceRecord, state: ServiceState): ServiceDiagnosis[] {
  if (state.failure) return state.failure.diagnosis;
  if (record.plan.outcome === 'Running' && record.plan.diagnosis && state.pendingInstance > 0)
    return record.plan.diagnosis;
  return [];
}

/** The controller's snapshot of one service (PaiSimulator.services()). */
export function simServiceOf(
  record: ServiceRecord,
  state: ServiceState,
  heldColdStartMs: number | undefined,
): SimService {
  return {
    ...renderService(record, state, { intranet: true }),
    plan: { ...record.plan },
    createdAt: record.createdAt,
    config: structuredClone(record.config),
    ...(record.autoscaler === undefined ? {} : { autoscaler: structuredClone(record.autoscaler) }),
    instances: state.instances.map((i) => renderInstance(record, i)),
    ...(record.deleteRequestedAt === undefined ? {} : { deleteRequestedAt: record.deleteRequestedAt }),
    ...(heldColdStartMs === undefined ? {} : { heldColdStartMs }),
  };
}
