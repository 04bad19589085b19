import type { SlackMessage } from '../slack-out/slack-output.js';
import type { OssExplanation } from '../oss/oss-messages.js';
import { escapeWithin } from './mrkdwn.js';
import { packWithin, section } from './sections.js';

/** An explanation is a few lines; more than this many sections would bury the answer. */
const MAX_SECTIONS = 10;

/** An OSS check result, or an OSS permission problem found elsewhere: title, then the explanation lines. */
export function renderOssCheck(ok: boolean, e: OssExplanation): SlackMessage {
  const head = `${ok ? ':white_check_mark:' : ':no_entry:'} *${escapeWithin(e.title, 300)}*`;
  const chunks = packWithin(
    [head, ...e.lines.map((l) => escapeWithin(l, 1_000))],
    MAX_SECTIONS,
    (n) => `…and ${n} more line(s).`,
  );
  const title = escapeWithin(e.title, 300);
  return { text: title.trim() ? title : `OSS check ${ok ? 'passed' : 'failed'}`, blocks: chunks.map(section) };
}
