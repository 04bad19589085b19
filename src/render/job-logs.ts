// `/pai dlc logs`: the end of a pod's log, trimmed to fit one Slack section (3000 characters).

import type { SlackMessage } from '../slack-out/slack-output.js';
import { codeBlock, codeWithin, escapedLength, escapeWithin } from './mrkdwn.js';
import { section, SECTION_TEXT_MAX } from './sections.js';
import { lastLinesFitting } from './truncate.js';

const FENCE = '``````'.length;
const MAX_LINE = 500; // one huge line must not push every other line out

export function renderJobLogs(jobId: string, podId: string, lines: readonly string[]): SlackMessage {
  // Escaping lengthens & < > (& -> &amp;), so lines are measured as they will be sent.
  const kept = lastLinesFitting(lines, SECTION_TEXT_MAX - FENCE, { maxLine: MAX_LINE, measure: escapedLength });
  const shown = kept.lines.length;
  const head = `Logs of ${codeWithin(podId, 200)} (job ${codeWithin(jobId, 100)}): last ${shown} line(s)${kept.omitted ? `, ${kept.omitted} earlier line(s) not shown` : ''}`;
  const body = shown ? codeBlock(kept.lines.join('\n')) : '_The pod has not written any log lines yet._';
  return {
    text: `Logs of ${escapeWithin(podId, 200)} (job ${escapeWithin(jobId, 100)}): ${shown} line(s)`,
    blocks: [section(head), section(body)],
  };
}
