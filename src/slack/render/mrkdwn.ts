// User-supplied text must never become a mention, a link or a broadcast in what the bot posts.
// Slack needs only &, < and > escaped; backticks are swapped so input cannot close a code span.

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inline code for user-supplied text (names, images, ids). */
export function code(text: string): string {
  const safe = escapeMrkdwn(text).replace(/`/g, 'ˋ');
  return safe ? `\`${safe}\`` : '` `';
}

/** A fenced block for logs and usage; ``` inside would end the block early. */
export function codeBlock(text: string): string {
  return '```' + escapeMrkdwn(text).replace(/```/g, 'ˋˋˋ') + '```';
}

export const mention = (userId: string) => (/^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId));
export const groupMention = (id: string) => (/^S[A-Z0-9]+$/.test(id) ? `<!subteam^${id}>` : mention(id));
