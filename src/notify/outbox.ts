// Channel messages that worker actions send, kept in Redis until their channel's turn comes. An action stores
// its card (or card update, or thread reply) here and finishes; it never holds a worker slot while a busy channel
// waits for its turn (about one message a second per channel). Drainers in every worker process send them, one
// per channel per interval across all replicas, oldest first; a later update of a card replaces a pending one.
//
// Keys: {p}:outbox:due (zset channel → when it may send next), {p}:outbox:q:<channel> (list of items, oldest
// first), {p}:outbox:upd:<channel> (hash card ts → latest pending update of that card).

import type { Redis } from 'ioredis';
import type { KeySpace } from '../queue/redis.js';
import type { SlackMessage } from './slack-output.js';

/** What happens with the ts of a posted message; kinds are handled by the composition root (src/bot.ts). */
export type Continuation = { kind: 'approval-card'; requestId: string } | { kind: 'job-card'; jobId: string } | { kind: 'service-card'; service: string };

/** Who to tell privately when a message cannot be posted at all (not in the channel, archived). */
export interface Recipient {
  channelId: string;
  userId: string;
  responseUrl?: string;
}

export type OutboxItem = { k: 'post'; m: SlackMessage; thread?: string; then?: Continuation; tell?: Recipient; tries?: number } | { k: 'update'; ts: string; tries?: number };

export interface Outbox {
  /** Stores a new message (a thread reply when threadTs is given); resolves once it is in Redis. */
  post(channel: string, message: SlackMessage, opts?: { threadTs?: string; then?: Continuation; tell?: Recipient }): Promise<void>;
  /** Stores the latest state of a card; a pending update of the same card is replaced, not repeated. */
  update(channel: string, ts: string, message: SlackMessage): Promise<void>;
  /** Called whenever something was stored, so a drainer in this process can start at once. */
  onStored(listener: () => void): void;
}

const PUSH_POST = `
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], 'NX', ARGV[2], ARGV[3])`;

const PUSH_UPDATE = `
local fresh = redis.call('HSET', KEYS[3], ARGV[4], ARGV[5])
if fresh == 1 then redis.call('RPUSH', KEYS[1], ARGV[1]) end
redis.call('ZADD', KEYS[2], 'NX', ARGV[2], ARGV[3])`;

export interface OutboxKeys {
  due: string;
  queue(channel: string): string;
  updates(channel: string): string;
}

export function outboxKeys(keys: KeySpace): OutboxKeys {
  return { due: keys.key('outbox', 'due'), queue: (c) => keys.key('outbox', 'q', c), updates: (c) => keys.key('outbox', 'upd', c) };
}

export function createOutbox(redis: Redis, keys: KeySpace, now: () => number = Date.now): Outbox {
  const k = outboxKeys(keys);
  const listeners: (() => void)[] = [];
  const stored = () => {
    for (const l of listeners) l();
  };
  return {
    async post(channel, message, opts = {}) {
      const item: OutboxItem = { k: 'post', m: message, ...(opts.threadTs ? { thread: opts.threadTs } : {}), ...(opts.then ? { then: opts.then } : {}), ...(opts.tell ? { tell: opts.tell } : {}) };
      await redis.eval(PUSH_POST, 2, k.queue(channel), k.due, JSON.stringify(item), String(now()), channel);
      stored();
    },
    async update(channel, ts, message) {
      const item: OutboxItem = { k: 'update', ts };
      await redis.eval(PUSH_UPDATE, 3, k.queue(channel), k.due, k.updates(channel), JSON.stringify(item), String(now()), channel, ts, JSON.stringify(message));
      stored();
    },
    onStored(listener) {
      listeners.push(listener);
    },
  };
}
