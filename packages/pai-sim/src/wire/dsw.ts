// PAI-DSW 2022-01-01 on the wire (notebook instances), as the official generated SDK (package pai-dsw-20220101)
// defines it: the query keys each action's client sends, the idle-culler body, closed lists and the response models.
// Written for the simulator from the SDK, not from the bot's src/pai types. docs/pai-wire-notes.md says where each
// fact was read.

export const DSW_API_VERSION = '2022-01-01';

/** ListInstancesRequest's Status list (also the statuses the simulator may show). */
export const DSW_STATUSES = [
  'Creating',
  'SaveFailed',
  'Stopped',
  'Failed',
  'ResourceAllocating',
  'Stopping',
  'Updating',
  'Saving',
  'Queuing',
  'Recovering',
  'Starting',
  'Running',
  'Saved',
  'Deleting',
  'EnvPreparing',
] as const;
export type DswStatus = (typeof DSW_STATUSES)[number];

export const DSW_PAYMENT_TYPES = ['PayAsYouGo', 'Subscription'] as const;
export const DSW_ACCELERATOR_TYPES = ['CPU', 'GPU'] as const;
export const DSW_ACCESSIBILITY = ['PRIVATE', 'PUBLIC'] as const;
export const DSW_ORDER = ['ASC', 'DESC'] as const;
export const DSW_INSTANCE_SORT_BY = ['Priority', 'GmtCreateTime', 'GmtModifiedTime'] as const;
export const DSW_METRIC_TYPES = [
  'GpuCoreUsage',
  'GpuMemoryUsage',
  'CpuCoreUsage',
  'MemoryUsage',
  'NetworkInputRate',
  'NetworkOutputRate',
  'DiskReadRate',
  'DiskWriteRate',
] as const;
export type DswMetricType = (typeof DSW_METRIC_TYPES)[number];

/** Times in GetInstanceMetrics and ListInstances' CreateTime* filters, as the SDK's examples write them. */
export const DSW_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** GetInstanceMetrics TimeStep: "Unit: minutes", example `15m`. */
export const DSW_TIME_STEP = /^[1-9]\d*m$/;

/** The query keys each action's client sends (the *WithOptions methods of client.ts). */
export const DSW_QUERY_KEYS = {
  ListInstances: [
    'AcceleratorType',
    'Accessibility',
    'CreateTimeAfter',
    'CreateTimeBefore',
    'CreateUserId',
    'GpuType',
    'ImageName',
    'InstanceId',
    'InstanceName',
    'Labels',
    'MaxCpu',
    'MaxGpu',
    'MaxGpuMemory',
    'MaxMemory',
    'MinCpu',
    'MinGpu',
    'MinGpuMemory',
    'MinMemory',
    'Order',
    'OversoldInfo',
    'OversoldType',
    'PageNumber',
    'PageSize',
    'PaymentType',
    'ResourceId',
    'SortBy',
    'Status',
    'Tag',
    'WorkspaceId',
  ],
  GetInstance: ['Fields', 'Token'],
  StopInstance: ['SaveImage'],
  StartInstance: [],
  CreateIdleInstanceCuller: [],
  GetIdleInstanceCuller: [],
  DeleteIdleInstanceCuller: [],
  GetInstanceMetrics: ['EndTime', 'MetricType', 'StartTime', 'TimeStep'],
  ListEcsSpecs: ['AcceleratorType', 'Order', 'PageNumber', 'PageSize', 'ResourceType', 'SortBy'],
} as const;

/** CreateIdleInstanceCullerRequest: none is marked required; the thresholds are percentages from 1 to 100. */
export const IDLE_CULLER_BODY_KEYS = ['CpuPercentThreshold', 'GpuPercentThreshold', 'MaxIdleTimeInMinutes'] as const;

/** The idle culler as list items, GetInstance and GetIdleInstanceCuller show it. */
export interface WireIdleInstanceCuller {
  InstanceId?: string;
  CpuPercentThreshold?: number;
  GpuPercentThreshold?: number;
  IdleTimeInMinutes?: number;
  MaxIdleTimeInMinutes?: number;
}

export interface WireRequestedResource {
  CPU?: string;
  GPU?: string;
  GPUType?: string;
  Memory?: string;
  SharedMemory?: string;
}

/** The fields common to ListInstancesResponseBodyInstances and GetInstanceResponseBody. Nested models kept loose. */
interface WireDswInstanceCommon {
  AcceleratorType?: string;
  Accessibility?: string;
  AccumulatedRunningTimeInMs?: number;
  Affinity?: Record<string, unknown>;
  CloudDisks?: Record<string, unknown>[];
  CredentialConfig?: Record<string, unknown>;
  Datasets?: Record<string, unknown>[];
  Driver?: string;
  DynamicMount?: Record<string, unknown>;
  EcsSpec?: string;
  EnvironmentVariables?: Record<string, string>;
  GmtCreateTime?: string;
  GmtModifiedTime?: string;
  IdleInstanceCuller?: WireIdleInstanceCuller;
  ImageAuth?: string;
  ImageId?: string;
  ImageName?: string;
  ImageUrl?: string;
  InstanceId?: string;
  InstanceName?: string;
  InstanceShutdownTimer?: Record<string, unknown>;
  InstanceSnapshotList?: Record<string, unknown>[];
  InstanceUrl?: string;
  JupyterlabUrl?: string;
  Labels?: { Key?: string; Value?: string }[];
  LatestSnapshot?: Record<string, unknown>;
  PaymentType?: string;
  Priority?: number;
  ReasonCode?: string;
  ReasonMessage?: string;
  RequestedResource?: WireRequestedResource;
  ResourceId?: string;
  ResourceName?: string;
  ServiceConfig?: Record<string, unknown>;
  Status?: string;
  Tags?: { TagKey?: string; TagValue?: string }[];
  TerminalUrl?: string;
  UserId?: string;
  UserName?: string;
  UserVpc?: Record<string, unknown>;
  WebIDEUrl?: string;
  WorkspaceId?: string;
  WorkspaceName?: string;
  WorkspaceSource?: string;
}

/** ListInstancesResponseBodyInstances. */
export interface WireDswListItem extends WireDswInstanceCommon {
  OversoldInfo?: string;
  OversoldType?: string;
  TenantId?: string;
}

/** The envelope every DSW response model carries. */
export interface WireDswEnvelope {
  RequestId?: string;
  Success?: boolean;
  Code?: string;
  Message?: string;
  HttpStatusCode?: number;
}

/** GetInstanceResponseBody. */
export interface WireDswGetInstance extends WireDswInstanceCommon, WireDswEnvelope {
  MigrationOptions?: Record<string, unknown>;
  NodeErrorRecovery?: Record<string, unknown>;
  PodIps?: Record<string, unknown>[];
  ProxyPath?: string;
  UserCommandId?: string;
}

export interface WireListInstancesResponse extends WireDswEnvelope {
  Instances?: WireDswListItem[];
  TotalCount?: number;
  MigrationOptions?: Record<string, unknown>;
}

/** Stop/StartInstanceResponseBody and Create/DeleteIdleInstanceCullerResponseBody. */
export interface WireDswActionResponse extends WireDswEnvelope {
  InstanceId?: string;
}

export type WireGetIdleInstanceCullerResponse = WireIdleInstanceCuller & WireDswEnvelope;

/** GetInstanceMetricsResponseBodyPodMetricsMetrics: Time in Unix seconds, Value a number. */
export interface WireMetricPoint {
  Time?: number;
  Value?: number;
}

export interface WirePodMetrics {
  PodId?: string;
  Metrics?: WireMetricPoint[];
}

export interface WireGetInstanceMetricsResponse extends WireDswEnvelope {
  InstanceId?: string;
  PodMetrics?: WirePodMetrics[];
}

/** ListEcsSpecsResponseBodyEcsSpecs. Price: "The price." (example 22.8, Currency CNY); the unit is not given. */
export interface WireEcsSpec {
  AcceleratorType?: string;
  CPU?: number;
  Currency?: string;
  GPU?: number;
  GPUMemorySize?: number;
  GPUType?: string;
  InstanceBandwidthRx?: number;
  InstanceType?: string;
  IsAvailable?: boolean;
  Labels?: { Key?: string; Value?: string }[];
  Memory?: number;
  Price?: number;
  SpotStockStatus?: string;
  SystemDiskCapacity?: number;
}

export interface WireListEcsSpecsResponse extends WireDswEnvelope {
  EcsSpecs?: WireEcsSpec[];
  TotalCount?: number;
}
