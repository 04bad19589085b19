// User-supplied text must never become a mention, a link or a broadcast in what the bot posts, nor
// open or close a code span. Slack needs only &, < and > escaped; backticks are swapped for a
// look-alike (ˋ, U+02CB) so input cannot start or end code.

import { cutIndex, truncateTo } from './truncate.js';

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

/** Escapes text, first shortening it so the escaped result is at most max characters (the cut is measured escaped, so it never falls inside an entity). */
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
  return `\`\`\`${body.trim() === '' ? ' ' : body}\`\`\``;
}

export const mention = (userId: string) =>
  /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escapeWithin(userId, 100);
export const groupMention = (id: string) => (/^S[A-Z0-9]+$/.test(id) ? `<!subteam^${id}>` : mention(id));

/**
 * What Slack reads as one unit in mrkdwn the bot has built: an entity (`&amp;`), a mention, channel,
 * date or link (`<@U1>`, `<!subteam^S1>`, `<https://…|label>`) and a code fence. A cut inside one
 * shows `&am…` or `<@U1…` as text, or leaves a block open to the end of the message.
 */
const MRKDWN_UNIT = /&#?[A-Za-z0-9]+;|<[^<>\n]*>|```/g;

/** What closes the code block or inline code span that text ends inside, if any. */
function closerOf(text: string): string {
  const parts = text.split('```');
  if (parts.length % 2 === 0) return '```';
  const outside = parts[parts.length - 1]!;
  const line = outside.slice(outside.lastIndexOf('\n') + 1);
  return (line.match(/`/g)?.length ?? 0) % 2 === 1 ? '`' : '';
}

/**
 * Shortens mrkdwn the bot has already built (escaped user text, mentions, links, code) to at most
 * max characters, as Slack counts them: between grapheme clusters, never inside an entity, a mention
 * or a link, the cut marked with "…" and an open code block or span closed after it. The last guard
 * of every text the renderers put in a block; text within max is returned as it is.
 */
export function fitMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  // Room for the closer is only taken when the cut needs one; a fence needs at most three.
  for (const reserve of [0, 1, 3]) {
    const head = text.slice(0, cutIndex(text, max - 1 - reserve, undefined, MRKDWN_UNIT));
    const closer = closerOf(head);
    if (head.length + 1 + closer.length <= max) return `${head}…${closer}`;
  }
  return '…';
}

/** The mentions in mrkdwn that notify someone: users, user groups and @here/@channel/@everyone. */
export function notifyingMentions(text: string): string[] {
  return [
    ...new Set(
      text.match(/<@[UW][A-Z0-9]+>|<!subteam\^S[A-Z0-9]+(?:\|[^<>]*)?>|<!(?:here|channel|everyone)(?:\|[^<>]*)?>/g) ??
        [],
    ),
  ];
}
