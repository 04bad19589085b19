// Everything the bot posts goes through here, so pacing, escaping and secret scrubbing have one
// home. Workers and listeners depend on this interface, never on WebClient directly.

import { WebClient, type Block, type KnownBlock } from '@slack/web-api';
import type { Logger } from 'pino';
import { createPostJson, type PostJson } from './post-json.js';

export interface SlackMessage {
  /** Plain-text fallback: notifications, screen readers, and clients that cannot show blocks. */
  text: string;
  blocks?: (Block | KnownBlock)[];
}

export interface SlackOutput {
  post(channel: string, message: SlackMessage, threadTs?: string): Promise<{ ts: string }>;
  update(channel: string, ts: string, message: SlackMessage): Promise<void>;
  ephemeral(channel: string, user: string, message: SlackMessage): Promise<void>;
  /** Answer through a slash command's response_url (ephemeral unless inChannel). */
  respond(
    responseUrl: string,
    message: SlackMessage,
    opts?: { inChannel?: boolean; replaceOriginal?: boolean },
  ): Promise<void>;
  /** Answer the requester privately: response_url when there is one, chat.postEphemeral otherwise. */
  tell(to: { channelId: string; userId: string; responseUrl?: string }, message: SlackMessage): Promise<void>;
}

export interface SlackOutputOptions {
  client: WebClient;
  log: Logger;
  /** How response_urls are answered; a keep-alive poster when unset. */
  postJson?: PostJson;
  scrub: (text: string) => string;
  /** Called after every Slack call with its method and `ok`, `rate_limited` or the error code. */
  observe?: (method: string, result: string) => void;
}

export function createWebClient(
  token: string,
  apiUrl: string | undefined,
  log: Logger,
  opts: { rejectRateLimitedCalls?: boolean } = {},
): WebClient {
  return new WebClient(token, {
    // The paced output handles 429s per channel; a client-wide pause would stall every channel.
    ...(opts.rejectRateLimitedCalls ? { rejectRateLimitedCalls: true } : {}),
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    // A few quick retries: a worker must not sit for Slack's default ~30 minutes.
    retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000, randomize: true },
    timeout: 10_000,
    logger: {
      debug: () => {},
      info: () => {},
      warn: (...m: unknown[]) => log.warn(m.map(String).join(' ')),
      error: (...m: unknown[]) => log.error(m.map(String).join(' ')),
      setLevel: () => {},
      getLevel: () => 'info' as never,
      setName: () => {},
    },
  });
}

export function createSlackOutput({
  client,
  log,
  postJson = createPostJson(),
  scrub,
  observe,
}: SlackOutputOptions): SlackOutput {
  const watch = async <T>(method: string, call: () => Promise<T>): Promise<T> => {
    try {
      const res = await call();
      observe?.(method, 'ok');
      return res;
    } catch (err) {
      const e = err as { code?: string; data?: { error?: string } };
      observe?.(
        method,
        e.code === 'slack_webapi_rate_limited_error' ? 'rate_limited' : (e.data?.error ?? e.code ?? 'error'),
      );
      throw err;
    }
  };
  const clean = (m: SlackMessage): SlackMessage => ({
    text: scrub(m.text),
    ...(m.blocks ? { blocks: JSON.parse(scrub(JSON.stringify(m.blocks))) as SlackMessage['blocks'] } : {}),
  });

  const output: SlackOutput = {
    async post(channel, message, threadTs) {
      const m = clean(message);
      const res = await watch('chat.postMessage', () =>
        client.chat.postMessage({
          channel,
          text: m.text,
          ...(m.blocks ? { blocks: m.blocks } : {}),
          ...(threadTs ? { thread_ts: threadTs } : {}),
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
      return { ts: String(res.ts) };
    },
    async update(channel, ts, message) {
      const m = clean(message);
      await watch('chat.update', () =>
        client.chat.update({ channel, ts, text: m.text, ...(m.blocks ? { blocks: m.blocks } : {}) }),
      );
    },
    async ephemeral(channel, user, message) {
      const m = clean(message);
      await watch('chat.postEphemeral', () =>
        client.chat.postEphemeral({ channel, user, text: m.text, ...(m.blocks ? { blocks: m.blocks } : {}) }),
      );
    },
    async respond(responseUrl, message, opts = {}) {
      // Scrubbed as clean() does (text as text, blocks as JSON), but the blocks in the body itself: no parse
      // and second serialisation of them on every lookup's answer.
      const body = {
        text: scrub(message.text),
        ...(message.blocks ? { blocks: message.blocks } : {}),
        response_type: opts.inChannel ? 'in_channel' : 'ephemeral',
        ...(opts.replaceOriginal ? { replace_original: true } : {}),
      };
      const status = await postJson(responseUrl, scrub(JSON.stringify(body)));
      if (status < 200 || status >= 300) throw new Error(`response_url answered HTTP ${status}`);
    },
    async tell(to, message) {
      if (to.responseUrl) {
        try {
          await output.respond(to.responseUrl, message);
          return;
        } catch (err) {
          // response_url expires after 30 minutes or 5 uses; fall back to an ephemeral message.
          log.warn(
            { err: err as Error, channel: to.channelId },
            'response_url failed; falling back to chat.postEphemeral',
          );
        }
      }
      await output.ephemeral(to.channelId, to.userId, message);
    },
  };
  return output;
}
