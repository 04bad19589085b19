// The one status card per training job, updated in place as the job moves.

import type { KnownBlock } from '@slack/web-api';
import { formatDuration } from '../../config/duration.js';
import type { SlackMessage } from '../../notify/slack-output.js';
import { code, escapeMrkdwn, mention } from './mrkdwn.js';
import { statusEmoji } from './job-status-style.js';
import { truncate } from './truncate.js';

export interface JobCardView {
  name: string;
  jobId?: string;
  workspace: string;
  status: string;
  requester: string; // Slack user id
  jobType: string;
  workers: number;
  instance?: string;
  image: string;
  reason?: string; // ReasonMessage when the job failed or stopped
  /** How long the job has run or took, when known. */
  elapsedMs?: number;
}

export function renderJobCard(v: JobCardView): SlackMessage {
  const idText = v.jobId ? code(v.jobId) : '_not created yet_';
  const fields = [
    `*Job id*\n${idText}`,
    `*Workspace*\n${code(v.workspace)}`,
    `*Status*\n${statusEmoji(v.status)} ${escapeMrkdwn(v.status)}`,
    `*Requested by*\n${mention(v.requester)}`,
    `*Type*\n${escapeMrkdwn(v.jobType)} × ${v.workers}${v.instance ? ` on ${code(v.instance)}` : ''}`,
    `*Image*\n${code(truncate(v.image, 200))}`,
  ];
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`DLC job ${v.name}`, 150), emoji: false } },
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
  ];
  const context = [v.elapsedMs !== undefined ? `elapsed ${formatDuration(v.elapsedMs)}` : '', v.reason ? `reason: ${escapeMrkdwn(truncate(v.reason, 500))}` : '']
    .filter(Boolean)
    .join(' · ');
  if (context) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context }] });
  const text = `DLC job ${v.name} (${v.jobId ?? 'not created yet'}) in ${v.workspace}: ${v.status}`;
  return { text, blocks };
}
