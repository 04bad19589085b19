// Shapes the fake Slack records. Tests and the sandbox console read them directly, so they stay plain data.

import type { Clock } from '@pai-bot/sim-kit/clock.js';
import type { ChannelRate } from './channel-rate.js';
import type { OpenedView, PublishedView } from './views.js';

export type { ChannelRate } from './channel-rate.js';
export type { OpenedView, PublishedView } from './views.js';

export interface FakeSlackOptions {
  token: string; // the only xoxb token the fake accepts
  botUserId?: string;
  botId?: string;
  teamId?: string;
  log?: (line: string) => void;
  clock?: Clock; // drives message ts and ApiCall.at; defaults to the system clock
  /** Slack's per-channel pace, enforced with 429s (see channel-rate.ts); off when unset. */
  channelRate?: ChannelRate;
}

export interface ApiCall {
  method: string;
  args: Record<string, unknown>; // blocks/metadata/attachments parsed back to objects
  token: string | undefined;
  at: number; // epoch ms
  receivedAt: number; // wall-clock epoch ms, whatever `clock` says (pacing is measured on it)
  status: number; // HTTP status the fake answered (200 or 429)
  ok: boolean;
  error?: string;
  response: Record<string, unknown>;
}

export interface Reaction {
  name: string;
  users: string[];
}

export interface SlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[] | undefined;
  thread_ts?: string;
  user: string; // the bot user id (only the bot posts through the Web API)
  metadata?: unknown;
  edits: number;
  history: { text: string; blocks: unknown[] | undefined }[]; // previous versions, oldest first (length === edits)
  reactions: Reaction[];
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  message_ts: string;
}

export interface ResponseRecord {
  id: string;
  // biome-ignore lint/suspicious/noExplicitAny: whatever JSON the bot sent; loose so tests read fields without casts
  body: any;
}

export type ActivityKind = 'message' | 'update' | 'ephemeral' | 'response';

export interface FakeSlack {
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
  readonly url: string;
  responseUrl(id?: string): string;
  readonly calls: ApiCall[];
  messages(channel?: string): SlackMessage[];
  thread(channel: string, ts: string): SlackMessage[];
  ephemerals(channel?: string): EphemeralMessage[];
  responses(id?: string): ResponseRecord[];
  rateLimitNext(n: number, retryAfterSeconds: number, method?: string): void;
  failNext(n: number, error: string, method?: string): void;
  /** Enforces Slack's per-channel pace from now on (undefined: no longer). */
  setChannelRate(rate: ChannelRate | undefined): void;
  setUsergroup(id: string, users: string[]): void;
  /** A human reaction on a stored message, so reactions.get sees what the matching reaction_added event claims. */
  addReaction(channel: string, ts: string, name: string, user: string): void;
  /** Every view views.publish took (a user's App Home), oldest first; only that user's when given. */
  homeViews(userId?: string): PublishedView[];
  /** Every modal views.open took, oldest first. */
  openedViews(): OpenedView[];
  /** Hands out a trigger id as an interaction payload would: views.open takes it once, within 3 s. */
  issueTrigger(id: string): void;
  waitFor<T>(pick: () => T | undefined | false | null, timeoutMs?: number): Promise<T>;
  onActivity(listener: (kind: ActivityKind, item: unknown) => void): () => void;
}
