// User-supplied text must never become a mention, a link or a broadcast in what the bot posts, nor
// open or close a code span. Slack needs only &, < and > escaped; backticks are swapped for a
// look-alike (ˋ, U+02CB) so input cannot start or end code.

import { truncateTo } from './truncate.js';

const LOOKALIKE_BACKTICK = 'ˋ';

function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes user-supplied text for mrkdwn: no mentions, links, broadcasts or code spans. */
export function escapeMrkdwn(text: string): string {
  return escapeEntities(text).replace(/`/g, LOOKALIKE_BACKTICK);
}

/** How long text is once escaped (the replacements for & < > are longer than the characters). */
export function escapedLength(text: string): number {
  return escapeEntities(text).length;
}

/** Escapes text, first shortening it so the escaped result is at most max characters. */
export function escapeWithin(text: string, max: number): string {
  return escapeMrkdwn(truncateTo(text, max, escapedLength));
}

/** Inline code for user-supplied text (names, images, ids). A span cannot cross a line, so newlines become spaces. */
export function code(text: string): string {
  const safe = escapeMrkdwn(text).replace(/[\r\n\u2028\u2029]+/g, ' ');
  return safe ? `\`${safe}\`` : '` `';
}

/** Inline code, shortened so the whole span is at most max characters. */
export function codeWithin(text: string, max: number): string {
  return code(truncateTo(text, Math.max(1, max - 2), escapedLength));
}

/**
 * A fenced block for logs and usage. Inside it single backticks are literal, but ``` would end the
 * block early and a backtick at either edge would merge with the fence, so those are swapped.
 */
export function codeBlock(text: string): string {
  const body = escapeEntities(text)
    .replace(/`{3,}/g, (run) => LOOKALIKE_BACKTICK.repeat(run.length))
    .replace(/^`+|`+$/g, (run) => LOOKALIKE_BACKTICK.repeat(run.length));
  return '```' + (body.trim() === '' ? ' ' : body) + '```';
}

export const mention = (userId: string) => (/^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escapeWithin(userId, 100));
export const groupMention = (id: string) => (/^S[A-Z0-9]+$/.test(id) ? `<!subteam^${id}>` : mention(id));
