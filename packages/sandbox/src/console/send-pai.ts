// A console `/pai` line becomes exactly what Slack would send: a signed form POST with a fresh
// response_url, so the sandbox exercises the bot's real signature check and ack path. A `:click`
// is the same for interactivity: a signed block_actions payload.

import { randomUUID } from 'node:crypto';
import { interactiveBody, postToBot, slashCommandBody, type BotReply } from '../slack-requests.js';
import type { Responders } from './slack-activity.js';

/** Slack gives up after 3 s; the console waits a little longer so a slow ack is reported as slow, not lost. */
export const ACK_TIMEOUT_MS = 10_000;

export interface PaiTarget {
  eventsUrl: string;
  signingSecret: string;
  responseUrl(id: string): string;
}

/** The bot's HTTP reply, and the response_url id the command carried (its later answers arrive there). */
export type PaiReply = BotReply & { responseId: string };

export async function sendPai(
  target: PaiTarget,
  who: { user: string; channel: string },
  text: string,
  responders: Responders,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<PaiReply> {
  const responseId = randomUUID();
  responders.set(responseId, who.user);
  const body = slashCommandBody({
    text,
    userId: who.user,
    channelId: who.channel,
    responseUrl: target.responseUrl(responseId),
  });
  const reply = await withAckTimeout(
    postToBot(target.eventsUrl, body, { secret: target.signingSecret, contentType: 'form' }),
    timeoutMs,
  );
  return { ...reply, responseId };
}

/** Posts a block_actions payload (built by blockActionsPayload) as Slack's interactivity request. */
export function sendInteraction(
  target: Pick<PaiTarget, 'eventsUrl' | 'signingSecret'>,
  payload: Record<string, unknown>,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<BotReply> {
  return withAckTimeout(
    postToBot(target.eventsUrl, interactiveBody(payload), { secret: target.signingSecret, contentType: 'form' }),
    timeoutMs,
  );
}

/**
 * Sends an interaction and expects Slack's 200: the reply, or why not in the console's words (`to`: what the bot
 * answered a non-200 to, e.g. "the click"; `label`: what a failed request is reported as, e.g. ":click Stop").
 */
export async function interact(
  target: Pick<PaiTarget, 'eventsUrl' | 'signingSecret'>,
  payload: Record<string, unknown>,
  about: { to: string; label: string },
): Promise<{ ok: true; reply: BotReply } | { ok: false; reason: string }> {
  try {
    const reply = await sendInteraction(target, payload);
    if (reply.status === 200) return { ok: true, reply };
    const body = reply.body.trim() ? `: ${reply.body.trim().slice(0, 200)}` : '';
    return { ok: false, reason: `the bot answered HTTP ${reply.status} to ${about.to}${body}` };
  } catch (err) {
    return { ok: false, reason: `${about.label}: ${(err as Error).message}` };
  }
}

export async function withAckTimeout<T>(request: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the bot did not ack within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return await Promise.race([request, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
