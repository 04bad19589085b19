// `:notebooks`: the simulator's view of every DSW notebook, the truth `/pai dsw list`, the idle digest and
// `/pai cost` should agree with.

import { formatDuration } from '../../../../src/config/duration.js';
import { textTable } from './text-table.js';

export interface NotebookRow {
  instanceId: string;
  name: string;
  workspaceId: string;
  status: string;
  ecsSpec: string;
  accumulatedRunningTimeMs: number;
  /** Minutes idle under the policy; PAI counts none without one (or when not running). */
  idleMinutes: number | undefined;
  culler: { maxIdleTimeInMinutes: number; cpuPercentThreshold: number; gpuPercentThreshold: number } | undefined;
  utilisation: { cpu: number; gpu: number };
}

/** A policy as the table shows it: `4h (CPU<20% GPU<10%)`. */
export function policyText(culler: NotebookRow['culler']): string {
  if (!culler) return 'none';
  return `${formatDuration(culler.maxIdleTimeInMinutes * 60_000)} (CPU<${culler.cpuPercentThreshold}% GPU<${culler.gpuPercentThreshold}%)`;
}

export function formatNotebooks(notebooks: readonly NotebookRow[]): string {
  if (notebooks.length === 0) return '[sandbox] the simulator has no DSW notebooks yet (:notebook starts one)';
  const rows = notebooks.map((n) => [
    n.instanceId,
    n.name,
    n.status,
    n.ecsSpec,
    formatDuration(n.accumulatedRunningTimeMs),
    n.idleMinutes === undefined ? '-' : `${n.idleMinutes} min`,
    policyText(n.culler),
    `CPU ${n.utilisation.cpu}% GPU ${n.utilisation.gpu}%`,
    n.workspaceId,
  ]);
  const header = ['Instance', 'Name', 'Status', 'Spec', 'Running', 'Idle', 'Idle-stop', 'Load', 'Workspace'];
  return [
    '[sandbox] simulator DSW notebooks (Idle: minutes idle under the idle-stop policy; PAI counts none without one):',
    ...textTable(header, rows),
  ].join('\n');
}
