// `/pai dlc logs`: the end of a pod's log, trimmed to fit one Slack section (3000 characters).

import type { SlackMessage } from '../../notify/slack-output.js';
import { code, codeBlock } from './mrkdwn.js';
import { lastLinesWithin } from './truncate.js';

const BODY_BUDGET = 2_700; // leaves room for the fence and escaping inside a 3000-character section

export function renderJobLogs(jobId: string, podId: string, lines: readonly string[]): SlackMessage {
  // Escaping can lengthen a line (& -> &amp;), so the budget is checked on the escaped text.
  let budget = BODY_BUDGET;
  let kept = lastLinesWithin(lines, budget);
  while (codeBlock(kept.lines.join('\n')).length > 2_990 && budget > 100) {
    budget -= 300;
    kept = lastLinesWithin(lines, budget);
  }
  const head = `Logs of ${code(podId)} (job ${code(jobId)}): last ${kept.lines.length} line(s)${kept.omitted ? `, ${kept.omitted} earlier line(s) not shown` : ''}`;
  const body = kept.lines.length ? codeBlock(kept.lines.join('\n')) : '_The pod has not written any log lines yet._';
  return {
    text: `Logs of ${podId} (job ${jobId}): ${kept.lines.length} line(s)`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: head } },
      { type: 'section', text: { type: 'mrkdwn', text: body } },
    ],
  };
}
