// PAI AIWorkspace 2021-02-04 on the wire (ListWorkspaces only), as the official generated SDK models define it. Written
// for the simulator from the SDK, not from the bot's src/pai types. docs/pai-wire-notes.md says where each fact was
// read.

export const WORKSPACE_API_VERSION = '2021-02-04';

export const WORKSPACE_STATUSES = ['ENABLED', 'INITIALIZING', 'FAILURE', 'DISABLED', 'FROZEN', 'UPDATING'] as const;
export const WORKSPACE_ORDER = ['ASC', 'DESC'] as const;
export const WORKSPACE_SORT_BY = ['GmtCreateTime', 'GmtModifiedTime'] as const;
export const WORKSPACE_OPTIONS = ['GetWorkspaces', 'GetResourceLimits'] as const;

/** The query keys ListWorkspaces sends; WorkspaceIds is comma-separated. */
export const LIST_WORKSPACES_QUERY_KEYS = [
  'Fields',
  'ModuleList',
  'Option',
  'Order',
  'PageNumber',
  'PageSize',
  'ResourceGroupId',
  'SortBy',
  'Status',
  'UserId',
  'Verbose',
  'WorkspaceIds',
  'WorkspaceName',
] as const;

/** ListWorkspacesResponseBodyWorkspaces. GmtCreateTime is ISO 8601 with milliseconds (yyyy-MM-ddTHH:mm:ss.SSSZ). */
export interface WireWorkspace {
  WorkspaceId: string;
  WorkspaceName: string;
  Description?: string;
  EnvTypes?: string[];
  Status?: string;
  IsDefault?: boolean;
  Creator?: string;
  AdminNames?: string[];
  GmtCreateTime?: string;
  GmtModifiedTime?: string;
}

export interface WireListWorkspacesResponse {
  Workspaces: WireWorkspace[];
  TotalCount: number;
  RequestId?: string;
}
