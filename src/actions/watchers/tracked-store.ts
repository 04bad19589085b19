// What the watchers follow (DLC jobs, EAS services), kept in Redis so any worker replica, or a restarted one,
// carries on. One hash per kind, `{p}:tracked:<kind>`: field = the item's key, value = its JSON with a revision.
// Every write is a compare-and-set on that revision, so two pollers (or a poller and a worker) never both
// announce the same change: the one whose write lands tells the story, the other sees it next cycle.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { scriptOn } from '../../redis/commands.js';
import type { KeySpace } from '../../redis/redis.js';

export interface Revised {
  /** Bumped by every write; 0 = not stored yet (or stored by a version without revisions). */
  rev: number;
  /** A token of the compare-and-set that wrote this record (see trackedCompareAndSet-1.lua). */
  write?: string;
}

export interface TrackedStore<T extends Revised> {
  all(): Promise<T[]>;
  get(key: string): Promise<T | undefined>;
  /** Writes next (with rev+1) only if the stored rev is still next.rev; the record as written, or undefined if another writer got there first. */
  save(next: T): Promise<T | undefined>;
  /** Read-modify-write with retries on conflicting writers; `change` returning undefined writes nothing. */
  update(key: string, change: (current: T | undefined) => T | undefined): Promise<T | undefined>;
  untrack(key: string): Promise<void>;
  count(): Promise<number>;
}

/** A hash beside the main one, same fields, written by someone who must not race the compare-and-set (and so cannot lose to it); merged on read. */
export interface SideHash<T> {
  key: string;
  merge(item: T, value: string | undefined): T;
}

export interface TrackedStoreOptions<T> {
  side?: SideHash<T>;
  /**
   * Records may have been stored without a rev (by the version before revisions) and are read as rev 0; then
   * rev 0 cannot tell "not stored yet" from "stored", so `save` never writes a record that is gone (a poller
   * must not bring back what another untracked meanwhile). Such a store creates records through `update` only.
   */
  recordsWithoutRev?: boolean;
}

/** The script of every write (src/redis/commands/trackedCompareAndSet-1.lua), defined once per connection. */
export const COMPARE_AND_SET_COMMAND = 'trackedCompareAndSet';

const ATTEMPTS = 5;

export function createTrackedStore<T extends Revised>(
  redis: Redis,
  keys: KeySpace,
  kind: 'dlc' | 'eas',
  keyOf: (t: T) => string,
  opts: TrackedStoreOptions<T> = {},
): TrackedStore<T> {
  const hash = keys.key('tracked', kind);
  const { side } = opts;
  // The connection's one definition of the script, shared by every store on it.
  const compareAndSet = scriptOn(redis, COMPARE_AND_SET_COMMAND);
  const parse = (text: string | null | undefined): T | undefined => {
    if (!text) return undefined;
    try {
      const item = JSON.parse(text) as T;
      return item.rev === undefined ? { ...item, rev: 0 } : item;
    } catch {
      return undefined;
    }
  };
  const write = async (next: T, create: boolean): Promise<T | undefined> => {
    const written: T = { ...next, rev: next.rev + 1, write: randomUUID() };
    const field = keyOf(next);
    const ok = await compareAndSet([hash], [field, String(next.rev), JSON.stringify(written), create ? '1' : '0']);
    return ok === 1 ? written : undefined;
  };
  const store: TrackedStore<T> = {
    async all() {
      const [values, sides] = await Promise.all([redis.hvals(hash), side ? redis.hgetall(side.key) : undefined]);
      return values.flatMap((text) => {
        const item = parse(text);
        if (!item) return [];
        return [side && sides ? side.merge(item, sides[keyOf(item)]) : item];
      });
    },
    async get(key) {
      const [text, extra] = await Promise.all([redis.hget(hash, key), side ? redis.hget(side.key, key) : null]);
      const item = parse(text);
      return item && side ? side.merge(item, extra ?? undefined) : item;
    },
    save: (next) => write(next, next.rev === 0 && !opts.recordsWithoutRev),
    async update(key, change) {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const current = await store.get(key);
        const next = change(current);
        if (!next) return undefined;
        // Created only if it was not there when read: one untracked meanwhile stays untracked (the change is retried on
        // what is there).
        const saved = await write({ ...next, rev: current?.rev ?? 0 }, current === undefined);
        if (saved) return saved;
      }
      throw new Error(`tracked ${kind === 'dlc' ? 'job' : 'service'} ${key} kept changing under us`);
    },
    async untrack(key) {
      if (side) await redis.multi().hdel(hash, key).hdel(side.key, key).exec();
      else await redis.hdel(hash, key);
    },
    async count() {
      return redis.hlen(hash);
    },
  };
  return store;
}
