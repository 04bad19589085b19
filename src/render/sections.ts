// Blocks within Slack's limits by construction. Every renderer builds its blocks here, so a text that
// outgrows its budget (escaping turns `&` into five characters) is cut where Slack allows, by
// fitMrkdwn, instead of making Slack refuse the whole message with `invalid_blocks`. The renderers
// still budget their pieces, so a cut here is the exception, not the layout.
//
// Limits (docs.slack.dev, reference/block-kit): up to 50 blocks in each message (blocks); section
// text 3,000, fields 10 of 2,000 each (blocks/section-block); header plain_text 150
// (blocks/header-block); context elements 10 (blocks/context-block), each a text object of at most
// 3,000 (composition-objects/text-object), held to 2,000 here. Top-level `text`: Slack truncates
// past 40,000 (api.slack.com/changelog/2018-04-truncating-really-long-messages); the bot keeps it
// under 4,000.

import type { KnownBlock } from '@slack/web-api';
import type { SlackMessage } from '../slack-out/slack-output.js';
import { fitMrkdwn, notifyingMentions } from './mrkdwn.js';
import { truncate } from './truncate.js';

export const MAX_BLOCKS = 50;
export const SECTION_TEXT_MAX = 3_000;
export const MAX_FIELDS = 10;
export const FIELD_TEXT_MAX = 2_000;
export const HEADER_TEXT_MAX = 150;
export const MAX_CONTEXT_ELEMENTS = 10;
export const CONTEXT_TEXT_MAX = 2_000;
export const MESSAGE_TEXT_MAX = 4_000;

/** Slack wants at least one character in a text object. */
const nonEmpty = (text: string) => (text === '' ? ' ' : text);

/** A section of mrkdwn, cut to 3,000 if it came out longer. */
export function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: nonEmpty(fitMrkdwn(text, SECTION_TEXT_MAX)) } };
}

/** A section of two-column fields: 1 to 10, each cut to 2,000. */
export function fieldsSection(fields: readonly string[]): KnownBlock {
  const shown = fields.length ? fields.slice(0, MAX_FIELDS) : [''];
  return {
    type: 'section',
    fields: shown.map((text) => ({ type: 'mrkdwn' as const, text: nonEmpty(fitMrkdwn(text, FIELD_TEXT_MAX)) })),
  };
}

/** A context line of mrkdwn, cut to 2,000. */
export function contextBlock(text: string, blockId?: string): KnownBlock {
  return {
    type: 'context',
    ...(blockId !== undefined ? { block_id: blockId } : {}),
    elements: [{ type: 'mrkdwn', text: nonEmpty(fitMrkdwn(text, CONTEXT_TEXT_MAX)) }],
  };
}

/** A header: plain text (Slack shows it as typed, nothing to escape), cut to 150. */
export function headerBlock(text: string): KnownBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: nonEmpty(truncate(text, HEADER_TEXT_MAX)), emoji: false },
  };
}

/** A message's top-level text (what notifications and screen readers show), cut to the bot's 4,000. */
export function messageText(text: string): string {
  const fitted = fitMrkdwn(text, MESSAGE_TEXT_MAX);
  return fitted.trim() === '' ? '(no text)' : fitted;
}

/**
 * The message with every notifying mention of its blocks in its top-level text too: Slack notifies
 * from `text`, not from blocks, so a mention only in a block pings nobody. Missing ones go first.
 */
export function withMentionsInText(m: SlackMessage): SlackMessage {
  const inText = new Set(notifyingMentions(m.text));
  const missing = notifyingMentions(JSON.stringify(m.blocks ?? [])).filter((x) => !inText.has(x));
  return missing.length === 0 ? m : { ...m, text: messageText(`${missing.join(' ')} ${m.text}`) };
}

/** Joins lines with newlines into chunks of at most max characters; no line is split or dropped. */
export function packLines(lines: readonly string[], max = SECTION_TEXT_MAX): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) chunks.push(current);
  return chunks;
}

/**
 * Lines packed into at most maxSections sections, each line whole unless it alone is longer than a
 * section. When some are left out (`hidden` already, by the caller, plus those that do not fit), the
 * last line says how many (`more(n)`), so nothing is dropped silently.
 */
export function packWithin(
  lines: readonly string[],
  maxSections: number,
  more: (hidden: number) => string,
  { hidden = 0, max = SECTION_TEXT_MAX }: { hidden?: number; max?: number } = {},
): string[] {
  if (maxSections < 1) return [];
  const fitted = lines.map((line) => fitMrkdwn(line, max));
  const packed = (shown: number) => {
    const left = hidden + fitted.length - shown;
    return packLines([...fitted.slice(0, shown), ...(left > 0 ? [fitMrkdwn(more(left), max)] : [])], max);
  };
  const all = packed(fitted.length);
  if (all.length <= maxSections) return all;
  // Fewer lines never take more sections, so the most that fit with the note is found by halving.
  let lo = 0;
  let hi = fitted.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (packed(mid).length <= maxSections) lo = mid;
    else hi = mid - 1;
  }
  return packed(lo);
}
