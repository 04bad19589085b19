// PAI-DLC 2020-12-03 on the wire, as the official generated SDK models define it: field names, which fields the SDK
// marks required, the closed value lists its remarks give, and which query keys each action sends. Written for the
// simulator from the SDK, not from the bot's src/pai types, so a misreading in the bot is not shared by the simulator.
// docs/pai-wire-notes.md says where each fact was read and which behaviours are assumptions.

export const DLC_API_VERSION = '2020-12-03';

// The field lists (which keys each request model accepts, which fields each response model has): dlc-fields.ts.
export * from './dlc-fields.js';

/** CreateJob JobType: "The value is case-sensitive"; the remarks list exactly these. */
export const DLC_JOB_TYPES = [
  'TFJob',
  'PyTorchJob',
  'MPIJob',
  'XGBoostJob',
  'OneFlowJob',
  'ElasticBatchJob',
  'SlurmJob',
  'RayJob',
] as const;
export type DlcJobType = (typeof DLC_JOB_TYPES)[number];

/** Job Status, the complete list of the ListJobs Status remarks. */
export const DLC_JOB_STATUSES = [
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
export type DlcJobStatus = (typeof DLC_JOB_STATUSES)[number];

/** GetJob Pods[].Status remarks. */
export const DLC_POD_STATUSES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;

/** JobSpec.Type per JobType, from the JobSpec.Type remarks; job types not listed there take any value. */
export const DLC_SPEC_TYPES: Readonly<Partial<Record<DlcJobType, readonly string[]>>> = {
  TFJob: ['Chief', 'PS', 'Worker', 'Evaluator', 'GraphLearn'],
  PyTorchJob: ['Worker', 'Master'],
  XGBoostJob: ['Worker', 'Master'],
  OneFlowJob: ['Worker', 'Master'],
  ElasticBatchJob: ['Worker', 'Master'],
};

export const DLC_RESTART_POLICIES = ['Always', 'Never', 'OnFailure', 'ExitCode'] as const;
export const DLC_SUCCESS_POLICIES = ['AllWorkers', 'ChiefWorker'] as const;
export const DLC_ACCESSIBILITY = ['PUBLIC', 'PRIVATE'] as const;
/** SpotSpec.SpotStrategy: the struct's documentation lists only this value. */
export const DLC_SPOT_STRATEGIES = ['SpotWithPriceLimit'] as const;
export const DLC_LIST_SORT_BY = ['DisplayName', 'JobType', 'Status', 'GmtCreateTime', 'GmtFinishTime'] as const;
export const DLC_LIST_ORDER = ['desc', 'asc'] as const;
export const DLC_PAYMENT_TYPES = ['PrePaid', 'Spot', 'PostPaid'] as const;
/** ListEcsSpecsRequest remarks: AcceleratorType CPU or GPU, ResourceType ECS or Lingjun, SortBy CPU, GPU, Memory or
 * GmtCreateTime (its @example says "Gpu", which the list does not hold), Order desc or asc. */
export const DLC_ACCELERATOR_TYPES = ['CPU', 'GPU'] as const;
export const DLC_RESOURCE_TYPES = ['ECS', 'Lingjun'] as const;
export const DLC_SPEC_SORT_BY = ['CPU', 'GPU', 'Memory', 'GmtCreateTime'] as const;

/** Every time DLC takes or shows: UTC, whole seconds, e.g. 2020-11-08T16:00:00Z (the SDK's examples). */
export const DLC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export interface DlcSpotSpec {
  SpotStrategy: (typeof DLC_SPOT_STRATEGIES)[number];
  /** Only one of SpotDiscountLimit and SpotPriceLimit (CNY/minute). */
  SpotDiscountLimit?: number;
  SpotPriceLimit?: number;
}

/** The SDK marks no JobSpec field required; a spec without Type, Image and PodCount cannot run, so the simulator requires them. */
export interface DlcJobSpec {
  Type: string;
  Image: string;
  PodCount: number;
  EcsSpec?: string;
  SpotSpec?: DlcSpotSpec;
  RestartPolicy?: string;
  [other: string]: unknown;
}

export interface DlcDataSource {
  DataSourceId?: string;
  Uri?: string;
  MountPath?: string;
  [other: string]: unknown;
}

export interface DlcJobSettings {
  Tags?: Record<string, string>;
  [other: string]: unknown;
}

export interface DlcCreateJobRequest {
  DisplayName: string;
  JobType: DlcJobType;
  JobSpecs: DlcJobSpec[];
  UserCommand: string;
  WorkspaceId?: string;
  ResourceId?: string;
  Priority?: number;
  Envs?: Record<string, string>;
  DataSources?: DlcDataSource[];
  Settings?: DlcJobSettings;
  [other: string]: unknown;
}

export interface DlcCreateJobResponse {
  JobId: string;
  RequestId?: string;
}

export interface DlcStopJobResponse {
  JobId: string;
  RequestId?: string;
}

/** StatusTransitionItem. */
export interface DlcStatusTransition {
  Status: string;
  StartTime?: string;
  EndTime?: string;
  ReasonCode?: string;
  ReasonMessage?: string;
}

/** GetJobResponseBodyPods / PodItem. */
export interface DlcPod {
  PodId: string;
  PodUid?: string;
  Type?: string;
  Status?: string;
  SubStatus?: string;
  Ip?: string;
  NodeName?: string;
  GmtCreateTime?: string;
  GmtStartTime?: string;
  GmtFinishTime?: string;
  HistoryPods?: DlcPod[];
}

/** GetJobResponseBody and JobItem share these fields. */
export interface DlcJob {
  JobId: string;
  DisplayName: string;
  JobType: string;
  Status: string;
  SubStatus?: string;
  ReasonCode?: string;
  ReasonMessage?: string;
  WorkspaceId?: string;
  WorkspaceName?: string;
  ResourceId?: string;
  ResourceType?: string;
  UserId?: string;
  Priority?: number;
  UserCommand?: string;
  GmtCreateTime?: string;
  GmtSubmittedTime?: string;
  GmtRunningTime?: string;
  GmtFinishTime?: string;
  /** Sic: the SDK spells it so. */
  GmtSuccessedTime?: string;
  GmtFailedTime?: string;
  GmtStoppedTime?: string;
  /** Seconds. */
  Duration?: number;
  StatusHistory?: DlcStatusTransition[];
  Pods?: DlcPod[];
  JobSpecs?: DlcJobSpec[];
  Settings?: DlcJobSettings;
  DataSources?: DlcDataSource[];
  Envs?: Record<string, string>;
}

export interface DlcListJobsResponse {
  Jobs: DlcJob[];
  TotalCount: number;
  RequestId?: string;
}

export interface DlcGetPodLogsResponse {
  JobId?: string;
  PodId: string;
  PodUid?: string;
  Logs: string[];
  RequestId?: string;
}

export interface DlcGetJobEventsResponse {
  JobId?: string;
  Events: string[];
  RequestId?: string;
}

/** EcsSpec (models/EcsSpec.ts): every field optional in the SDK. Memory and GpuMemory are numbers (GiB by the examples). */
export interface DlcEcsSpec {
  AcceleratorType?: string;
  Cpu?: number;
  DefaultGPUDriver?: string;
  Gpu?: number;
  GpuMemory?: number;
  GpuType?: string;
  InstanceType?: string;
  IsAvailable?: boolean;
  Memory?: number;
  NonProtectSpotDiscount?: number;
  PaymentTypes?: string[];
  ResourceType?: string;
  SpotStockStatus?: string;
  SupportedGPUDrivers?: string[];
}

/** ListEcsSpecsResponseBody. */
export interface DlcListEcsSpecsResponse {
  EcsSpecs?: DlcEcsSpec[];
  RequestId?: string;
  TotalCount?: number;
}
