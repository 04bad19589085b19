// Turns what the fake Slack records into console entries that say who sees them: channel posts,
// card edits and thread replies are public, ephemerals and response_url answers are private.

import type { ActivityKind, FakeSlack } from '../fake-slack/index.js';
import { formatActivity, mrkdwnToText } from '../transcript.js';

/** The response_url id of each /pai the console sent -> the user who sent it. */
export type Responders = Map<string, string>;

export function describeActivity(kind: ActivityKind, item: unknown, responders: Responders): string {
  const text = formatActivity(kind, item);
  if (kind !== 'response') return text;
  const id = (item as { id?: unknown }).id;
  const user = typeof id === 'string' ? responders.get(id) : undefined;
  return user ? text.replace('only visible to the caller', `only visible to ${user}`) : text;
}

/** The HTTP ack of a slash command, which Slack shows only to the person who typed it. */
export function describeAck(user: string, status: number, json: unknown, body: string): string {
  const text = typeof (json as { text?: unknown } | undefined)?.text === 'string' ? mrkdwnToText((json as { text: string }).text) : body.trim();
  const prefix = status === 200 ? `(ack, only visible to ${user}) ` : `(ack: HTTP ${status}) `;
  return indent(prefix, text || '(empty ack)');
}

export function followSlack(slack: FakeSlack, responders: Responders, add: (text: string) => void): () => void {
  return slack.onActivity((kind, item) => add(describeActivity(kind, item, responders)));
}

function indent(prefix: string, body: string): string {
  const pad = ' '.repeat([...prefix].length);
  return prefix + body.split('\n').join(`\n${pad}`);
}
