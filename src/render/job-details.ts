// `/pai dlc status <job-id>`: one job in full, answered to the requester.

import type { KnownBlock } from '@slack/web-api';
import { formatDuration } from '../config/duration.js';
import type { Job } from '../pai/dlc-types.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import { codeBlock, codeWithin, escapedLength, escapeWithin } from './mrkdwn.js';
import { statusEmoji } from './job-status-style.js';
import { fieldsSection, section } from './sections.js';
import { lastLinesFitting } from './truncate.js';

const MAX_PODS = 10;
const EVENTS_BUDGET = 1_500; // escaped characters of events inside the fence

export function renderJobDetails(job: Job, events: readonly string[]): SlackMessage {
  const fields = [
    `*Status*\n${statusEmoji(job.Status)} ${escapeWithin(job.Status, 100)}${job.SubStatus ? ` (${escapeWithin(job.SubStatus, 100)})` : ''}`,
    `*Workspace*\n${codeWithin(job.WorkspaceName ?? job.WorkspaceId ?? 'unknown', 100)}`,
    `*Type*\n${escapeWithin(job.JobType ?? 'unknown', 100)}`,
    `*Created*\n${escapeWithin(job.GmtCreateTime ?? 'unknown', 100)}`,
  ];
  if (job.Duration !== undefined) fields.push(`*Duration*\n${formatDuration(job.Duration * 1000)}`);
  const why = [job.ReasonCode, job.ReasonMessage].filter(Boolean).join(': ');
  if (why) fields.push(`*Reason*\n${escapeWithin(why, 1500)}`);
  const allPods = job.Pods ?? [];
  const pods = allPods
    .slice(0, MAX_PODS)
    .map((p) => `${codeWithin(p.PodId, 100)} ${escapeWithin(p.Status ?? '?', 50)}`);
  const blocks: KnownBlock[] = [
    section(`*${escapeWithin(job.DisplayName, 1000)}* ${codeWithin(job.JobId, 100)}`),
    fieldsSection(fields),
  ];
  if (pods.length)
    blocks.push(
      section(
        `*Pods*\n${pods.join('\n')}${allPods.length > MAX_PODS ? `\n…and ${allPods.length - MAX_PODS} more` : ''}`,
      ),
    );
  const recent = lastLinesFitting(events, EVENTS_BUDGET, { maxLine: 300, measure: escapedLength });
  if (recent.lines.length) blocks.push(section(`*Recent events*\n${codeBlock(recent.lines.join('\n'))}`));
  return {
    text: `${escapeWithin(job.DisplayName, 300)} (${escapeWithin(job.JobId, 100)}): ${escapeWithin(job.Status, 100)}`,
    blocks,
  };
}
