// Where and whether an alert goes, per workspace: the workspace's own alerts block over the top-level one.

import type { AlertKind, FileConfig, WorkspaceConfig } from '../../config/file-schema.js';

export interface WorkspaceAlerts {
  channel: string;
  mention: string[];
  cold_start_after: number;
  on: AlertKind[];
  dev_max_per_hour: number;
}

const DEFAULT_COLD_START_AFTER_MS = 5 * 60_000;
const DEFAULT_DEV_MAX_PER_HOUR = 2;

/** The alert settings that apply to a workspace; undefined when neither it nor the top level names a channel. */
export function alertsFor(
  config: Pick<FileConfig, 'alerts' | 'workspaces'>,
  workspaceId: string,
): WorkspaceAlerts | undefined {
  const own = config.workspaces.find((w) => w.id === workspaceId)?.alerts;
  const top = config.alerts;
  const channel = own?.channel ?? top?.channel;
  if (!channel) return undefined;
  return {
    channel,
    mention: own?.mention ?? top?.mention ?? [],
    cold_start_after: own?.cold_start_after ?? top?.cold_start_after ?? DEFAULT_COLD_START_AFTER_MS,
    on: own?.on ?? top?.on ?? ['oss_403', 'cold_start', 'failed'],
    dev_max_per_hour: own?.dev_max_per_hour ?? top?.dev_max_per_hour ?? DEFAULT_DEV_MAX_PER_HOUR,
  };
}

/** The alert settings of a workspace when this kind alerts there; undefined when it does not (no channel, or not in `on`). */
export function alertRoute(
  config: Pick<FileConfig, 'alerts' | 'workspaces'>,
  workspaceId: string,
  kind: AlertKind,
): WorkspaceAlerts | undefined {
  const a = alertsFor(config, workspaceId);
  return a?.on.includes(kind) ? a : undefined;
}

/** all: every job and service of the workspace is watched; launched: only what the bot launched or changed. */
export function watchOf(ws: Pick<WorkspaceConfig, 'env' | 'watch'>): 'all' | 'launched' {
  return ws.watch ?? (ws.env === 'prod' ? 'all' : 'launched');
}
