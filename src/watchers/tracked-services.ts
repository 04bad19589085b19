// The EAS services the bot follows (deployed or changed through it), in Redis like tracked jobs.
// Each record carries a revision; writes are compare-and-set on it, so two pollers (or a poller
// and a worker) never both announce the same change or alert.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { KeySpace } from '../queue/redis.js';

export type EpisodeKind = 'deploy' | 'start' | 'restart' | 'scale-up';

/** A stretch of "not ready" after a deploy, start, restart or scale-up. */
export interface Episode {
  kind: EpisodeKind;
  startedAt: number;
  /** ts of the cold-start alert in the alerts channel, once posted, and that channel (the workspace's alerts channel). */
  alertTs?: string;
  alertChannel?: string;
  alertedAt?: number;
  failedAlerted?: boolean;
}

export interface ServiceSnapshot {
  status: string;
  running: number;
  pending: number;
  total: number;
  reason?: string;
  endpoint?: string;
}

export interface TimeToReady {
  kind: EpisodeKind;
  ms: number;
  at: number;
}

export interface TrackedService {
  service: string;
  workspace: { name: string; id: string };
  channelId: string;
  cardTs?: string;
  /** Found by `watch: all`, not launched through the bot: followed and alerted on, without a card. */
  external?: boolean;
  /** When a card for channelId was queued in the outbox and its ts is not known yet (one card per channel, not one per change). */
  cardQueuedAt?: number;
  requester: string;
  image?: string;
  last: ServiceSnapshot;
  episode?: Episode;
  /** Most recent first, at most 10. */
  readyTimes: TimeToReady[];
  rev: number;
  /** A token of the compare-and-set that wrote this record (see COMPARE_AND_SET). */
  write?: string;
}

// KEYS[1] hash; ARGV: service, expected rev, new JSON. Returns 1 when written, and also when this very write
// is stored already (a re-sent script after a lost reply; see tracked-jobs.ts): each write carries a token.
const COMPARE_AND_SET = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current == ARGV[3] then return 1 end
if not current then
  if ARGV[2] ~= '0' then return 0 end
else
  local ok, decoded = pcall(cjson.decode, current)
  if not ok or tostring(decoded['rev']) ~= ARGV[2] then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1`;

export interface TrackedServiceStore {
  all(): Promise<TrackedService[]>;
  get(service: string): Promise<TrackedService | undefined>;
  /** Writes next (with rev+1) only if the stored rev is still next.rev (0 = not stored yet). */
  save(next: TrackedService): Promise<TrackedService | undefined>;
  /** Read-modify-write with retries on conflicting writers. */
  update(service: string, change: (current: TrackedService | undefined) => TrackedService | undefined): Promise<TrackedService | undefined>;
  untrack(service: string): Promise<void>;
  count(): Promise<number>;
}

export function createTrackedServiceStore(redis: Redis, keys: KeySpace): TrackedServiceStore {
  const hash = keys.key('tracked', 'eas');
  const parse = (text: string | null | undefined): TrackedService | undefined => {
    if (!text) return undefined;
    try {
      return JSON.parse(text) as TrackedService;
    } catch {
      return undefined;
    }
  };
  const store: TrackedServiceStore = {
    async all() {
      return (await redis.hvals(hash)).map(parse).filter((s): s is TrackedService => s !== undefined);
    },
    async get(service) {
      return parse(await redis.hget(hash, service));
    },
    async save(next) {
      const written = { ...next, rev: next.rev + 1, write: randomUUID() };
      const ok = await redis.eval(COMPARE_AND_SET, 1, hash, next.service, String(next.rev), JSON.stringify(written));
      return ok === 1 ? written : undefined;
    },
    async update(service, change) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const current = await store.get(service);
        const next = change(current);
        if (!next) return undefined;
        const saved = await store.save({ ...next, rev: current?.rev ?? 0 });
        if (saved) return saved;
      }
      throw new Error(`tracked service ${service} kept changing under us`);
    },
    async untrack(service) {
      await redis.hdel(hash, service);
    },
    async count() {
      return redis.hlen(hash);
    },
  };
  return store;
}
