// `:jobs`: the simulator's view of every job, which is the truth the bot's cards should converge to.

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
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return ['[sandbox] simulator jobs:', ...[header, ...rows].map((r) => `  ${line(r)}`)].join('\n');
}
