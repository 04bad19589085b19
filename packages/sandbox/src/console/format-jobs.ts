// `:jobs`: the simulator's view of every job, which is the truth the bot's cards should converge to.

import { textTable } from './text-table.js';

export interface JobRow {
  JobId: string;
  DisplayName?: string;
  Status?: string;
  WorkspaceId?: string;
}

export function formatJobs(jobs: readonly JobRow[]): string {
  if (jobs.length === 0) return '[sandbox] the simulator has no jobs yet';
  const rows = jobs.map((j) => [j.JobId, j.DisplayName ?? '', j.Status ?? '', j.WorkspaceId ?? '']);
  const header = ['JobId', 'Name', 'Status', 'Workspace'];
  return ['[sandbox] simulator jobs:', ...textTable(header, rows)].join('\n');
}
