// How a classified failure reads in a card's thread and in an alert.

import type { SlackMessage } from '../../notify/slack-output.js';
import { classificationText, type Classification } from '../../diagnosis/classify-failure.js';
import type { OssExplanation } from '../../storage/oss-messages.js';
import { code, codeBlock, escapeWithin, groupMention } from './mrkdwn.js';

export function renderCause(c: Classification): string {
  const t = classificationText(c);
  const next = t.lines.find((l) => l.startsWith('Next step: ')) ?? '';
  const evidence = t.lines.filter((l) => l !== next);
  return [`*${escapeWithin(t.summary, 300)}*`, escapeWithin(next, 1_000), evidence.length ? codeBlock(evidence.join('\n').slice(0, 1_500)) : ''].filter(Boolean).join('\n');
}

export function renderOssAlert(mention: readonly string[], resource: string, workspace: string, explanation: OssExplanation): SlackMessage {
  const head = `${mention.map(groupMention).join(' ')} :no_entry: *OSS permission denied* for ${code(resource)} in ${code(workspace)}`;
  const body = explanation.lines.map((l) => `• ${escapeWithin(l, 600)}`).join('\n');
  return {
    text: `${mention.map(groupMention).join(' ')} OSS permission denied for ${escapeWithin(resource, 200)} in ${escapeWithin(workspace, 100)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${head}\n${escapeWithin(explanation.title, 300)}` } },
      { type: 'section', text: { type: 'mrkdwn', text: body.slice(0, 2_900) } },
    ],
  };
}

export function renderRepeat(resource: string, what: string): SlackMessage {
  return { text: `Again: ${escapeWithin(what, 300)} (${escapeWithin(resource, 200)})` };
}
