// `/pai dlc list`: a compact table of recent jobs.

import type { Job } from '../../pai/dlc-types.js';
import type { SlackMessage } from '../../notify/slack-output.js';
import { code, escapeMrkdwn } from './mrkdwn.js';
import { statusEmoji } from './job-status-style.js';
import { truncate } from './truncate.js';

export interface JobListView {
  workspace: string;
  status?: string;
  mine: boolean;
  jobs: readonly Job[];
  total: number;
}

const MAX_ROWS = 20;

export function renderJobList(v: JobListView): SlackMessage {
  const filter = [v.status ? `status ${v.status}` : '', v.mine ? 'yours' : ''].filter(Boolean).join(', ');
  const title = `DLC jobs in ${v.workspace}${filter ? ` (${filter})` : ''}`;
  if (v.jobs.length === 0) return { text: `${title}: none in the last 7 days.`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(title)}*\nNo jobs in the last 7 days.` } }] };
  const rows = v.jobs.slice(0, MAX_ROWS).map((j) => `${statusEmoji(j.Status)} ${code(j.JobId)} *${escapeMrkdwn(truncate(j.DisplayName, 60))}* ${escapeMrkdwn(j.Status)}${j.GmtCreateTime ? ` · ${escapeMrkdwn(j.GmtCreateTime)}` : ''}`);
  const more = v.total > rows.length ? `\n…${v.total - rows.length} more; narrow it with --status or --mine.` : '';
  return {
    text: `${title}: ${v.total} job(s)`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(title)}*\n${rows.join('\n')}${more}` } }],
  };
}
