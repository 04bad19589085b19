// Wire shapes of PAI AIWorkspace 2021-02-04 (only ListWorkspaces is used).

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
