// The one status card per training job, updated in place as the job moves. Re-rendered from the tracked state on
// each transition, so its buttons are those that apply now: Logs, Stop until the job has ended, and Rerun once it
// has ended when the bot kept its submit (src/slack/listeners/card-buttons.ts runs them as the typed commands).

import type { Button, KnownBlock } from '@slack/web-api';
import type { CostEstimate } from '../actions/costs/price-book.js';
import { formatDuration } from '../config/duration.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import { costText, spotText } from './cost-text.js';
import { codeWithin, escapeWithin, mention } from './mrkdwn.js';
import { consoleLinkBlock, dlcConsoleUrl } from './console-links.js';
import { isFinal, statusEmoji } from './job-status-style.js';
import { contextBlock, fieldsSection, headerBlock } from './sections.js';
import { truncate } from './truncate.js';

export const JOB_CARD_LOGS_ACTION_ID = 'job_card_logs';
export const JOB_CARD_STOP_ACTION_ID = 'job_card_stop';
export const JOB_CARD_RERUN_ACTION_ID = 'job_card_rerun';
/** A PAI job id is short; one that is not does not ride in a button (its value holds 2,000 characters at most). */
export const MAX_ID_IN_BUTTON = 200;

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
  /** Where the job lives: with it the card links to the job in the PAI console and carries its buttons. */
  place?: { region: string; workspaceId: string };
  /** The bot kept the job's submit: once the job has ended its card offers Rerun (the values stay off the card). */
  rerun?: boolean;
}

function jobButtons(v: JobCardView & { jobId: string }): KnownBlock {
  const logs: Button = {
    type: 'button',
    action_id: JOB_CARD_LOGS_ACTION_ID,
    text: { type: 'plain_text', text: 'Logs' },
    value: v.jobId,
  };
  const stop: Button = {
    type: 'button',
    action_id: JOB_CARD_STOP_ACTION_ID,
    text: { type: 'plain_text', text: 'Stop' },
    style: 'danger',
    value: v.jobId,
    confirm: {
      title: { type: 'plain_text', text: 'Stop this job?' },
      text: { type: 'plain_text', text: `${truncate(`${v.name} (${v.jobId})`, 250)} stops; its pods are ended.` },
      confirm: { type: 'plain_text', text: 'Stop' },
      deny: { type: 'plain_text', text: 'Keep it running' },
    },
  };
  const rerun: Button = {
    type: 'button',
    action_id: JOB_CARD_RERUN_ACTION_ID,
    text: { type: 'plain_text', text: 'Rerun' },
    value: v.jobId,
    confirm: {
      title: { type: 'plain_text', text: 'Submit this job again?' },
      text: { type: 'plain_text', text: `A new job ${truncate(v.name, 250)} is submitted as this one was.` },
      confirm: { type: 'plain_text', text: 'Rerun' },
      deny: { type: 'plain_text', text: 'Cancel' },
    },
  };
  if (!isFinal(v.status)) return { type: 'actions', elements: [logs, stop] };
  return { type: 'actions', elements: v.rerun ? [logs, rerun] : [logs] };
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
  if (v.place && v.jobId) {
    const link = consoleLinkBlock(dlcConsoleUrl(v.place.region, v.place.workspaceId, v.jobId));
    if (link) blocks.push(link);
    if (v.jobId.length <= MAX_ID_IN_BUTTON) blocks.push(jobButtons({ ...v, jobId: v.jobId }));
  }
  const text = `DLC job ${escapeWithin(v.name, 300)} (${v.jobId ? escapeWithin(v.jobId, 100) : 'not created yet'}) in ${escapeWithin(v.workspace, 100)}: ${escapeWithin(v.status, 100)}`;
  return { text, blocks };
}
