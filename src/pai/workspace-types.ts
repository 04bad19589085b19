// Wire shapes of PAI AIWorkspace 2021-02-04: ListWorkspaces, and the Model Gallery reads (ListModels,
// ListModelVersions, GetModelVersion). Only what the bot sends or reads is typed; the client keeps every other field.

export const WORKSPACE_VERSION = '2021-02-04';

export interface Workspace {
  WorkspaceId: string;
  WorkspaceName: string;
  Description?: string;
  EnvTypes?: string[];
  Status?: string;
  IsDefault?: boolean;
  Creator?: string;
  GmtCreateTime?: string;
}

export interface ListWorkspacesQuery {
  WorkspaceIds?: string[]; // sent comma-separated
  WorkspaceName?: string;
  PageNumber?: number;
  PageSize?: number;
}

export interface ListWorkspacesResponse {
  RequestId: string;
  Workspaces: Workspace[];
  TotalCount: number;
}

/** The provider of PAI's own catalogue models; without a Provider, ListModels lists only the caller's own models. */
export const GALLERY_PROVIDER = 'pai';
/** The collection of the console's QuickStart catalogue (the SDK's own example value of Collections). */
export const QUICKSTART_COLLECTION = 'QuickStart';

/** A label of a model or model version (the SDK's Label model). */
export interface ModelLabel {
  Key: string;
  Value: string;
}

/**
 * How a model version is served: an EAS service config (metadata, cloud, containers, storage, …) as a JSON object,
 * without the service name. Typed loosely on purpose: a deploy passes it on with only the name and workspace set,
 * so every key PAI put there must survive untouched.
 */
export type InferenceSpec = Record<string, unknown>;

/** The SDK's ModelVersion model, as ListModelVersions items, a model's LatestVersion and GetModelVersion show it. */
export interface ModelVersion {
  VersionName: string;
  VersionDescription?: string;
  /** Where the model files are: `oss://<bucket>.<endpoint>/path/` or an HTTP(S) address. */
  Uri?: string;
  Labels?: ModelLabel[];
  InferenceSpec?: InferenceSpec;
  FormatType?: string;
  FrameworkType?: string;
  ApprovalStatus?: string;
  SourceType?: string;
  SourceId?: string;
  GmtCreateTime?: string;
  GmtModifiedTime?: string;
}

/** The SDK's Model model (ListModels items). */
export interface Model {
  ModelId: string;
  ModelName: string;
  ModelDescription?: string;
  Provider?: string;
  Task?: string;
  Domain?: string;
  Origin?: string;
  ModelType?: string;
  Labels?: ModelLabel[];
  Tags?: ModelLabel[];
  OrderNumber?: number;
  LatestVersion?: ModelVersion;
  WorkspaceId?: string;
  GmtCreateTime?: string;
  GmtModifiedTime?: string;
}

export interface ListModelsQuery {
  Provider?: string;
  Collections?: string[]; // sent comma-separated
  Task?: string;
  Domain?: string;
  /** Fuzzy; in double quotes an exact match (how the PAI Python SDK looks a model up by name). */
  ModelName?: string;
  /** Matches a label key or value. */
  Label?: string;
  /** Matches ModelName, Domain, Task, label keys and values. */
  Query?: string;
  ModelType?: string;
  Origin?: string;
  Tag?: ModelLabel[]; // sent as a JSON string
  WorkspaceId?: string;
  SortBy?: 'GmtCreateTime';
  Order?: 'ASC' | 'DESC';
  PageNumber?: number;
  PageSize?: number; // default 10
}

export interface ListModelsResponse {
  RequestId: string;
  Models: Model[];
  TotalCount: number;
}

export interface ListModelVersionsQuery {
  VersionName?: string;
  Label?: string;
  ApprovalStatus?: 'Pending' | 'Approved' | 'Rejected';
  FormatType?: string;
  FrameworkType?: string;
  SourceType?: string;
  SourceId?: string;
  SortBy?: 'GmtCreateTime';
  Order?: 'ASC' | 'DESC';
  PageNumber?: number;
  PageSize?: number; // default 10
}

export interface ListModelVersionsResponse {
  RequestId: string;
  Versions: ModelVersion[];
  TotalCount: number;
}

export interface GetModelVersionResponse extends ModelVersion {
  RequestId: string;
}
