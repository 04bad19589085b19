// Channel messages that worker actions send, kept in Redis until their channel's turn comes. An action stores
// its card (or card update, or thread reply) here and finishes; it never holds a worker slot while a busy channel
// waits for its turn (about one message a second per channel). Drainers in every worker process send them, one
// per channel per interval across all replicas, oldest first; a later update of a card replaces a pending one.
//
// Keys: {p}:outbox:due (zset channel → when it may send next), {p}:outbox:q:<channel> (list of items, oldest
// first), {p}:outbox:upd:<channel> (hash card ts → latest pending update of that card), {p}:outbox:ver:<channel>
// (hash message ts → newest version queued, for messages rendered from versioned state), {p}:outbox:booked (hash
// channel → a turn booked behind the paced output's lanes, see outbox-drainer.ts) and the channel's shared pace,
// {p}:slack:pace:<channel> (channel-budget.ts).

import type { Redis } from 'ioredis';
import { runScript } from '../redis/commands.js';
import type { KeySpace } from '../redis/redis.js';
import type { SlackMessage } from './slack-output.js';

/** What happens with the ts of a posted message; kinds are handled by the composition root (src/bot.ts). */
export type Continuation =
  | { kind: 'approval-card'; requestId: string }
  | { kind: 'job-card'; jobId: string }
  | { kind: 'service-card'; service: string };

/** Who to tell privately when a message cannot be posted at all (not in the channel, archived). */
export interface Recipient {
  channelId: string;
  userId: string;
  responseUrl?: string;
}

export type OutboxItem =
  | { k: 'post'; m: SlackMessage; thread?: string; then?: Continuation; tell?: Recipient; tries?: number }
  | { k: 'update'; ts: string; tries?: number };

export interface Outbox {
  /**
   * Stores a new message (a thread reply when threadTs is given); resolves once it is in Redis. With `once`, a key
   * naming this very message (e.g. the queued job's id and "card"), it is stored at most once, whatever retries.
   */
  post(
    channel: string,
    message: SlackMessage,
    opts?: { threadTs?: string; then?: Continuation; tell?: Recipient; once?: string },
  ): Promise<void>;
  /**
   * Stores the latest state of a card; a pending update of the same card is replaced, not repeated. With a version
   * (e.g. an approval request's), a state older than one already stored or sent for this message is ignored.
   */
  update(channel: string, ts: string, message: SlackMessage, version?: number): Promise<void>;
  /** Called whenever something was stored, so a drainer in this process can start at once. */
  onStored(listener: () => void): void;
}

export interface OutboxKeys {
  due: string;
  queue(channel: string): string;
  updates(channel: string): string;
  versions(channel: string): string;
}

export function outboxKeys(keys: KeySpace): OutboxKeys {
  return {
    due: keys.key('outbox', 'due'),
    queue: (c) => keys.key('outbox', 'q', c),
    updates: (c) => keys.key('outbox', 'upd', c),
    versions: (c) => keys.key('outbox', 'ver', c),
  };
}

export function createOutbox(redis: Redis, keys: KeySpace, now: () => number = Date.now): Outbox {
  const k = outboxKeys(keys);
  const listeners: (() => void)[] = [];
  const stored = () => {
    for (const l of listeners) l();
  };
  return {
    async post(channel, message, opts = {}) {
      const item: OutboxItem = {
        k: 'post',
        m: message,
        ...(opts.threadTs ? { thread: opts.threadTs } : {}),
        ...(opts.then ? { then: opts.then } : {}),
        ...(opts.tell ? { tell: opts.tell } : {}),
      };
      const once = opts.once ? keys.key('outbox', 'once', opts.once) : '';
      const args: [string, string, string] = [JSON.stringify(item), String(now()), channel];
      await runScript(redis, 'outboxPost', [k.queue(channel), k.due, once], args);
      stored();
    },
    async update(channel, ts, message, version) {
      const item: OutboxItem = { k: 'update', ts };
      const v = version === undefined ? '' : String(version);
      await runScript(
        redis,
        'outboxUpdate',
        [k.queue(channel), k.due, k.updates(channel), k.versions(channel)],
        [JSON.stringify(item), String(now()), channel, ts, JSON.stringify(message), v],
      );
      stored();
    },
    onStored(listener) {
      listeners.push(listener);
    },
  };
}
