// Turns what the fake Slack records into console entries that say who sees them: channel posts,
// card edits and thread replies are public, ephemerals and response_url answers are private.
// The alerts channel is labelled as such (its thread replies too), and a private message with
// buttons ends with a hint that `:click` presses them; an alert with on-call controls, or a channel
// message with buttons (the idle digest, an approval request), with a hint naming the console lines
// that press them.

import type { ActivityKind, FakeSlack } from '@pai-bot/fake-slack/index.js';
import { blocksToText, formatActivity, mrkdwnToText } from '../transcript.js';
import { MUTE_ACTION_ID } from '../../../../src/render/alert-controls.js';
import { buttonsOf, firstWord, menusOf, placedButtonsOf, type ButtonBoard } from './buttons.js';

/** The response_url id of each /pai the console sent -> the user who sent it. */
export type Responders = Map<string, string>;

export const CLICK_HINT = '(:click <button text> to press a button)';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (item: Obj, key: string): string => (typeof item[key] === 'string' ? (item[key] as string) : '');

export function describeActivity(
  kind: ActivityKind,
  item: unknown,
  responders: Responders,
  alertsChannel?: string,
): string {
  const it = isObj(item) ? item : {};
  if ((kind === 'message' || kind === 'update') && alertsChannel && str(it, 'channel') === alertsChannel)
    return describeAlert(kind, it);
  let text = formatActivity(kind, item);
  if (kind === 'response') {
    const id = it.id;
    const user = typeof id === 'string' ? responders.get(id) : undefined;
    if (user) text = text.replace('only visible to the caller', `only visible to ${user}`);
  }
  const blocks = kind === 'response' ? (isObj(it.body) ? it.body.blocks : undefined) : it.blocks;
  if (kind === 'message') {
    const hint = str(it, 'thread_ts') ? undefined : channelClickHint(blocks);
    return hint ? `${text}\n${hint}` : text;
  }
  return kind !== 'update' && buttonsOf(blocks).length > 0 ? `${text}\n${CLICK_HINT}` : text;
}

/**
 * The `:click` lines for the buttons of a channel message (the idle digest, an approval request), e.g.
 * `(:click Approve, :click Reject)`; where several buttons read alike (a digest of several notebooks), each with a
 * word of the line above it, which says which one: `(:click Stop left-on, …)`.
 */
export function channelClickHint(blocks: unknown): string | undefined {
  const placed = placedButtonsOf(blocks);
  if (placed.length === 0) return undefined;
  const texts = placed.map((p) => p.button.text || p.button.actionId);
  const repeated = new Set(texts).size < texts.length;
  const lines = [...new Set(texts)].map((text) => {
    const word = repeated ? firstWord(placed[texts.indexOf(text)]!.context) : undefined;
    return word ? `:click ${text} ${word}` : `:click ${text}`;
  });
  return `(${lines.join(', ')}${repeated ? ': after the button, a word of the line above it says which' : ''})`;
}

/** Posts in the alerts channel (on-call), labelled so they stand out from the workspace channels. */
function describeAlert(kind: 'message' | 'update', it: Obj): string {
  const channel = `#${str(it, 'channel')} (alerts)`;
  const text = blocksToText(Array.isArray(it.blocks) ? it.blocks : undefined, str(it, 'text'));
  const inThread = str(it, 'thread_ts') !== '';
  const hint = inThread ? undefined : alertControlsHint(it.blocks);
  const shown = hint ? `${text}\n${hint}` : text;
  if (kind === 'message') return indent(inThread ? `  ↳ ${channel} thread reply: ` : `${channel}  bot: `, shown);
  return indent(inThread ? `  ↳ ${channel} (edited reply) ` : `${channel}  (edited) `, shown);
}

/** The console lines that use an alert's controls, e.g. `(on-call: :click Acknowledge, :mute 1h|4h|24h)`; none without controls. */
export function alertControlsHint(blocks: unknown): string | undefined {
  const lines = [
    ...buttonsOf(blocks).map((b) => `:click ${b.text || b.actionId}`),
    ...menusOf(blocks)
      .filter((m) => m.actionId === MUTE_ACTION_ID && m.options.length > 0)
      .map((m) => `:mute ${m.options.map((o) => o.value).join('|')}`),
  ];
  return lines.length > 0 ? `(on-call: ${lines.join(', ')})` : undefined;
}

/** The HTTP ack of a slash command, which Slack shows only to the person who typed it (blocks and buttons included). */
export function describeAck(user: string, status: number, json: unknown, body: string): string {
  const reply = isObj(json) ? json : {};
  const fallback = typeof reply.text === 'string' ? reply.text : undefined;
  const blocks = Array.isArray(reply.blocks) && reply.blocks.length > 0 ? reply.blocks : undefined;
  const text = blocks
    ? blocksToText(blocks, fallback ?? '')
    : fallback !== undefined
      ? mrkdwnToText(fallback)
      : body.trim();
  const prefix = status === 200 ? `(ack, only visible to ${user}) ` : `(ack: HTTP ${status}) `;
  const shown = indent(prefix, text || '(empty ack)');
  return buttonsOf(blocks).length > 0 ? `${shown}\n${CLICK_HINT}` : shown;
}

export interface FollowOptions {
  /** The alerts channel id, printed as "#C… (alerts)". */
  alertsChannel?: string;
  /** Remembers ephemerals and response_url answers with buttons, for `:click`. */
  buttons?: ButtonBoard;
}

export function followSlack(
  slack: FakeSlack,
  responders: Responders,
  add: (text: string) => void,
  opts: FollowOptions = {},
): () => void {
  const hints = new Map<string, string>();
  return slack.onActivity((kind, item) => {
    const it = isObj(item) ? item : {};
    const edit = editedButtonsHint(kind, it, hints, opts.alertsChannel);
    if (kind === 'ephemeral') {
      opts.buttons?.note('ephemeral', it.blocks, {
        messageTs: str(it, 'message_ts') || undefined,
        channel: str(it, 'channel') || undefined,
        user: str(it, 'user') || undefined,
      });
    } else if (kind === 'response' && typeof it.id === 'string') {
      opts.buttons?.response(it.id, it.body);
    } else if (kind === 'message' && !str(it, 'thread_ts') && buttonsOf(it.blocks).length > 0) {
      opts.buttons?.notePosted(str(it, 'channel'), str(it, 'ts')); // `:click` presses the most recent message
    }
    const text = describeActivity(kind, item, responders, opts.alertsChannel);
    add(edit ? `${text}\n${edit}` : text);
  });
}

/**
 * When an edit changes the buttons a channel message shows (a card drops Stop when its job ends, shows Start once its
 * service is stopped), the `:click` lines for the buttons it has now; undefined for any other activity. `hints` keeps
 * each top-level message's last hint (channel/ts), so an edit that keeps the buttons adds nothing.
 */
export function editedButtonsHint(
  kind: ActivityKind,
  it: Obj,
  hints: Map<string, string>,
  alertsChannel?: string,
): string | undefined {
  const channel = str(it, 'channel');
  if ((kind !== 'message' && kind !== 'update') || str(it, 'thread_ts') || channel === alertsChannel) return undefined;
  const key = `${channel}/${str(it, 'ts')}`;
  const hint = channelClickHint(it.blocks) ?? '(no buttons left)';
  const before = hints.get(key);
  hints.set(key, hint);
  return kind === 'update' && before !== undefined && before !== hint ? hint : undefined;
}

function indent(prefix: string, body: string): string {
  const pad = ' '.repeat([...prefix].length);
  return prefix + body.split('\n').join(`\n${pad}`);
}
