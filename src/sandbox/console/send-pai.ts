// A console `/pai` line becomes exactly what Slack would send: a signed form POST with a fresh
// response_url, so the sandbox exercises the bot's real signature check and ack path.

import { randomUUID } from 'node:crypto';
import { postToBot, slashCommandBody, type BotReply } from '../slack-requests.js';
import type { Responders } from './slack-activity.js';

/** Slack gives up after 3 s; the console waits a little longer so a slow ack is reported as slow, not lost. */
export const ACK_TIMEOUT_MS = 10_000;

export interface PaiTarget {
  eventsUrl: string;
  signingSecret: string;
  responseUrl(id: string): string;
}

export async function sendPai(target: PaiTarget, who: { user: string; channel: string }, text: string, responders: Responders, timeoutMs = ACK_TIMEOUT_MS): Promise<BotReply> {
  const responseId = randomUUID();
  responders.set(responseId, who.user);
  const body = slashCommandBody({ text, userId: who.user, channelId: who.channel, responseUrl: target.responseUrl(responseId) });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the bot did not ack within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return await Promise.race([postToBot(target.eventsUrl, body, { secret: target.signingSecret, contentType: 'form' }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
