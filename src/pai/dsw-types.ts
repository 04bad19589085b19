// Wire shapes of PAI-DSW 2022-01-01 (notebook instances), limited to the fields the bot reads or writes. Names are the
// PascalCase wire names so a response can be read without mapping. docs/pai-wire-notes.md says what is confirmed.

export const DSW_VERSION = '2022-01-01';

/**
 * A notebook instance id as the bot accepts it: `dsw-` and lowercase letters and digits, the form of the SDK's examples
 * (dsw-05cefd0be2e5a278, dsw-730xxxxxxxxxx) and the simulator's. The SDK gives no rule; this one keeps ids that cannot
 * be an instance (spaces, slashes, other products' ids) from reaching PAI.
 */
export const DSW_INSTANCE_ID = /^dsw-[a-z0-9]{4,60}$/;

/** The closed list the SDK gives for ListInstances' Status filter, in its order. */
export const DSW_INSTANCE_STATUSES = [
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
export type DswInstanceStatus = (typeof DSW_INSTANCE_STATUSES)[number];

export function isKnownDswStatus(status: string): status is DswInstanceStatus {
  return (DSW_INSTANCE_STATUSES as readonly string[]).includes(status);
}

/**
 * Statuses in which an instance stays until someone acts: it runs no pod. Saved and SaveFailed end a stop with
 * SaveImage (assumed; the SDK does not describe them). Anything not listed, an unknown status included, is treated as
 * possibly changing: a status PAI adds later is followed, never taken for gone.
 */
export const DSW_RESTING_STATUSES: readonly DswInstanceStatus[] = ['Stopped', 'Saved', 'SaveFailed', 'Failed'];

export function isRestingDswStatus(status: string): boolean {
  return (DSW_RESTING_STATUSES as readonly string[]).includes(status);
}

export const DSW_PAYMENT_TYPES = ['PayAsYouGo', 'Subscription'] as const;
export const DSW_ACCELERATOR_TYPES = ['CPU', 'GPU'] as const;
export type DswAcceleratorType = (typeof DSW_ACCELERATOR_TYPES)[number];

/** The idle-stop policy ("idle instance culler"): one per instance; thresholds in percent (1-100), times in minutes. */
export interface DswIdleInstanceCuller {
  InstanceId?: string;
  CpuPercentThreshold?: number;
  /** Only applies to GPU instances; an instance is idle when CPU and GPU use are both below their thresholds. */
  GpuPercentThreshold?: number;
  /** Stopped automatically once idle longer than this. */
  MaxIdleTimeInMinutes?: number;
  /** How long the instance has been idle so far. */
  IdleTimeInMinutes?: number;
}

export interface DswRequestedResource {
  CPU?: string;
  GPU?: string;
  GPUType?: string;
  Memory?: string;
  SharedMemory?: string;
}

/** A ListInstances item; GetInstance answers the same plus RequestId. Status stays a string: see isKnownDswStatus. */
export interface DswInstance {
  InstanceId: string;
  InstanceName?: string;
  WorkspaceId?: string;
  WorkspaceName?: string;
  Status: string;
  ReasonCode?: string;
  ReasonMessage?: string;
  /** An ECS instance type (pay-as-you-go instances); subscription instances carry RequestedResource instead. */
  EcsSpec?: string;
  AcceleratorType?: string;
  PaymentType?: string;
  ResourceId?: string;
  RequestedResource?: DswRequestedResource;
  /** Running time summed over the instance's life, in milliseconds. */
  AccumulatedRunningTimeInMs?: number;
  /** Absent when the instance has no idle-stop policy. */
  IdleInstanceCuller?: DswIdleInstanceCuller;
  ImageName?: string;
  ImageUrl?: string;
  UserId?: string;
  UserName?: string;
  GmtCreateTime?: string;
  GmtModifiedTime?: string;
  InstanceUrl?: string;
}

export interface ListInstancesQuery {
  WorkspaceId?: string;
  Status?: string;
  InstanceName?: string;
  InstanceId?: string;
  PaymentType?: string;
  AcceleratorType?: string;
  CreateUserId?: string;
  /** Empty: only the pay-as-you-go instances; 'ALL': every instance; else one subscription resource group. */
  ResourceId?: string;
  SortBy?: 'Priority' | 'GmtCreateTime' | 'GmtModifiedTime';
  Order?: 'ASC' | 'DESC';
  PageNumber?: number;
  PageSize?: number;
}

export interface ListInstancesResponse {
  RequestId: string;
  Instances: DswInstance[];
  TotalCount: number;
}

export type GetInstanceResponse = DswInstance & { RequestId: string };

/** StopInstance, StartInstance, Create/DeleteIdleInstanceCuller. */
export interface DswActionResponse {
  RequestId: string;
  InstanceId?: string;
  Message?: string;
}

export interface CreateIdleInstanceCullerRequest {
  MaxIdleTimeInMinutes: number;
  CpuPercentThreshold?: number;
  GpuPercentThreshold?: number;
}

export type GetIdleInstanceCullerResponse = DswIdleInstanceCuller & { RequestId: string };

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

export interface GetInstanceMetricsQuery {
  MetricType: DswMetricType;
  /** ISO times; sent in the documented form 2020-11-08T15:00:00Z (whole seconds). */
  StartTime?: string;
  EndTime?: string;
  /** Minutes between points, written like the SDK's example: '15m'. */
  TimeStep?: string;
}

export interface DswMetricPoint {
  /** Unix time in seconds (the SDK's example is 1670890560). */
  Time: number;
  Value: number;
}

export interface DswPodMetrics {
  PodId?: string;
  Metrics: DswMetricPoint[];
}

export interface GetInstanceMetricsResponse {
  RequestId: string;
  InstanceId?: string;
  PodMetrics: DswPodMetrics[];
}

export interface ListEcsSpecsQuery {
  /** Required by the SDK. */
  AcceleratorType: DswAcceleratorType;
  PageNumber?: number;
  PageSize?: number;
  SortBy?: string;
  Order?: 'ASC' | 'DESC';
}

export interface DswEcsSpec {
  InstanceType: string;
  AcceleratorType?: string;
  CPU?: number;
  /** GB. */
  Memory?: number;
  GPU?: number;
  GPUType?: string;
  /**
   * A list price. The SDK says only "The price" (example 22.8 with Currency CNY); its unit is not given. Read as per
   * hour, an assumption (docs/pai-wire-notes.md): label any figure built on it as an estimate.
   */
  Price?: number;
  Currency?: string;
  IsAvailable?: boolean;
  SpotStockStatus?: string;
}

export interface ListEcsSpecsResponse {
  RequestId: string;
  EcsSpecs: DswEcsSpec[];
  TotalCount: number;
}
