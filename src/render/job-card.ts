// The one status card per training job, updated in place as the job moves.

import type { KnownBlock } from '@slack/web-api';
import type { CostEstimate } from '../actions/costs/price-book.js';
import { formatDuration } from '../config/duration.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import { costText, spotText } from './cost-text.js';
import { codeWithin, escapeWithin, mention } from './mrkdwn.js';
import { statusEmoji } from './job-status-style.js';
import { contextBlock, fieldsSection, headerBlock } from './sections.js';

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
  /** What the finished job cost (one estimate per instance type), when a price is known; the watcher works it out. */
  cost?: { estimates: readonly CostEstimate[]; spot?: { bidPercent?: number } };
}

// Every field stays far below Slack's 2000 per field even when escaping grows & < > fivefold.
export function renderJobCard(v: JobCardView): SlackMessage {
  const idText = v.jobId ? codeWithin(v.jobId, 100) : '_not created yet_';
  const fields = [
    `*Job id*\n${idText}`,
    `*Workspace*\n${codeWithin(v.workspace, 100)}`,
    `*Status*\n${statusEmoji(v.status)} ${escapeWithin(v.status, 100)}`,
    `*Requested by*\n${mention(v.requester)}`,
    `*Type*\n${escapeWithin(v.jobType, 100)} × ${v.workers}${v.instance ? ` on ${codeWithin(v.instance, 100)}` : ''}`,
    `*Image*\n${codeWithin(v.image, 400)}`,
  ];
  const costs = (v.cost?.estimates ?? []).slice(0, 5).map(costText);
  if (costs.length) {
    const spot = v.cost?.spot ? `\n_${escapeWithin(spotText(v.cost.spot.bidPercent), 300)}_` : '';
    fields.push(`*Cost*\n${costs.map((c) => escapeWithin(c, 300)).join('\n')}${spot}`);
  }
  const blocks: KnownBlock[] = [headerBlock(`DLC job ${v.name}`), fieldsSection(fields)];
  const context = [
    v.elapsedMs !== undefined ? `elapsed ${formatDuration(v.elapsedMs)}` : '',
    v.reason ? `reason: ${escapeWithin(v.reason, 1500)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  if (context) blocks.push(contextBlock(context));
  const text = `DLC job ${escapeWithin(v.name, 300)} (${v.jobId ? escapeWithin(v.jobId, 100) : 'not created yet'}) in ${escapeWithin(v.workspace, 100)}: ${escapeWithin(v.status, 100)}`;
  return { text, blocks };
}
