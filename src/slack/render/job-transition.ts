// Thread replies under a job's card: one per state change, and a final one that pings the requester.

import { formatDuration } from '../../config/duration.js';
import type { SlackMessage } from '../../notify/slack-output.js';
import { escapeMrkdwn, mention } from './mrkdwn.js';
import { isFinal, statusEmoji } from './job-status-style.js';
import { truncate } from './truncate.js';

export interface TransitionView {
  name: string;
  jobId: string;
  from: string;
  to: string;
  requester: string;
  reasonCode?: string;
  reasonMessage?: string;
  elapsedMs?: number;
}

export function renderTransition(t: TransitionView): SlackMessage {
  const arrow = `${escapeMrkdwn(t.from)} → ${statusEmoji(t.to)} *${escapeMrkdwn(t.to)}*`;
  if (!isFinal(t.to)) return { text: `${t.from} → ${t.to}` , blocks: [{ type: 'section', text: { type: 'mrkdwn', text: arrow } }] };
  const took = t.elapsedMs !== undefined ? ` after ${formatDuration(t.elapsedMs)}` : '';
  const reason = t.to !== 'Succeeded' && (t.reasonMessage || t.reasonCode) ? `\nReason: ${escapeMrkdwn(truncate([t.reasonCode, t.reasonMessage].filter(Boolean).join(': '), 1500))}` : '';
  const line = `${mention(t.requester)} job *${escapeMrkdwn(t.name)}* ended ${statusEmoji(t.to)} *${escapeMrkdwn(t.to)}*${took}.${reason}`;
  return {
    text: `${mention(t.requester)} ${t.name} (${t.jobId}) ended ${t.to}${took}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: arrow } },
      { type: 'section', text: { type: 'mrkdwn', text: line } },
    ],
  };
}
