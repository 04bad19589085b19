// Wire shapes of PAI-EAS 2021-07-01, limited to the fields the bot reads or writes.
// Paths use `{ClusterId}` = the region id (e.g. cn-shanghai).

export const EAS_VERSION = '2021-07-01';

/**
 * The Service model's Status values, as the official SDK lists them (eas-20210701; there is no `Deploying`). Their
 * meanings are not documented, so the bot groups them; a value not listed here is kept and shown as it is, never taken
 * for stopped or gone (a service is gone only when ListServices no longer lists it).
 */
export const SERVICE_STATUSES = [
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
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** The service config, sent as a JSON string in CreateService / UpdateService bodies. */
export interface ServiceConfig {
  metadata: {
    name: string;
    instance: number;
    workspace_id?: string;
    cpu?: number;
    memory?: number; // MB
    gpu?: number;
  };
  cloud?: { computing: { instances: { type: string }[] } };
  containers?: {
    image: string;
    command?: string;
    script?: string;
    port?: number;
    env?: { name: string; value: string }[];
  }[];
  storage?: { mount_path: string; oss: { path: string; readOnly?: boolean } }[];
}

/**
 * A service config the bot did not write itself: a Model Gallery version's InferenceSpec with the bot's name and
 * workspace set. Every key PAI put there is kept and sent, so only the keys the bot sets or reads are typed.
 */
export interface SpecServiceConfig {
  [key: string]: unknown;
  metadata: { [key: string]: unknown; name: string; instance?: unknown; workspace_id?: string };
}

export interface CreateServiceResponse {
  RequestId: string;
  ServiceId: string;
  ServiceName: string;
  Status: string;
  Region: string;
  InternetEndpoint?: string;
  IntranetEndpoint?: string;
}

export interface Service {
  /** The Alibaba Cloud account (UID) that created the service, as ListServices and DescribeService show it. */
  CallerUid?: string;
  ServiceName: string;
  ServiceId?: string;
  Status: string;
  Reason?: string;
  Message?: string;
  RunningInstance?: number;
  PendingInstance?: number;
  TotalInstance?: number;
  InternetEndpoint?: string;
  IntranetEndpoint?: string;
  ServiceConfig?: string; // JSON text of ServiceConfig
  CreateTime?: string; // RFC3339 UTC
  UpdateTime?: string;
  Weight?: number;
  TrafficState?: string;
  ServiceGroup?: string;
  Image?: string;
  Region?: string;
  WorkspaceId?: string;
  CurrentVersion?: number;
  LatestVersion?: number;
  // No AutoscalerEnabled: the SDK's Service model has none (it is only a ListServices filter); whether a service has
  // an autoscaler is DescribeServiceAutoScaler's to say (docs/pai-wire-notes.md).
  Labels?: { LabelKey: string; LabelValue: string }[];
}

export interface DescribeServiceResponse extends Service {
  RequestId: string;
}

export interface ListServicesQuery {
  WorkspaceId?: string;
  PageNumber?: number;
  PageSize?: number; // default 100
  Filter?: string; // name, fuzzy
  ServiceName?: string;
  ServiceStatus?: string;
  Label?: Record<string, string>; // sent as a JSON string
  Sort?: string;
  Order?: 'asc' | 'desc';
  /** EAS defaults it to true; listServicesQuery sends false with a WorkspaceId unless this says otherwise. */
  IncludeNoWorkspace?: boolean;
}

export interface ListServicesResponse {
  RequestId: string;
  Services: Service[];
  TotalCount: number;
  PageNumber?: number;
  PageSize?: number;
}

/** Start, Stop, Restart, Delete, Scale, Update, Release and the autoscaler calls answer this. */
export interface MessageResponse {
  RequestId: string;
  Message?: string;
}

export interface ScaleServiceRequest {
  Instance: number;
}

export interface AutoScalerRequest {
  min: number;
  max: number;
  /** Required by the API (the SDK marks it so): at least one metric. */
  scaleStrategies: { metricName: 'qps' | 'cpu' | 'gpu[util]'; threshold: number; service?: string }[];
}

export interface DescribeServiceAutoScalerResponse {
  RequestId: string;
  ServiceName?: string;
  MinReplica?: number;
  MaxReplica?: number;
  ScaleStrategies?: { metricName: string; threshold: number }[];
  CurrentMetrics?: { metricName: string; value: number }[];
}

export interface ReleaseServiceRequest {
  Weight: number;
  TrafficState?: 'standalone' | 'grouping';
}

/** DescribeServiceEvent items have exactly these four fields (Time is `2006-01-02 15:04:05`, UTC; Message is JSON text). */
export interface ServiceEvent {
  Time: string;
  Type: 'Normal' | 'Warning' | string;
  Reason: string;
  Message: string;
}

export interface DescribeServiceEventQuery {
  StartTime?: string; // '2006-01-02 15:04:05' UTC
  EndTime?: string;
  EventType?: 'Normal' | 'Warning';
  PageNum?: number;
  PageSize?: number;
}

export interface DescribeServiceEventResponse {
  RequestId: string;
  Events: ServiceEvent[];
  TotalCount?: number;
  TotalPageNum?: number;
}

export interface ServiceInstance {
  InstanceName: string;
  Status: string; // Pending | Running | Terminating | Succeeded | Failed | Unknown
  Reason?: string;
  ReadyProcesses?: number;
  TotalProcesses?: number;
  RestartCount?: number;
  StartTime?: string;
  InstanceType?: string;
}

export interface ListServiceInstancesResponse {
  RequestId: string;
  Instances: ServiceInstance[];
  TotalCount?: number;
}

export interface DescribeServiceDiagnosisResponse {
  RequestId: string;
  DiagnosisList: { Error: string; Causes: string[]; Advices: string[] }[];
}

/**
 * One instance type of the shared resource group (DescribeMachineSpec's InstanceMetas item,
 * DescribeMachineSpecResponseBody.ts). Unlike DLC's EcsSpec the GPU model is `GPU` and the count `GPUAmount`; Memory
 * and GPUMemory in GB. StockStatus is one of WithStock, ClosedWithStock, NoStock. EAS gives no price here either.
 */
export interface MachineSpec {
  InstanceType: string;
  CPU?: number;
  Memory?: number;
  GPU?: string;
  GPUAmount?: number;
  GPUMemory?: number;
  IsAvailable?: boolean;
  StockStatus?: string;
  Vendor?: string;
}

/** DescribeMachineSpec (GET /api/v2/public/instance_types): the whole list, no paging. */
export interface DescribeMachineSpecResponse {
  RequestId: string;
  InstanceMetas: MachineSpec[];
}
