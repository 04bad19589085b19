// What the watchers follow (DLC jobs, EAS services), kept in Redis so any worker replica, or a restarted one,
// carries on. One hash per kind, `{p}:tracked:<kind>`: field = the item's key, value = its JSON with a revision.
// Every write is a compare-and-set on that revision, so two pollers (or a poller and a worker) never both
// announce the same change: the one whose write lands tells the story, the other sees it next cycle.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { KeySpace } from '../../redis/redis.js';

export interface Revised {
  /** Bumped by every write; 0 = not stored yet (or stored by a version without revisions). */
  rev: number;
  /** A token of the compare-and-set that wrote this record (see COMPARE_AND_SET). */
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

// KEYS[1] hash; ARGV: field, expected rev, new JSON, '1' if a missing record may be written (created).
// Returns 1 when written, and also when this very write is stored already: ioredis re-sends a command whose
// reply a dropped connection lost, and the re-run must not take the write it made itself for another writer's
// (the change would never be announced). Each write's JSON carries a token of its own, so no two are equal.
// A stored record without a rev (written before revisions) counts as rev 0.
const COMPARE_AND_SET = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current == ARGV[3] then return 1 end
if not current then
  if ARGV[2] ~= '0' or ARGV[4] ~= '1' then return 0 end
else
  local ok, decoded = pcall(cjson.decode, current)
  if not ok or type(decoded) ~= 'table' or tostring(decoded['rev'] or 0) ~= ARGV[2] then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1`;

/** The name the script is registered under on a connection (ioredis `defineCommand`: EVALSHA, EVAL when not loaded). */
export const COMPARE_AND_SET_COMMAND = 'trackedCompareAndSet';

type CompareAndSet = (hash: string, field: string, rev: string, json: string, create: '1' | '0') => Promise<number>;

/** Registers the script once per connection: every store on it shares the one definition (and its loaded-script cache). */
function compareAndSetOn(redis: Redis): CompareAndSet {
  const commands = redis as unknown as Record<string, CompareAndSet | undefined>;
  if (typeof commands[COMPARE_AND_SET_COMMAND] !== 'function') redis.defineCommand(COMPARE_AND_SET_COMMAND, { numberOfKeys: 1, lua: COMPARE_AND_SET });
  return commands[COMPARE_AND_SET_COMMAND]!.bind(redis);
}

const ATTEMPTS = 5;

export function createTrackedStore<T extends Revised>(redis: Redis, keys: KeySpace, kind: 'dlc' | 'eas', keyOf: (t: T) => string, opts: TrackedStoreOptions<T> = {}): TrackedStore<T> {
  const hash = keys.key('tracked', kind);
  const { side } = opts;
  const compareAndSet = compareAndSetOn(redis);
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
    const ok = await compareAndSet(hash, keyOf(next), String(next.rev), JSON.stringify(written), create ? '1' : '0');
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
        // Created only if it was not there when read: one untracked meanwhile stays untracked (the change is retried on what is there).
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
