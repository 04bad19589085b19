// `:click`: the console remembers the most recent private message (an ack, an ephemeral or a
// response_url answer) that carried buttons, finds a button on it by its text or action_id, and
// builds the block_actions payload Slack would send for that click. A button that message lacks is
// looked for on the alerts in the alerts channel (newest first): the on-call controls, Acknowledge
// and the Mute menu (`:mute`). Pure apart from ButtonBoard's own memory, so the unit tests cover
// the matching and the payload shapes.

import { randomBytes } from 'node:crypto';
import { DEFAULT_APP_ID, DEFAULT_BOT_ID, DEFAULT_TEAM_ID } from '@pai-bot/fake-slack/defaults.js';
import type { SlackMessage } from '@pai-bot/fake-slack/types.js';

export interface ButtonRef {
  /** The label a user sees. */
  text: string;
  actionId: string;
  blockId?: string;
  value?: string;
}

export type ButtonSource = 'ack' | 'ephemeral' | 'response';

export interface ButtonMessage {
  source: ButtonSource;
  buttons: ButtonRef[];
  /** The message's ts when Slack told us one (chat.postEphemeral); else a synthetic one, stable per message. */
  messageTs: string;
  synthetic: boolean;
  /** Where and to whom it was shown, when known. */
  channel?: string;
  user?: string;
  /** response_url ids whose replace_original/delete_original answer replaces this message. */
  replacedBy: Set<string>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const plain = (v: unknown): string => (isObj(v) && typeof v.text === 'string' ? v.text : '');

function buttonOf(el: unknown, blockId: string | undefined): ButtonRef | undefined {
  if (!isObj(el) || el.type !== 'button' || typeof el.action_id !== 'string') return undefined;
  return {
    text: plain(el.text),
    actionId: el.action_id,
    ...(blockId ? { blockId } : {}),
    ...(typeof el.value === 'string' ? { value: el.value } : {}),
  };
}

/** The interactive elements of Block Kit blocks (elements of actions blocks, section accessories), in order, with their block's id. */
function controlsOf<T>(blocks: unknown, read: (el: unknown, blockId: string | undefined) => T | undefined): T[] {
  if (!Array.isArray(blocks)) return [];
  const found: T[] = [];
  for (const b of blocks) {
    if (!isObj(b)) continue;
    const blockId = typeof b.block_id === 'string' ? b.block_id : undefined;
    const candidates =
      b.type === 'actions' && Array.isArray(b.elements) ? b.elements : b.type === 'section' ? [b.accessory] : [];
    for (const el of candidates) {
      const control = read(el, blockId);
      if (control) found.push(control);
    }
  }
  return found;
}

/** Every button in Block Kit blocks: elements of actions blocks and section accessories, in order. */
export function buttonsOf(blocks: unknown): ButtonRef[] {
  return controlsOf(blocks, buttonOf);
}

export interface MenuOption {
  text: string;
  value: string;
}

/** A static_select: a menu whose choice is sent the moment it is picked (no submit), like the alerts' Mute menu. */
export interface MenuRef {
  /** The placeholder a user sees before choosing, e.g. `Mute…`. */
  placeholder: string;
  actionId: string;
  blockId?: string;
  options: MenuOption[];
}

function menuOf(el: unknown, blockId: string | undefined): MenuRef | undefined {
  if (!isObj(el) || el.type !== 'static_select' || typeof el.action_id !== 'string') return undefined;
  const options = (Array.isArray(el.options) ? el.options : []).flatMap((o): MenuOption[] =>
    isObj(o) && typeof o.value === 'string' ? [{ text: plain(o.text), value: o.value }] : [],
  );
  return { placeholder: plain(el.placeholder), actionId: el.action_id, ...(blockId ? { blockId } : {}), options };
}

/** Every static_select in Block Kit blocks, where buttonsOf looks for buttons. */
export function menusOf(blocks: unknown): MenuRef[] {
  return controlsOf(blocks, menuOf);
}

/** How the transcript shows a message's buttons, e.g. `[Stop iris] [Cancel]`. */
export function buttonLabels(buttons: readonly ButtonRef[]): string {
  return buttons.map((b) => `[${b.text || b.actionId}]`).join(' ');
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

export type ButtonPick = { ok: true; button: ButtonRef } | { ok: false; error: string };

/**
 * The button `target` names: its action_id exactly, else its text (case-insensitive), else the one
 * button whose text contains it. Several equally good matches are refused rather than guessed.
 */
export function pickButton(buttons: readonly ButtonRef[], target: string): ButtonPick {
  const matched = matchButtons(buttons, target);
  if (matched.length === 1) return { ok: true, button: matched[0]! };
  if (matched.length > 1) return { ok: false, error: ambiguous(target, matched) };
  const list = buttons.map((b) => `[${b.text}] (${b.actionId})`).join(', ');
  return { ok: false, error: `no button "${target}" on the last message with buttons; it has ${list}` };
}

/** The buttons of the best tier `target` matches (see pickButton): none, the one, or several equally good. */
export function matchButtons(buttons: readonly ButtonRef[], target: string): ButtonRef[] {
  const wanted = norm(target);
  const tiers = [
    buttons.filter((b) => b.actionId === target.trim()),
    buttons.filter((b) => norm(b.text) === wanted),
    buttons.filter((b) => wanted !== '' && norm(b.text).includes(wanted)),
  ];
  return tiers.find((tier) => tier.length > 0) ?? [];
}

const ambiguous = (target: string, matched: readonly ButtonRef[]) =>
  `"${target}" matches ${buttonLabels(matched)}; say which (the whole text or the action_id)`;

/** A message in a channel, as the fake Slack stores it (its current text and blocks, after any edits). */
export type ChannelMessage = Pick<SlackMessage, 'channel' | 'ts' | 'text' | 'blocks' | 'user' | 'thread_ts'>;

export type AlertButtonPick<M extends ChannelMessage = ChannelMessage> =
  | { ok: true; message: M; button: ButtonRef }
  | { ok: false; error: string };

const topLevel = <M extends ChannelMessage>(messages: readonly M[]): M[] =>
  messages.filter((m) => !m.thread_ts).reverse();

/**
 * The button `target` names (as pickButton matches it) on the most recent top-level message of `messages`
 * (oldest first, as the fake Slack lists a channel) that still shows one: an acknowledged alert no longer
 * shows Acknowledge, so `:click Acknowledge` goes to the newest alert not yet acknowledged.
 */
export function pickAlertButton<M extends ChannelMessage>(
  messages: readonly M[],
  target: string,
  channel: string,
): AlertButtonPick<M> {
  for (const message of topLevel(messages)) {
    const matched = matchButtons(buttonsOf(message.blocks), target);
    if (matched.length === 1) return { ok: true, message, button: matched[0]! };
    if (matched.length > 1) return { ok: false, error: ambiguous(target, matched) };
  }
  return { ok: false, error: `no alert in #${channel} shows a button "${target}"` };
}

export type AlertMenuPick<M extends ChannelMessage = ChannelMessage> =
  | { ok: true; message: M; menu: MenuRef; option: MenuOption }
  | { ok: false; error: string };

/** The option `value` of the menu `actionId` on the most recent top-level message of `messages` that has that menu. */
export function pickAlertMenuOption<M extends ChannelMessage>(
  messages: readonly M[],
  actionId: string,
  value: string,
  channel: string,
): AlertMenuPick<M> {
  for (const message of topLevel(messages)) {
    const menu = menusOf(message.blocks).find((m) => m.actionId === actionId);
    if (!menu) continue;
    const option = menu.options.find((o) => o.value === value);
    if (!option)
      return {
        ok: false,
        error: `the ${menu.placeholder || actionId} menu of the most recent alert in #${channel} has no option ${value}; it has ${menu.options.map((o) => o.value).join(', ')}`,
      };
    return { ok: true, message, menu, option };
  }
  return {
    ok: false,
    error: `no alert in #${channel} has a menu ${actionId} yet: the on-call controls come with every alert`,
  };
}

/** The first line of a message as the transcript shows it, clipped: which alert a press went to. */
export function firstLine(text: string, max = 90): string {
  const line = text.split('\n', 1)[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

let syntheticSeq = 0;

/** Slack-shaped ts ('<seconds>.<6 digits>') for a message Slack never gave one (acks, response_url answers). */
export function syntheticTs(nowMs = Date.now()): string {
  syntheticSeq = (syntheticSeq + 1) % 1_000_000;
  return `${Math.floor(nowMs / 1000)}.${String(syntheticSeq).padStart(6, '0')}`;
}

export interface NoteOptions {
  messageTs?: string;
  channel?: string;
  user?: string;
  /** The response_url id that may replace this message (an ack's command, a response's own url). */
  replacedBy?: string;
}

/** The most recent private message that had buttons: what `:click` clicks on. */
export class ButtonBoard {
  private current: ButtonMessage | undefined;
  private replaced: ButtonMessage | undefined;

  get latest(): ButtonMessage | undefined {
    return this.current;
  }

  /** Why there is nothing to click, for `:click`'s error. */
  get nothingToClick(): string {
    return this.replaced
      ? `no message with buttons to click: the bot replaced the last one (${buttonLabels(this.replaced.buttons)}) after a click, so its buttons are gone`
      : 'no message with buttons to click yet: buttons come with answers such as the confirmation of /pai eas stop <service>';
  }

  /** Remembers a message if it has buttons; returns it (undefined when it had none). */
  note(source: ButtonSource, blocks: unknown, opts: NoteOptions = {}): ButtonMessage | undefined {
    const buttons = buttonsOf(blocks);
    if (buttons.length === 0) return undefined;
    this.current = {
      source,
      buttons,
      messageTs: opts.messageTs ?? syntheticTs(),
      synthetic: opts.messageTs === undefined,
      ...(opts.channel ? { channel: opts.channel } : {}),
      ...(opts.user ? { user: opts.user } : {}),
      replacedBy: new Set(opts.replacedBy ? [opts.replacedBy] : []),
    };
    return this.current;
  }

  /**
   * A response_url answer arrived. One that replaces (or deletes) the remembered message takes its
   * buttons away, as in Slack; one with buttons of its own becomes the message to click.
   */
  response(id: string, body: unknown): void {
    const b = isObj(body) ? body : {};
    const replaces = b.replace_original === true || b.delete_original === true;
    if (replaces && this.current?.replacedBy.has(id)) {
      this.replaced = this.current;
      this.current = undefined;
    }
    if (b.delete_original !== true) this.note('response', b.blocks, { replacedBy: id });
  }
}

export interface ClickParams {
  message: ButtonMessage;
  button: ButtonRef;
  user: string;
  channel: string;
  responseUrl: string;
}

/** The block_actions payload Slack sends when `user` clicks `button` on an ephemeral message in `channel`. */
export function blockActionsPayload(p: ClickParams): Record<string, unknown> {
  const nowSec = Date.now() / 1000;
  return {
    type: 'block_actions',
    user: { id: p.user, username: p.user.toLowerCase(), name: p.user.toLowerCase(), team_id: DEFAULT_TEAM_ID },
    api_app_id: DEFAULT_APP_ID,
    token: 'fake-verification-token',
    container: { type: 'message', message_ts: p.message.messageTs, channel_id: p.channel, is_ephemeral: true },
    trigger_id: `${Math.floor(nowSec)}.${Math.floor(Math.random() * 1e9)}.${randomBytes(10).toString('hex')}`,
    team: { id: DEFAULT_TEAM_ID, domain: 'fake-workspace' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: p.channel, name: p.channel.toLowerCase() },
    state: { values: {} },
    response_url: p.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: p.button.actionId,
        block_id: p.button.blockId ?? 'sandbox',
        text: { type: 'plain_text', text: p.button.text, emoji: true },
        ...(p.button.value !== undefined ? { value: p.button.value } : {}),
        action_ts: nowSec.toFixed(6),
      },
    ],
  };
}

/** What was pressed on a channel message: a button, or an option of a static_select. */
export type ChannelAction =
  | { type: 'button'; button: ButtonRef }
  | { type: 'static_select'; menu: MenuRef; option: MenuOption };

export interface ChannelClickParams {
  message: ChannelMessage;
  /** The message's thread replies, oldest first: Slack describes the thread in the payload's message. */
  replies?: readonly Pick<SlackMessage, 'ts' | 'user'>[];
  action: ChannelAction;
  user: string;
  responseUrl: string;
}

const plainText = (text: string) => ({ type: 'plain_text', text, emoji: true });

/**
 * The block_actions payload Slack sends when `user` uses a control on a (non-ephemeral) message a bot posted
 * in a channel: the container names the message, `message` carries it as it is now (its current text and
 * blocks, thread included), and `state.values` holds every menu of the message (the one picked with its choice).
 */
export function channelBlockActionsPayload(p: ChannelClickParams): Record<string, unknown> {
  const nowSec = Date.now() / 1000;
  const { message, action } = p;
  const replies = p.replies ?? [];
  const values: Record<string, Record<string, unknown>> = {};
  for (const menu of menusOf(message.blocks)) {
    if (!menu.blockId) continue;
    const picked =
      action.type === 'static_select' && action.menu.actionId === menu.actionId && action.menu.blockId === menu.blockId;
    (values[menu.blockId] ??= {})[menu.actionId] = {
      type: 'static_select',
      selected_option: picked ? { text: plainText(action.option.text), value: action.option.value } : null,
    };
  }
  const thread =
    replies.length > 0
      ? {
          thread_ts: message.ts,
          reply_count: replies.length,
          reply_users_count: new Set(replies.map((r) => r.user)).size,
          latest_reply: replies.at(-1)!.ts,
          reply_users: [...new Set(replies.map((r) => r.user))],
          is_locked: false,
          subscribed: false,
        }
      : {};
  const actionTs = nowSec.toFixed(6);
  const pressed =
    action.type === 'button'
      ? {
          type: 'button',
          action_id: action.button.actionId,
          block_id: action.button.blockId ?? 'sandbox',
          text: plainText(action.button.text),
          ...(action.button.value !== undefined ? { value: action.button.value } : {}),
          action_ts: actionTs,
        }
      : {
          type: 'static_select',
          action_id: action.menu.actionId,
          block_id: action.menu.blockId ?? 'sandbox',
          selected_option: { text: plainText(action.option.text), value: action.option.value },
          ...(action.menu.placeholder ? { placeholder: plainText(action.menu.placeholder) } : {}),
          action_ts: actionTs,
        };
  return {
    type: 'block_actions',
    user: { id: p.user, username: p.user.toLowerCase(), name: p.user.toLowerCase(), team_id: DEFAULT_TEAM_ID },
    api_app_id: DEFAULT_APP_ID,
    token: 'fake-verification-token',
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
    trigger_id: `${Math.floor(nowSec)}.${Math.floor(Math.random() * 1e9)}.${randomBytes(10).toString('hex')}`,
    team: { id: DEFAULT_TEAM_ID, domain: 'fake-workspace' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: message.channel, name: message.channel.toLowerCase() },
    message: {
      type: 'message',
      user: message.user,
      bot_id: DEFAULT_BOT_ID,
      app_id: DEFAULT_APP_ID,
      team: DEFAULT_TEAM_ID,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
      ts: message.ts,
      ...thread,
    },
    state: { values },
    response_url: p.responseUrl,
    actions: [pressed],
  };
}
