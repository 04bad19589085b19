// PAI AIWorkspace 2021-02-04, the Model Gallery reads (ListModels, ListModelVersions, GetModelVersion), on the wire as
// the official generated SDK defines them. Written for the simulator from the SDK models, not from the bot's src/pai
// types. docs/pai-wire-notes.md ("Model Gallery") says where each fact was read and what is assumed.

export { WORKSPACE_API_VERSION as GALLERY_API_VERSION } from './workspace.js';

/** The query keys ListModels sends (ListModelsShrinkRequest); Collections is comma-separated, Tag JSON text. */
export const LIST_MODELS_QUERY_KEYS = [
  'Collections',
  'Domain',
  'Label',
  'ModelName',
  'ModelType',
  'Order',
  'Origin',
  'PageNumber',
  'PageSize',
  'Provider',
  'Query',
  'SortBy',
  'Tag',
  'Task',
  'WorkspaceId',
] as const;

/** The query keys ListModelVersions sends (ListModelVersionsRequest). GetModelVersion sends none. */
export const LIST_MODEL_VERSIONS_QUERY_KEYS = [
  'ApprovalStatus',
  'FormatType',
  'FrameworkType',
  'Label',
  'Order',
  'PageNumber',
  'PageSize',
  'SortBy',
  'SourceId',
  'SourceType',
  'VersionName',
] as const;

/** "Default value: ASC" for both listings. */
export const GALLERY_ORDER = ['ASC', 'DESC'] as const;
/** "The GmtCreateTime field is used for sorting": the only sort key either request names. */
export const GALLERY_SORT_BY = ['GmtCreateTime'] as const;
export const APPROVAL_STATUSES = ['Pending', 'Approved', 'Rejected'] as const;
export const MODEL_SOURCE_TYPES = ['Custom', 'PAIFlow', 'TrainingService'] as const;
/** PageSize: "Default value: 10" for both listings. */
export const GALLERY_DEFAULT_PAGE_SIZE = 10;

/** The Label model (also used for a model's Tags and ListModelsRequestTag). */
export interface WireLabel {
  Key: string;
  Value: string;
}

/** The ModelVersion model: ListModelVersions items, Model.LatestVersion, and GetModelVersion's body. */
export interface WireModelVersion {
  VersionName: string;
  VersionDescription?: string;
  Uri?: string;
  Labels?: WireLabel[];
  /** A map: how the version is served, an EAS service config without the service name. */
  InferenceSpec?: Record<string, unknown>;
  TrainingSpec?: Record<string, unknown>;
  EvaluationSpec?: Record<string, unknown>;
  CompressionSpec?: Record<string, unknown>;
  Metrics?: Record<string, unknown>;
  ExtraInfo?: Record<string, unknown>;
  /** JSON text. */
  Options?: string;
  FormatType?: string;
  FrameworkType?: string;
  ApprovalStatus?: string;
  SourceType?: string;
  SourceId?: string;
  OwnerId?: string;
  UserId?: string;
  GmtCreateTime?: string;
  GmtModifiedTime?: string;
}

/** The SDK's Model model: ListModels items. */
export interface WireModel {
  ModelId: string;
  ModelName: string;
  ModelDescription?: string;
  ModelDoc?: string;
  ModelType?: string;
  Provider?: string;
  Task?: string;
  Domain?: string;
  Origin?: string;
  Accessibility?: string;
  Labels?: WireLabel[];
  Tags?: WireLabel[];
  OrderNumber?: number;
  LatestVersion?: WireModelVersion;
  ExtraInfo?: Record<string, unknown>;
  WorkspaceId?: string;
  OwnerId?: string;
  UserId?: string;
  GmtCreateTime?: string;
  GmtModifiedTime?: string;
}

export interface WireListModelsResponse {
  Models: WireModel[];
  TotalCount: number;
  RequestId?: string;
}

export interface WireListModelVersionsResponse {
  Versions: WireModelVersion[];
  TotalCount: number;
  RequestId?: string;
}

/** GetModelVersionResponseBody: the ModelVersion fields and RequestId. */
export type WireGetModelVersionResponse = WireModelVersion & { RequestId?: string };
