// `:services`: the simulator's view of every EAS service, the truth the bot's cards and alerts
// should converge to.

import { textTable } from './text-table.js';

export interface ServiceRow {
  ServiceName: string;
  Status?: string;
  RunningInstance?: number;
  PendingInstance?: number;
  TotalInstance?: number;
  WorkspaceId?: string;
  /** A :cold-start waiting for the service's next not-ready episode. */
  heldColdStartMs?: number;
}

export function formatServices(services: readonly ServiceRow[], formatMs: (ms: number) => string): string {
  if (services.length === 0) return '[sandbox] the simulator has no EAS services yet';
  const rows = services.map((s) => [
    s.ServiceName,
    s.Status ?? '',
    `${s.RunningInstance ?? 0}/${s.PendingInstance ?? 0}/${s.TotalInstance ?? 0}`,
    s.WorkspaceId ?? '',
    s.heldColdStartMs === undefined ? '' : `next cold start held ${formatMs(s.heldColdStartMs)}`,
  ]);
  const header = ['Service', 'Status', 'Run/Pend/Total', 'Workspace', ''];
  return ['[sandbox] simulator EAS services:', ...textTable(header, rows)].join('\n');
}
