// Slack takes about one message a second per channel, from the whole app, not from one process. The budget of a
// channel is one Redis key holding its next free time (epoch ms): every sender of every replica takes its turn
// there before calling Slack (the paced output's lanes, which carry watcher cards, thread replies and alerts, with
// the script reservePaceTurn; the outbox drainer in outboxClaimTurns), and a 429's Retry-After (pushBackPace)
// pushes the key for every replica.
// Without it N replicas posting to one channel together send N times Slack's pace and collect 429s.
//
// Redis only shares the pace here; it is never something Slack output waits for. A reservation that is not answered
// within a short timeout (default 250 ms), or a connection that is not ready, falls back to the lane's own local
// pacing, which keeps this process within the pace on its own: replicas together may then exceed it until Redis
// answers again, which is logged once each way. Times are the senders' clocks, as in the outbox: replicas are
// assumed NTP-synchronised, and a skew of a few ms moves a turn by as much.

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { runScript } from '../redis/commands.js';
import { redisWithin, type KeySpace } from '../redis/redis.js';

export interface ChannelBudget {
  /**
   * Takes the channel's next turn, at least intervalMs after the turn any replica took before: resolves to how long
   * to wait before calling Slack (0: at once), or undefined when Redis could not be asked in time (pace locally).
   */
  reserve(channel: string, intervalMs: number): Promise<number | undefined>;
  /** Slack answered 429 and said to wait ms: no replica's turn in this channel comes before then. Never rejects. */
  pushBack(channel: string, ms: number): Promise<void>;
}

/** The key of a channel's next free time; the outbox drainer builds it in Lua from the prefix. */
export function paceKeyPrefix(keys: KeySpace): string {
  return keys.key('slack', 'pace', '');
}

export interface ChannelBudgetOptions {
  redis: Redis;
  keys: KeySpace;
  log: Logger;
  /** The longest a reservation may wait for Redis before this process paces on its own. Default 250. */
  timeoutMs?: number;
  now?: () => number;
}

export function createChannelBudget(o: ChannelBudgetOptions): ChannelBudget {
  const prefix = paceKeyPrefix(o.keys);
  const timeoutMs = o.timeoutMs ?? 250;
  const now = o.now ?? Date.now;
  let degraded = false;

  /** Runs a Redis call within the timeout; undefined (and one warn per episode) when Redis is not there in time. */
  const ask = async <T>(call: () => Promise<T>): Promise<T | undefined> => {
    try {
      const value = await redisWithin(o.redis, timeoutMs, call);
      if (degraded) {
        degraded = false;
        o.log.info('Slack pacing shared across replicas again');
      }
      return value;
    } catch (err) {
      if (!degraded) {
        degraded = true;
        o.log.warn(
          { err },
          "Redis is slow or down: Slack pacing falls back to this process alone (replicas together may exceed a channel's pace until it answers)",
        );
      }
      return undefined;
    }
  };

  return {
    async reserve(channel, intervalMs) {
      const wait = await ask(() => {
        const args: [string, string] = [String(Math.round(now())), String(Math.max(0, Math.round(intervalMs)))];
        return runScript(o.redis, 'reservePaceTurn', [prefix + channel], args);
      });
      return wait === undefined ? undefined : Math.max(0, Number(wait));
    },
    async pushBack(channel, ms) {
      const t = Math.round(now());
      const args: [string, string] = [String(t), String(t + Math.max(0, Math.round(ms)))];
      await ask(() => runScript(o.redis, 'pushBackPace', [prefix + channel], args));
    },
  };
}
