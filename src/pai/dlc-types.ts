// Wire shapes of PAI-DLC 2020-12-03, limited to the fields the bot reads or writes.
// Names are the PascalCase wire names so a body can be sent and read without mapping.

export const DLC_VERSION = '2020-12-03';

export const JOB_TYPES = [
  'TFJob',
  'PyTorchJob',
  'MPIJob',
  'XGBoostJob',
  'OneFlowJob',
  'ElasticBatchJob',
  'SlurmJob',
  'RayJob',
] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const JOB_STATUSES = [
  'Creating',
  'Queuing',
  'Bidding',
  'EnvPreparing',
  'SanityChecking',
  'Running',
  'Restarting',
  'Stopping',
  'SucceededReserving',
  'FailedReserving',
  'Succeeded',
  'Failed',
  'Stopped',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ['Succeeded', 'Failed', 'Stopped'];

export function isTerminalJobStatus(status: string): boolean {
  return (TERMINAL_JOB_STATUSES as readonly string[]).includes(status);
}

export interface SpotSpec {
  SpotStrategy: 'SpotWithPriceLimit';
  SpotDiscountLimit?: number;
  SpotPriceLimit?: number;
}

export interface JobSpec {
  Type: string; // Worker, Master, Chief, PS, …
  Image: string;
  PodCount: number;
  EcsSpec?: string;
  SpotSpec?: SpotSpec;
}

export interface DataSource {
  Uri: string;
  MountPath?: string;
}

export interface JobSettings {
  Tags?: Record<string, string>;
}

export interface CreateJobRequest {
  DisplayName: string;
  JobType: JobType;
  JobSpecs: JobSpec[];
  UserCommand: string;
  WorkspaceId: string;
  DataSources?: DataSource[];
  Envs?: Record<string, string>;
  Priority?: number;
  Settings?: JobSettings;
}

export interface CreateJobResponse {
  RequestId: string;
  JobId: string;
}

export interface StatusHistoryItem {
  Status: string;
  StartTime?: string;
  EndTime?: string;
  ReasonCode?: string;
  ReasonMessage?: string;
}

export interface Pod {
  PodId: string;
  PodUid?: string;
  Type?: string;
  Status?: string;
  GmtCreateTime?: string;
  GmtStartTime?: string;
  GmtFinishTime?: string;
  /** Earlier runs of a restarted pod, each with its own start and finish. */
  HistoryPods?: Pod[];
}

/** GetJob body and ListJobs items share these fields. */
export interface Job {
  JobId: string;
  DisplayName: string;
  JobType?: string;
  Status: string;
  SubStatus?: string;
  ReasonCode?: string;
  ReasonMessage?: string;
  WorkspaceId?: string;
  WorkspaceName?: string;
  UserId?: string;
  Username?: string;
  Priority?: number;
  GmtCreateTime?: string;
  GmtRunningTime?: string;
  GmtFinishTime?: string;
  Duration?: number;
  StatusHistory?: StatusHistoryItem[];
  Pods?: Pod[];
  JobSpecs?: JobSpec[];
  Settings?: JobSettings;
}

export interface GetJobResponse extends Job {
  RequestId: string;
}

export interface ListJobsQuery {
  WorkspaceId?: string;
  Status?: string;
  DisplayName?: string;
  JobIds?: string[]; // sent comma-separated
  ShowOwn?: boolean;
  UserIdForFilter?: string;
  StartTime?: string; // UTC ISO; PAI defaults to the last 7 days
  EndTime?: string;
  PageNumber?: number;
  PageSize?: number;
  SortBy?: 'GmtCreateTime' | 'GmtFinishTime' | 'Status' | 'DisplayName' | 'JobType';
  Order?: 'desc' | 'asc';
  Tags?: Record<string, string>; // sent as a JSON string
}

export interface ListJobsResponse {
  RequestId: string;
  Jobs: Job[];
  TotalCount: number;
}

export interface StopJobResponse {
  RequestId: string;
  JobId: string;
}

export interface GetPodLogsQuery {
  PodUid?: string; // picks one incarnation of a restarted pod
  MaxLines?: number;
  StartTime?: string;
  EndTime?: string;
}

export interface GetPodLogsResponse {
  RequestId: string;
  PodId: string;
  PodUid?: string;
  Logs: string[];
}

export interface GetJobEventsQuery {
  StartTime?: string; // UTC ISO; PAI defaults to the last 7 days
  EndTime?: string;
  MaxEventsNum?: number;
}

export interface GetJobEventsResponse {
  RequestId: string;
  JobId?: string;
  Events: string[];
}

/** ListEcsSpecs filters (ListEcsSpecsRequest); `InstanceTypes` is sent comma-separated. */
export interface ListEcsSpecsQuery {
  AcceleratorType?: 'CPU' | 'GPU';
  InstanceTypes?: string[];
  ResourceType?: 'ECS' | 'Lingjun';
  PageNumber?: number;
  PageSize?: number;
  SortBy?: 'CPU' | 'GPU' | 'Memory' | 'GmtCreateTime';
  Order?: 'desc' | 'asc';
}

/** One instance type DLC can run on (EcsSpec); Memory and GpuMemory in GiB. DLC gives no price. */
export interface EcsSpec {
  InstanceType: string;
  AcceleratorType?: string;
  Cpu?: number;
  Memory?: number;
  Gpu?: number;
  GpuType?: string;
  GpuMemory?: number;
  IsAvailable?: boolean;
}

export interface ListEcsSpecsResponse {
  RequestId: string;
  EcsSpecs: EcsSpec[];
  TotalCount: number;
}
