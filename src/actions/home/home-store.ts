// What the bot remembers about App Homes, in Redis: who opened theirs lately ({p}:home:opened, a sorted set user →
// last open, epoch ms; at most MAX_HOME_USERS, the most recent) and, per user, a mark of the view last published to
// them ({p}:home:view:<user> = "<hash of the view>|<token>", kept as long as the window), so a refresh publishes
// only what changed. A publish is claimed by one Lua script (claimHomeView-2.lua) that also counts it against this
// minute's views.publish budget ({p}:home:publishes:<minute>), shared by every replica.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { runScript } from '../../redis/commands.js';
import type { KeySpace } from '../../redis/redis.js';

/** Homes kept up to date at most: the most recently opened. */
export const MAX_HOME_USERS = 500;

/** A claim on publishing one user's view: the mark it wrote, and the one to put back if the publish fails. */
export interface HomeClaim {
  user: string;
  mark: string;
  previous: string;
}

export type ClaimOutcome = HomeClaim | 'changed' | 'no-budget';

export interface HomeStore {
  /** `user` opened their Home at `at`. */
  opened(user: string, at: number): Promise<void>;
  /** Who opened their Home within the window before `now`, most recent first (older opens are forgotten). */
  recentUsers(now: number): Promise<string[]>;
  /** The stored marks of these users' last published views ('' where none), in order. */
  marks(users: readonly string[]): Promise<string[]>;
  /** Claims the publish of a view with this hash, if the mark is still `read` and this minute has a publish left. */
  claim(user: string, read: string, hash: string, now: number): Promise<ClaimOutcome>;
  /** A claimed publish failed: the mark goes back, so the next step retries. */
  release(claim: HomeClaim): Promise<void>;
  /** A view with this hash was just published to `user` outside a claim (an open, a click's answer). */
  record(user: string, hash: string): Promise<void>;
}

export interface HomeStoreOptions {
  /** How long after their last open a user's Home is kept up to date. */
  openedWithinMs: number;
  /** views.publish calls the refresh may make per minute, all replicas together. */
  publishesPerMinute: number;
}

/** The hash part of a stored mark. */
export const hashOfMark = (mark: string): string => mark.split('|', 1)[0] ?? '';

export function createHomeStore(redis: Redis, keys: KeySpace, opts: HomeStoreOptions): HomeStore {
  const opens = keys.key('home', 'opened');
  const markKey = (user: string) => keys.key('home', 'view', user);
  const keep = String(opts.openedWithinMs);
  return {
    async opened(user, at) {
      await redis
        .multi()
        .zadd(opens, at, user)
        .zremrangebyrank(opens, 0, -(MAX_HOME_USERS + 1))
        .pexpire(opens, opts.openedWithinMs)
        .exec();
    },
    async recentUsers(now) {
      const res = await redis
        .multi()
        .zremrangebyscore(opens, '-inf', `(${now - opts.openedWithinMs}`)
        .zrevrange(opens, 0, MAX_HOME_USERS - 1)
        .exec();
      const [err, users] = res?.[1] ?? [new Error('the Home openers could not be read')];
      if (err) throw err;
      return users as string[];
    },
    async marks(users) {
      if (users.length === 0) return [];
      const values = await redis.mget(users.map(markKey));
      return values.map((v) => v ?? '');
    },
    async claim(user, read, hash, now) {
      const mark = `${hash}|${randomUUID()}`;
      const publishes = keys.key('home', 'publishes', String(Math.floor(now / 60_000)));
      const outcome = await runScript(
        redis,
        'claimHomeView',
        [markKey(user), publishes],
        [read, mark, keep, String(opts.publishesPerMinute)],
      );
      if (outcome === 1) return { user, mark, previous: read };
      return outcome === 0 ? 'changed' : 'no-budget';
    },
    async release(claim) {
      await runScript(redis, 'releaseHomeView', [markKey(claim.user)], [claim.mark, claim.previous, keep]);
    },
    async record(user, hash) {
      await redis.set(markKey(user), `${hash}|${randomUUID()}`, 'PX', opts.openedWithinMs);
    },
  };
}
