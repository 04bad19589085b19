// The jobs the watcher follows, kept in Redis so any worker replica, or a restarted one, carries on.
// One hash: field = JobId, value = JSON. A status change is a compare-and-set so that two pollers
// can never both announce the same transition.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { KeySpace } from '../queue/redis.js';

export interface TrackedJob {
  jobId: string;
  name: string;
  workspace: { name: string; id: string };
  channelId: string;
  cardTs?: string;
  /** When its card was queued in the outbox; the watcher leaves the job alone until the card is there (or given up). */
  cardQueuedAt?: number;
  /** The outbox gave up on the card (the bot cannot post there): watch it without one. */
  cardSettled?: boolean;
  requester: string;
  status: string;
  jobType: string;
  workers: number;
  instance?: string;
  image: string;
  submittedAt: number; // epoch ms, bounds the ListJobs creation-time window
  /** Polls in a row that did not see the job in ListJobs. */
  misses: number;
  /** A token of the compare-and-set that wrote this record (see COMPARE_AND_SET). */
  write?: string;
}

// KEYS[1] hash; ARGV: jobId, expected status, new JSON. Returns 1 when written, and also when this very
// write is stored already: ioredis re-sends a script whose reply a dropped connection lost, and the re-run
// must not take the write it made itself for another poller's (the transition would never be announced).
// Each write's JSON carries a token of its own, so two pollers' writes are never equal.
const COMPARE_AND_SET = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current == ARGV[3] then return 1 end
if not current then return 0 end
local ok, decoded = pcall(cjson.decode, current)
if not ok or decoded['status'] ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1`;

export interface TrackedJobStore {
  track(job: TrackedJob): Promise<void>;
  all(): Promise<TrackedJob[]>;
  get(jobId: string): Promise<TrackedJob | undefined>;
  /** Writes `next` only if the stored status is still `expectedStatus`. */
  compareAndSet(expectedStatus: string, next: TrackedJob): Promise<boolean>;
  untrack(jobId: string): Promise<void>;
  count(): Promise<number>;
  /** Where the job's card is once the outbox posted it ('' when it could not): kept apart so no status write can lose it. */
  setCard(jobId: string, cardTs: string): Promise<void>;
}

export function createTrackedJobStore(redis: Redis, keys: KeySpace): TrackedJobStore {
  const hash = keys.key('tracked', 'dlc');
  const cards = keys.key('tracked', 'dlc-cards');
  // The cards hash: jobId → ts of the posted card, or '' when it could not be posted.
  const withCard = (job: TrackedJob | undefined, ts: string | null | undefined): TrackedJob | undefined => {
    if (!job || job.cardTs || ts === null || ts === undefined) return job;
    return ts ? { ...job, cardTs: ts } : { ...job, cardSettled: true };
  };
  const parse = (text: string | null | undefined): TrackedJob | undefined => {
    if (!text) return undefined;
    try {
      return JSON.parse(text) as TrackedJob;
    } catch {
      return undefined;
    }
  };
  return {
    async track(job) {
      await redis.hset(hash, job.jobId, JSON.stringify(job));
    },
    async all() {
      const [entries, cardOf] = await Promise.all([redis.hvals(hash), redis.hgetall(cards)]);
      return entries.map(parse).flatMap((j) => (j ? [withCard(j, cardOf[j.jobId])!] : []));
    },
    async get(jobId) {
      const [raw, ts] = await Promise.all([redis.hget(hash, jobId), redis.hget(cards, jobId)]);
      return withCard(parse(raw), ts);
    },
    async setCard(jobId, cardTs) {
      await redis.hset(cards, jobId, cardTs);
    },
    async compareAndSet(expectedStatus, next) {
      const written = await redis.eval(COMPARE_AND_SET, 1, hash, next.jobId, expectedStatus, JSON.stringify({ ...next, write: randomUUID() }));
      return written === 1;
    },
    async untrack(jobId) {
      await redis.multi().hdel(hash, jobId).hdel(cards, jobId).exec();
    },
    async count() {
      return redis.hlen(hash);
    },
  };
}

/** A card queued this long ago and still not posted no longer holds the watcher back. */
const CARD_WAIT_MS = 10 * 60_000;

/** Whether the watcher should wait for the job's card before announcing its transitions (they update the card). */
export function awaitingCard(job: TrackedJob, now: number): boolean {
  return job.cardQueuedAt !== undefined && !job.cardTs && !job.cardSettled && now - job.cardQueuedAt < CARD_WAIT_MS;
}
