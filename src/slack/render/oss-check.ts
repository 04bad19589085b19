import type { SlackMessage } from '../../notify/slack-output.js';
import type { OssExplanation } from '../../storage/oss-messages.js';
import { escapeWithin } from './mrkdwn.js';
import { packLines } from './sections.js';

/** An OSS check result, or an OSS permission problem found elsewhere: title, then the explanation lines. */
export function renderOssCheck(ok: boolean, e: OssExplanation): SlackMessage {
  const head = `${ok ? ':white_check_mark:' : ':no_entry:'} *${escapeWithin(e.title, 300)}*`;
  const chunks = packLines([head, ...e.lines.map((l) => escapeWithin(l, 1_000))]);
  return { text: escapeWithin(e.title, 300), blocks: chunks.slice(0, 10).map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } })) };
}
