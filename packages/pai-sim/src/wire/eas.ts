// PAI-EAS 2021-07-01 on the wire, as the official generated SDK models define it: field names (PascalCase, except the
// lower-case autoscaler body), which fields the SDK marks required, the closed value lists its remarks give, and which
// query keys each action sends. Written for the simulator from the SDK, not from the bot's src/pai types, so a
// misreading in the bot is not shared by the simulator. docs/pai-wire-notes.md says where each fact was read.

export const EAS_API_VERSION = '2021-07-01';

/** Service Status: the ListServices ServiceStatus remarks (there is no Deploying). */
export const EAS_SERVICE_STATUSES = [
  'Creating',
  'Stopped',
  'Failed',
  'Complete',
  'Cloning',
  'Stopping',
  'Updating',
  'Waiting',
  'HotUpdate',
  'Committing',
  'Starting',
  'DeleteFailed',
  'Running',
  'Developing',
  'Scaling',
  'Deleted',
  'Pending',
  'Deleting',
] as const;
export type EasServiceStatus = (typeof EAS_SERVICE_STATUSES)[number];

export const EAS_EVENT_TYPES = ['Normal', 'Warning'] as const;
export const EAS_TRAFFIC_STATES = ['standalone', 'grouping'] as const;
export const EAS_UPDATE_TYPES = ['merge', 'replace'] as const;
/** ListServices / ListServiceInstances Order. */
export const EAS_ORDER = ['desc', 'asc'] as const;
/** ListServiceInstances Sort: "Set the value to StartTime". */
export const EAS_INSTANCE_SORT = ['StartTime'] as const;
/** scaleStrategies[].metricName: qps, cpu, gpu[util] (CreateServiceAutoScaler; the Update remarks name qps and cpu). */
export const EAS_AUTOSCALER_METRICS = ['qps', 'cpu', 'gpu[util]'] as const;
/** ReleaseService Weight: "Valid values: [-1, 1000]". */
export const EAS_WEIGHT_RANGE = { min: -1, max: 1000 } as const;

/** DescribeServiceEvent StartTime / EndTime and event Time: Go's reference layout in UTC, e.g. 2006-01-02 15:04:05. */
export const EAS_EVENT_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** The query keys each action's generated client sends; actions not listed send none. */
export const EAS_QUERY_KEYS = {
  CreateService: ['Develop', 'Labels', 'WorkspaceId'],
  ListServices: [
    'AutoscalerEnabled',
    'CronscalerEnabled',
    'Filter',
    'Gateway',
    'GroupName',
    'IncludeNoWorkspace',
    'Label',
    'Order',
    'PageNumber',
    'PageSize',
    'ParentServiceUid',
    'QuotaId',
    'ResourceAliasName',
    'ResourceBurstable',
    'ResourceId',
    'ResourceName',
    'ResourceType',
    'Role',
    'ServiceName',
    'ServiceStatus',
    'ServiceType',
    'ServiceUid',
    'Sort',
    'WorkspaceId',
  ],
  UpdateService: ['MemberToUpdate', 'UpdateType'],
  ListServiceInstances: [
    'Filter',
    'HostIP',
    'InstanceIP',
    'InstanceName',
    'InstanceStatus',
    'InstanceType',
    'IsSpot',
    'MemberType',
    'Order',
    'PageNumber',
    'PageSize',
    'ResourceType',
    'Role',
    'Sort',
  ],
  DescribeServiceEvent: ['EndTime', 'EventType', 'InstanceName', 'PageNum', 'PageSize', 'StartTime'],
} as const satisfies Record<string, readonly string[]>;

/** ScaleServiceRequest; Instance is required. */
export const SCALE_SERVICE_BODY_KEYS = ['Instance', 'InstancesToDelete'] as const;
export const RELEASE_SERVICE_BODY_KEYS = ['TrafficState', 'Weight'] as const;
/** Create/UpdateServiceAutoScalerRequest; min, max and scaleStrategies are required, max must be greater than min. */
export const AUTOSCALER_BODY_KEYS = ['behavior', 'max', 'min', 'scaleStrategies'] as const;
export const AUTOSCALER_STRATEGY_KEYS = ['metricName', 'service', 'threshold'] as const;
export const AUTOSCALER_BEHAVIOR_KEYS = ['onZero', 'scaleDown', 'scaleUp'] as const;

export interface EasScaleStrategy {
  metricName: string;
  threshold: number;
  service?: string;
}

export interface EasAutoscalerBehavior {
  onZero?: { scaleDownGracePeriodSeconds?: number; scaleUpActivationReplicas?: number };
  scaleUp?: { stabilizationWindowSeconds?: number };
  scaleDown?: { stabilizationWindowSeconds?: number };
}

export interface EasAutoscalerRequest {
  min: number;
  max: number;
  scaleStrategies: EasScaleStrategy[];
  behavior?: EasAutoscalerBehavior;
}

/** ServiceLabels. */
export interface EasServiceLabel {
  LabelKey: string;
  LabelValue: string;
}

/** The Service model: DescribeService's body and ListServices' items. It has no AutoscalerEnabled field. */
export interface EasService {
  ServiceName: string;
  ServiceId: string;
  ServiceUid?: string;
  Status: string;
  Reason?: string;
  Message?: string;
  RunningInstance: number;
  PendingInstance: number;
  TotalInstance: number;
  InternetEndpoint?: string;
  IntranetEndpoint?: string;
  AccessToken?: string;
  /** JSON text of the service config. */
  ServiceConfig: string;
  CreateTime: string;
  UpdateTime: string;
  Weight?: number;
  TrafficState?: string;
  ServiceGroup?: string;
  Role?: string;
  Cpu?: number;
  /** MB. */
  Memory?: number;
  Gpu?: number;
  Image?: string;
  Resource?: string;
  QuotaId?: string;
  Region: string;
  WorkspaceId?: string;
  CallerUid?: string;
  ParentUid?: string;
  CurrentVersion?: number;
  LatestVersion?: number;
  SafetyLock?: string;
  Labels?: EasServiceLabel[];
}

export interface EasCreateServiceResponse {
  ServiceId: string;
  ServiceName: string;
  Status: string;
  Region: string;
  InternetEndpoint?: string;
  IntranetEndpoint?: string;
  RequestId?: string;
}

export interface EasListServicesResponse {
  Services: EasService[];
  TotalCount: number;
  PageNumber: number;
  PageSize: number;
  RequestId?: string;
}

/** Start, Stop, Restart, Delete, Scale, Update, Release and the autoscaler writes answer { Message, RequestId }. */
export interface EasMessageResponse {
  Message: string;
  RequestId?: string;
}

/** The Instance model (ListServiceInstances items). It has no IsLatest field. */
export interface EasInstance {
  InstanceName: string;
  Status: string;
  Reason?: string;
  ReadyProcesses?: number;
  TotalProcesses?: number;
  RestartCount?: number;
  LastState?: Record<string, unknown>[];
  StartTime?: string;
  InstanceType?: string;
  InnerIP?: string;
  HostIP?: string;
  HostName?: string;
  Isolated?: boolean;
  IsSpot?: boolean;
  ResourceType?: string;
  Role?: string;
  Zone?: string;
}

export interface EasListServiceInstancesResponse {
  Instances: EasInstance[];
  TotalCount: number;
  PageNumber: number;
  PageSize: number;
  RequestId?: string;
}

/** DescribeServiceEventResponseBodyEvents: only these four fields; Message is JSON text. */
export interface EasServiceEvent {
  Time: string;
  Type: string;
  Reason: string;
  Message: string;
}

export interface EasDescribeServiceEventResponse {
  Events: EasServiceEvent[];
  PageNum: number;
  TotalCount: number;
  TotalPageNum: number;
  RequestId?: string;
}

export interface EasDescribeAutoScalerResponse {
  ServiceName?: string;
  MinReplica?: number;
  MaxReplica?: number;
  ScaleStrategies?: EasScaleStrategy[];
  CurrentMetrics?: { metricName: string; value: number; service?: string }[];
  Behavior?: Record<string, unknown>;
  RequestId?: string;
}

export interface EasDiagnosis {
  Error: string;
  Causes: string[];
  Advices: string[];
}

export interface EasDescribeDiagnosisResponse {
  DiagnosisList: EasDiagnosis[];
  RequestId?: string;
}

/**
 * DescribeMachineSpec (GET /api/v2/public/instance_types): its only query key, InstanceTypes (deprecated in the SDK;
 * a comma-separated list, arrayToStringWithSpecifiedStyle 'simple'), and an InstanceMetas item
 * (DescribeMachineSpecResponseBodyInstanceMetas), every field optional.
 */
export const EAS_MACHINE_SPEC_QUERY_KEYS = ['InstanceTypes'] as const;
export const EAS_STOCK_STATUSES = ['WithStock', 'ClosedWithStock', 'NoStock'] as const;
export const EAS_MACHINE_VENDORS = ['ECS', 'BareMetal', 'Lingjun'] as const;

export interface EasMachineSpec {
  CPU?: number;
  GPU?: string;
  GPUAmount?: number;
  GPUMemory?: number;
  InstanceType?: string;
  IsAvailable?: boolean;
  Memory?: number;
  NonProtectSpotDiscount?: number;
  SpotDiscount?: number;
  StockStatus?: string;
  Vendor?: string;
}

/** DescribeMachineSpecResponseBody. Types lists CPU / memory pairs for a deploy by resources, not by type. */
export interface EasDescribeMachineSpecResponse {
  InstanceMetas?: EasMachineSpec[];
  RequestId?: string;
  Types?: { CPU?: number; Memory?: number[] }[];
}
