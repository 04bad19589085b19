// Signed requests TO the bot, shaped like Slack's own (slash commands, Events API, interactivity).
// Used by the integration tests and the sandbox console, so both exercise the real signature check.

import { createHmac, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { DEFAULT_APP_ID, DEFAULT_BOT_USER_ID, DEFAULT_TEAM_ID } from '@pai-bot/fake-slack/defaults.js';

const LEGACY_TOKEN = 'fake-verification-token';
let triggerSeq = 0;

export function signSlackBody(secret: string, rawBody: string, timestampSec: number): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${rawBody}`).digest('hex')}`;
}

export interface SlashCommandParams {
  text: string;
  userId: string;
  channelId: string;
  teamId?: string;
  command?: string;
  responseUrl: string;
  triggerId?: string;
  userName?: string;
  channelName?: string;
}

/** Slack-like trigger ids ('<digits>.<digits>.<hex>'), unique per process. */
function newTriggerId(): string {
  triggerSeq += 1;
  return `${Date.now()}.${triggerSeq}.${randomBytes(10).toString('hex')}`;
}

export function slashCommandBody(p: SlashCommandParams): string {
  const fields: [string, string][] = [
    ['token', LEGACY_TOKEN],
    ['team_id', p.teamId ?? DEFAULT_TEAM_ID],
    ['team_domain', 'fake-workspace'],
    ['channel_id', p.channelId],
    ['channel_name', p.channelName ?? p.channelId.toLowerCase()],
    ['user_id', p.userId],
    ['user_name', p.userName ?? p.userId.toLowerCase()],
    ['command', p.command ?? '/pai'],
    ['text', p.text],
    ['api_app_id', DEFAULT_APP_ID],
    ['is_enterprise_install', 'false'],
    ['response_url', p.responseUrl],
    ['trigger_id', p.triggerId ?? newTriggerId()],
  ];
  return new URLSearchParams(fields).toString();
}

export interface EventParams {
  event: Record<string, unknown>;
  eventId?: string;
  teamId?: string;
  botUserId?: string;
}

export function eventBody(p: EventParams): string {
  const teamId = p.teamId ?? DEFAULT_TEAM_ID;
  const nowSec = Math.floor(Date.now() / 1000);
  return JSON.stringify({
    token: LEGACY_TOKEN,
    team_id: teamId,
    api_app_id: DEFAULT_APP_ID,
    // every real event carries event_ts; a caller's own value wins
    event: { event_ts: `${nowSec}.000100`, ...p.event },
    type: 'event_callback',
    event_id: p.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: nowSec,
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: p.botUserId ?? DEFAULT_BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(12).toString('base64url')}`,
  });
}

export function interactiveBody(payload: Record<string, unknown>): string {
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export interface PostToBotOptions {
  secret: string;
  contentType: 'form' | 'json';
  timestampSec?: number; // default now; an old value exercises the replay window
  badSignature?: boolean;
  retryNum?: number; // sets X-Slack-Retry-Num (+ X-Slack-Retry-Reason)
  retryReason?: string; // default 'http_timeout'
  omitSignature?: boolean; // drops both signature headers
}

export interface BotReply {
  status: number;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: the parsed JSON reply (ack objects); loose so tests read fields directly
  json?: any;
  elapsedMs: number;
}

// Exact types matter: with '; charset=…' Bolt parses a form body as JSON and answers 400 (gotcha 1).
const CONTENT_TYPES = { form: 'application/x-www-form-urlencoded', json: 'application/json' } as const;

/** node:http with a fresh connection per request, so no keep-alive socket outlives the test or delays app.stop(). */
export function postToBot(botEventsUrl: string, rawBody: string, opts: PostToBotOptions): Promise<BotReply> {
  const ts = opts.timestampSec ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string | number> = {
    'content-type': CONTENT_TYPES[opts.contentType],
    'content-length': Buffer.byteLength(rawBody),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  if (!opts.omitSignature) {
    headers['x-slack-request-timestamp'] = String(ts);
    headers['x-slack-signature'] = signSlackBody(opts.badSignature ? `${opts.secret}-wrong` : opts.secret, rawBody, ts);
  }
  if (opts.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(opts.retryNum);
    headers['x-slack-retry-reason'] = opts.retryReason ?? 'http_timeout';
  }
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(botEventsUrl, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = body.length > 0 ? JSON.parse(body) : undefined;
        } catch {
          json = undefined; // text or empty acks are legitimate
        }
        resolve({
          status: res.statusCode ?? 0,
          body,
          ...(json !== undefined ? { json } : {}),
          elapsedMs: Math.round(performance.now() - started),
        });
      });
    });
    req.on('error', reject);
    req.end(rawBody);
  });
}
