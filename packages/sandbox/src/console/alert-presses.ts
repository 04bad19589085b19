// The on-call controls from the console: `:click Acknowledge` (any button a private message does not
// show, looked for on the alerts) and `:mute <duration>` (the Mute menu). Each press goes to the most
// recent alert in the alerts channel that shows the control, as the current user, the way Slack sends it:
// a signed block_actions payload naming the alert's channel and carrying the alert as it is now. The bot
// answers in the alert's thread, by editing the alert or privately, not on a response_url.

import { randomUUID } from 'node:crypto';
import { formatDuration } from '../../../../src/config/duration.js';
import { MUTE_ACTION_ID } from '../../../../src/render/alert-controls.js';
import type { SlackMessage } from '@pai-bot/fake-slack/types.js';
import { blocksToText } from '../transcript.js';
import {
  channelBlockActionsPayload,
  firstLine,
  pickAlertButton,
  pickAlertMenuOption,
  type ChannelAction,
} from './buttons.js';
import type { LineContext, LineResult } from './line-context.js';
import { sendInteraction } from './send-pai.js';

/** How long a press waits for the bot to answer it (an edit of the alert, a thread reply or a private answer). */
export const ALERT_ANSWER_MS = 10_000;

type Found<T> = { ok: true; value: T } | { ok: false; error: string };

/** The alerts channel's messages, oldest first; an error when the sandbox has no alerts channel. */
function alertMessages(ctx: LineContext): Found<{ channel: string; messages: SlackMessage[] }> {
  const channel = ctx.world.alerts?.channel;
  if (!channel)
    return { ok: false, error: 'the sandbox config has no alerts channel, so there are no alerts to press' };
  return { ok: true, value: { channel, messages: ctx.world.slack.messages(channel) } };
}

/** `:click <target>` for a button no private message shows: the most recent alert showing it. */
export function findAlertButton(
  ctx: LineContext,
  target: string,
): Found<{ message: SlackMessage; action: ChannelAction }> {
  const alerts = alertMessages(ctx);
  if (!alerts.ok) return alerts;
  const pick = pickAlertButton(alerts.value.messages, target, alerts.value.channel);
  if (!pick.ok) {
    const menu = /^\[?mute\b/i.test(target.trim())
      ? `; the Mute menu is a menu, not a button: pick its option with :mute <duration>, e.g. :mute 4h`
      : '';
    return { ok: false, error: `${pick.error}${menu}` };
  }
  return { ok: true, value: { message: pick.message, action: { type: 'button', button: pick.button } } };
}

/** `:mute <value>`: picks that option of the Mute menu on the most recent alert that has one. */
export async function runMute(value: string, ctx: LineContext): Promise<LineResult> {
  const alerts = alertMessages(ctx);
  if (!alerts.ok) return { ok: false, reason: alerts.error };
  const pick = pickAlertMenuOption(alerts.value.messages, MUTE_ACTION_ID, value, alerts.value.channel);
  if (!pick.ok) return { ok: false, reason: pick.error };
  return pressOnAlert(pick.message, { type: 'static_select', menu: pick.menu, option: pick.option }, ctx);
}

function describePress(action: ChannelAction): string {
  if (action.type === 'button') return `clicks [${action.button.text}] (action_id ${action.button.actionId})`;
  return `picks [${action.option.text}] (value ${action.option.value}) from [${action.menu.placeholder || action.menu.actionId} ▾] (action_id ${action.menu.actionId})`;
}

/**
 * Presses a control on an alert as the current user, then waits (at most ALERT_ANSWER_MS) for the bot's
 * answer: the alert edited, a reply in its thread, or a private message to the presser in that channel.
 */
export async function pressOnAlert(
  message: SlackMessage,
  action: ChannelAction,
  ctx: LineContext,
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
  say(
    `[sandbox] ${user} ${describePress(action)} on the alert in #${message.channel} that reads: ${firstLine(blocksToText(message.blocks, message.text))}`,
  );
  const answered = answerProbe(ctx, message, user);
  const before = output.count;
  try {
    const reply = await sendInteraction({ eventsUrl: world.eventsUrl, signingSecret: world.signingSecret }, payload);
    if (reply.status !== 200)
      return {
        ok: false,
        reason: `the bot answered HTTP ${reply.status} to the press${reply.body.trim() ? `: ${reply.body.trim().slice(0, 200)}` : ''}`,
      };
  } catch (err) {
    return { ok: false, reason: `${describePress(action)}: ${(err as Error).message}` };
  }
  const heard = await world.slack
    .waitFor(() => answered() || world.slack.responses(responseId)[0], ALERT_ANSWER_MS)
    .catch(() => undefined);
  if (!heard)
    say(
      `[sandbox] the bot took the press but did not edit the alert, reply in its thread or answer ${user} within ${formatDuration(ALERT_ANSWER_MS)}`,
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
