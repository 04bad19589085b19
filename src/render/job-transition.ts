// Thread replies under a job's card: one per state change, and a final one that pings the requester.

import { formatDuration } from '../config/duration.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import { escapeWithin, mention } from './mrkdwn.js';
import { isFinal, statusEmoji } from './job-status-style.js';
import { section } from './sections.js';

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
  const from = escapeWithin(t.from, 100);
  const to = escapeWithin(t.to, 100);
  const arrow = `${from} → ${statusEmoji(t.to)} *${to}*`;
  if (!isFinal(t.to)) return { text: `${from} → ${to}`, blocks: [section(arrow)] };
  const took = t.elapsedMs !== undefined ? ` after ${formatDuration(t.elapsedMs)}` : '';
  const why = [t.reasonCode, t.reasonMessage].filter(Boolean).join(': ');
  const reason = t.to !== 'Succeeded' && why ? `\nReason: ${escapeWithin(why, 2000)}` : '';
  const name = escapeWithin(t.name, 300);
  const line = `${mention(t.requester)} job *${name}* ended ${statusEmoji(t.to)} *${to}*${took}.${reason}`;
  return {
    text: `${mention(t.requester)} ${name} (${escapeWithin(t.jobId, 100)}) ended ${to}${took}`,
    blocks: [section(arrow), section(line)],
  };
}
