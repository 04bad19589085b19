// The controls of messages the bot posted in a channel, which everyone in it sees: the idle-notebook digest's
// buttons, an approval request's, and the on-call controls of alerts (Acknowledge, the Mute menu). `:click` and
// `:mute` find one on the most recent message that still shows it, and send the block_actions payload Slack sends
// for a press on a channel message. Pure, so the unit tests cover the matching and the payload shapes.

import { randomBytes } from 'node:crypto';
import { DEFAULT_APP_ID, DEFAULT_BOT_ID, DEFAULT_TEAM_ID } from '@pai-bot/fake-slack/defaults.js';
import type { SlackMessage } from '@pai-bot/fake-slack/types.js';
import {
  ambiguous,
  matchButtons,
  menusOf,
  placedButtonsOf,
  withContexts,
  type ButtonRef,
  type MenuOption,
  type MenuRef,
} from './buttons.js';

/** A message in a channel, as the fake Slack stores it (its current text and blocks, after any edits). */
export type ChannelMessage = Pick<SlackMessage, 'channel' | 'ts' | 'text' | 'blocks' | 'user' | 'thread_ts'>;

export type ChannelButtonPick<M extends ChannelMessage = ChannelMessage> =
  /** `context`: the text the button is placed under (the digest's notebook line), when another reads the same. */
  | { ok: true; message: M; button: ButtonRef; context?: string }
  /** `message`: the message whose buttons `target` could not tell apart, if that is what went wrong. */
  | { ok: false; error: string; message?: M };

const topLevel = <M extends ChannelMessage>(messages: readonly M[]): M[] =>
  messages.filter((m) => !m.thread_ts).reverse();

/**
 * The button `target` names (as pickButton matches it, `Stop left-on` included) on the most recent top-level
 * message of `messages` (oldest first, as the fake Slack lists a channel) that still shows one: an acknowledged alert
 * no longer shows Acknowledge, so `:click Acknowledge` goes to the newest alert not yet acknowledged. `noun` names
 * what the channel holds in the error (`alert` in the alerts channel, else `message`).
 */
export function pickChannelButton<M extends ChannelMessage>(
  messages: readonly M[],
  target: string,
  channel: string,
  noun: 'alert' | 'message' = 'alert',
): ChannelButtonPick<M> {
  for (const message of topLevel(messages)) {
    const { buttons, contextOf } = withContexts(placedButtonsOf(message.blocks));
    const matched = matchButtons(buttons, target, contextOf);
    if (matched.length > 1) return { ok: false, error: ambiguous(target, matched, contextOf), message };
    const [button] = matched;
    if (button) {
      const twins = buttons.filter((b) => b.text === button.text).length > 1;
      const context = twins ? contextOf(button) : undefined;
      return { ok: true, message, button, ...(context ? { context } : {}) };
    }
  }
  return { ok: false, error: `no ${noun} in #${channel} shows a button "${target}"` };
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
