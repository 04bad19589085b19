// The bot's YAML config as the integration tests write it: region cn-shanghai, a fast poll, and the dev and prod
// workspaces that the PAI simulator of the harness knows (100001 and 100002).

import { stringify } from 'yaml';

export interface WorkspaceYaml {
  name: string;
  id: string;
  env: string;
  channels: string[];
  operators?: string[];
  approvers?: string[];
  approvals_required?: number;
}

export interface AlertsYaml {
  channel: string;
  mention: string[];
  cold_start_after?: string;
}

export interface ApprovalsYaml {
  approve_reactions?: string[];
  reject_reactions?: string[];
  expire_after?: string;
  max_pending_per_user?: number;
  max_pending_per_workspace?: number;
}

export interface ConfigYamlOptions {
  workspaces: WorkspaceYaml[];
  approvals?: ApprovalsYaml;
  alerts?: AlertsYaml;
  limits?: { queued_changes_per_user?: number };
  /** Default 50ms. */
  pollInterval?: string;
  appHome?: { opened_within?: string; publishes_per_minute?: number };
}

/** Workspace dev (100001) in channel C0DEV. */
export const DEV_WORKSPACE: WorkspaceYaml = { name: 'dev', id: '100001', env: 'dev', channels: ['C0DEV'] };

/** DEV_WORKSPACE with operators. */
export function devWorkspace(opts: { operators: string[] }): WorkspaceYaml {
  return { ...DEV_WORKSPACE, operators: opts.operators };
}

/** Workspace prod (100002) in channel C0PROD; `required` is approvals_required (left out when not given). */
export function prodWorkspace(opts: { approvers: string[]; required?: number; operators?: string[] }): WorkspaceYaml {
  return {
    name: 'prod',
    id: '100002',
    env: 'prod',
    channels: ['C0PROD'],
    ...(opts.operators ? { operators: opts.operators } : {}),
    approvers: opts.approvers,
    ...(opts.required !== undefined ? { approvals_required: opts.required } : {}),
  };
}

/** On-call alerts to C0ONCALL, mentioning S0ONCALL (or `mention`). */
export function oncallAlerts(extra: { mention?: string[]; cold_start_after?: string } = {}): AlertsYaml {
  return {
    channel: 'C0ONCALL',
    mention: extra.mention ?? ['S0ONCALL'],
    ...(extra.cold_start_after ? { cold_start_after: extra.cold_start_after } : {}),
  };
}

/** The config file's text. */
export function configYaml(opts: ConfigYamlOptions): string {
  return stringify({
    region: 'cn-shanghai',
    poll_interval: opts.pollInterval ?? '50ms',
    workspaces: opts.workspaces,
    ...(opts.approvals ? { approvals: opts.approvals } : {}),
    ...(opts.alerts ? { alerts: opts.alerts } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.appHome ? { app_home: opts.appHome } : {}),
  });
}
