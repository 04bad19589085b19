// `/pai dlc status <job-id>`: one job in full, answered to the requester.

import type { KnownBlock } from '@slack/web-api';
import { formatDuration } from '../../config/duration.js';
import type { Job } from '../../pai/dlc-types.js';
import type { SlackMessage } from '../../notify/slack-output.js';
import { code, codeBlock, escapeMrkdwn } from './mrkdwn.js';
import { statusEmoji } from './job-status-style.js';
import { lastLinesWithin, truncate } from './truncate.js';

export function renderJobDetails(job: Job, events: readonly string[]): SlackMessage {
  const fields = [
    `*Status*\n${statusEmoji(job.Status)} ${escapeMrkdwn(job.Status)}${job.SubStatus ? ` (${escapeMrkdwn(job.SubStatus)})` : ''}`,
    `*Workspace*\n${code(job.WorkspaceName ?? job.WorkspaceId ?? 'unknown')}`,
    `*Type*\n${escapeMrkdwn(job.JobType ?? 'unknown')}`,
    `*Created*\n${escapeMrkdwn(job.GmtCreateTime ?? 'unknown')}`,
  ];
  if (job.Duration !== undefined) fields.push(`*Duration*\n${formatDuration(job.Duration * 1000)}`);
  if (job.ReasonCode || job.ReasonMessage) fields.push(`*Reason*\n${escapeMrkdwn(truncate([job.ReasonCode, job.ReasonMessage].filter(Boolean).join(': '), 1000))}`);
  const pods = (job.Pods ?? []).slice(0, 10).map((p) => `${code(p.PodId)} ${escapeMrkdwn(p.Status ?? '?')}`);
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(truncate(job.DisplayName, 200))}* ${code(job.JobId)}` } },
    { type: 'section', fields: fields.slice(0, 10).map((text) => ({ type: 'mrkdwn', text })) },
  ];
  if (pods.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Pods*\n${pods.join('\n')}${(job.Pods?.length ?? 0) > 10 ? `\n…and ${job.Pods!.length - 10} more` : ''}` } });
  const recent = lastLinesWithin(events, 1500, 300);
  if (recent.lines.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Recent events*\n${codeBlock(recent.lines.join('\n'))}` } });
  return { text: `${job.DisplayName} (${job.JobId}): ${job.Status}`, blocks };
}
