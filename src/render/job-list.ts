// `/pai dlc list`: a compact table of recent jobs.

import type { Job } from '../pai/dlc-types.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import { codeWithin, escapeWithin } from './mrkdwn.js';
import { statusEmoji } from './job-status-style.js';
import { MAX_BLOCKS, packWithin, section } from './sections.js';

export interface JobListView {
  workspace: string;
  status?: string;
  mine: boolean;
  jobs: readonly Job[];
  total: number;
}

const MAX_ROWS = 20;

export function renderJobList(v: JobListView): SlackMessage {
  const filter = [v.status ? `status ${escapeWithin(v.status, 100)}` : '', v.mine ? 'yours' : '']
    .filter(Boolean)
    .join(', ');
  const title = `DLC jobs in ${escapeWithin(v.workspace, 100)}${filter ? ` (${filter})` : ''}`;
  if (v.jobs.length === 0)
    return { text: `${title}: none in the last 7 days.`, blocks: [section(`*${title}*\nNo jobs in the last 7 days.`)] };
  // A row is at most ~500 characters; rows are packed into as many sections as they need.
  const rows = v.jobs
    .slice(0, MAX_ROWS)
    .map(
      (j) =>
        `${statusEmoji(j.Status)} ${codeWithin(j.JobId, 80)} *${escapeWithin(j.DisplayName, 200)}* ${escapeWithin(j.Status, 50)}${j.GmtCreateTime ? ` · ${escapeWithin(j.GmtCreateTime, 50)}` : ''}`,
    );
  const total = Math.max(v.total, rows.length);
  const sections = packWithin(
    [`*${title}*`, ...rows],
    MAX_BLOCKS,
    (n) => `…${n} more; narrow it with --status or --mine.`,
    { hidden: total - rows.length },
  ).map(section);
  return { text: `${title}: ${total} job(s)`, blocks: sections };
}
