// Presses on messages the bot posted in a channel, from the console: `:click <button>` for a button no more recent
// private message shows (the idle digest's Stop and Add idle-stop, an approval request's buttons, an alert's
// Acknowledge) and `:mute <duration>` (the alerts' Mute menu). Each press goes to the most recent message showing the
// control, in the current channel or the alerts channel, as the current user, the way Slack sends it: a signed
// block_actions payload naming the message's channel and carrying the message as it is now. A button with a
// confirmation dialog is pressed as if the dialog were confirmed, and the transcript says so. The bot answers in the
// message's thread, by editing it, privately, or on the press's response_url.

import { randomUUID } from 'node:crypto';
import { formatDuration } from '../../../../src/config/duration.js';
import { MUTE_ACTION_ID } from '../../../../src/render/alert-controls.js';
import type { SlackMessage } from '@pai-bot/fake-slack/types.js';
import { blocksToText, mrkdwnToText } from '../transcript.js';
import type { ButtonRef } from './buttons.js';
import {
  channelBlockActionsPayload,
  firstLine,
  pickAlertMenuOption,
  pickChannelButton,
  type ChannelAction,
} from './channel-controls.js';
import type { LineContext, LineResult } from './line-context.js';
import { interact } from './send-pai.js';

/** How long a press waits for the bot to answer it (an edit of the message, a thread reply or a private answer). */
export const ALERT_ANSWER_MS = 10_000;

type Found<T> = { ok: true; value: T } | { ok: false; error: string };

/** The alerts channel's messages, oldest first; an error when the sandbox has no alerts channel. */
function alertMessages(ctx: LineContext): Found<{ channel: string; messages: SlackMessage[] }> {
  const channel = ctx.world.alerts?.channel;
  if (!channel)
    return { ok: false, error: 'the sandbox config has no alerts channel, so there are no alerts to press' };
  return { ok: true, value: { channel, messages: ctx.world.slack.messages(channel) } };
}

/**
 * What `:click` found on the channel messages: a button to press, a message whose buttons it cannot tell apart, or
 * nothing.
 */
export type ChannelFind =
  | { found: 'button'; seq: number; message: SlackMessage; button: ButtonRef; context?: string }
  | { found: 'ambiguous'; seq: number; error: string }
  | { found: 'none'; error: string };

/**
 * `:click <target>` on channel messages: the most recent message showing the button, in the current channel or the
 * alerts channel. `seq` says how recent (ButtonBoard's order), so `:click` can weigh it against a private message.
 */
export function findChannelButton(ctx: LineContext, target: string): ChannelFind {
  const alertsChannel = ctx.world.alerts?.channel;
  const channels = [...new Set([ctx.state.channel, ...(alertsChannel ? [alertsChannel] : [])])];
  let best: Exclude<ChannelFind, { found: 'none' }> | undefined;
  const misses: string[] = [];
  for (const channel of channels) {
    const noun = channel === alertsChannel ? 'alert' : 'message';
    const pick = pickChannelButton(ctx.world.slack.messages(channel), target, channel, noun);
    const message = pick.message;
    if (!pick.ok && !message) {
      misses.push(pick.error);
      continue;
    }
    const seq = ctx.buttons.seqOf(channel, message!.ts);
    if (best && best.seq >= seq) continue;
    best = pick.ok
      ? {
          found: 'button',
          seq,
          message: pick.message,
          button: pick.button,
          ...(pick.context ? { context: pick.context } : {}),
        }
      : { found: 'ambiguous', seq, error: pick.error };
  }
  if (best) return best;
  if (!alertsChannel) misses.push('the sandbox config has no alerts channel, so there are no alerts to press');
  const menu = /^\[?mute\b/i.test(target.trim())
    ? '; the Mute menu is a menu, not a button: pick its option with :mute <duration>, e.g. :mute 4h'
    : '';
  return { found: 'none', error: `${misses.join('; and ')}${menu}` };
}

/** `:mute <value>`: picks that option of the Mute menu on the most recent alert that has one. */
export async function runMute(value: string, ctx: LineContext): Promise<LineResult> {
  const alerts = alertMessages(ctx);
  if (!alerts.ok) return { ok: false, reason: alerts.error };
  const pick = pickAlertMenuOption(alerts.value.messages, MUTE_ACTION_ID, value, alerts.value.channel);
  if (!pick.ok) return { ok: false, reason: pick.error };
  return pressOnMessage(pick.message, { type: 'static_select', menu: pick.menu, option: pick.option }, ctx);
}

function describePress(action: ChannelAction): string {
  if (action.type === 'button') return `clicks [${action.button.text}] (action_id ${action.button.actionId})`;
  return `picks [${action.option.text}] (value ${action.option.value}) from [${action.menu.placeholder || action.menu.actionId} ▾] (action_id ${action.menu.actionId})`;
}

/** Which message a press went to: its first line, the line the button sits under when that differs, its dialog. */
function describeTarget(message: SlackMessage, action: ChannelAction, ctx: LineContext, context?: string): string {
  const noun = message.channel === ctx.world.alerts?.channel ? 'alert' : 'message';
  const reads = firstLine(blocksToText(message.blocks, message.text));
  const above = context === undefined ? undefined : firstLine(mrkdwnToText(context));
  const under = above && above !== reads ? `, under ${above}` : '';
  const dialog =
    action.type === 'button' && action.button.confirm
      ? `; Slack asks "${action.button.confirm.title}" first, and the console answers [${action.button.confirm.ok}]`
      : '';
  return `on the ${noun} in #${message.channel} that reads: ${reads}${under}${dialog}`;
}

/**
 * Presses a control on a channel message as the current user, then waits (at most ALERT_ANSWER_MS) for the bot's
 * answer: the message edited, a reply in its thread, a private message to the presser in that channel, or an answer
 * on the press's response_url. `context` is the text the button sits under, for the transcript.
 */
export async function pressOnMessage(
  message: SlackMessage,
  action: ChannelAction,
  ctx: LineContext,
  context?: string,
): Promise<LineResult> {
  const { world, output, state, say } = ctx;
  const user = state.user;
  const responseId = randomUUID();
  ctx.responders.set(responseId, user);
  const payload = channelBlockActionsPayload({
    message,
    replies: world.slack.thread(message.channel, message.ts),
    action,
    user,
    responseUrl: world.slack.responseUrl(responseId),
  });
  say(`[sandbox] ${user} ${describePress(action)} ${describeTarget(message, action, ctx, context)}`);
  const answered = answerProbe(ctx, message, user);
  const before = output.count;
  const sent = await interact(world, payload, { to: 'the press', label: describePress(action) });
  if (!sent.ok) return sent;
  const heard = await world.slack
    .waitFor(() => answered() || world.slack.responses(responseId)[0], ALERT_ANSWER_MS)
    .catch(() => undefined);
  if (!heard)
    say(
      `[sandbox] the bot took the press but did not edit the message, reply in its thread or answer ${user} within ${formatDuration(ALERT_ANSWER_MS)}`,
    );
  if (ctx.settle) await output.settle(before);
  return { ok: true };
}

/** True once the bot has answered a press on `message`: an edit of it, a reply in its thread, or an ephemeral to `user` in its channel. */
function answerProbe(ctx: LineContext, message: SlackMessage, user: string): () => boolean {
  const { slack } = ctx.world;
  const privately = () => slack.ephemerals(message.channel).filter((e) => e.user === user).length;
  const [edits, replies, ephemerals] = [message.edits, slack.thread(message.channel, message.ts).length, privately()];
  return () =>
    message.edits > edits || slack.thread(message.channel, message.ts).length > replies || privately() > ephemerals;
}
