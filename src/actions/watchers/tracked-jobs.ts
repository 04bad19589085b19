// The training jobs the watcher follows: a tracked store (tracked-store.ts) in the hash `{p}:tracked:dlc`,
// field = JobId. Records stored before revisions existed carry no rev and are read as rev 0, so a running
// deployment upgrades in place.

import type { Redis } from 'ioredis';
import type { KeySpace } from '../../redis/redis.js';
import type { DlcSubmitPayload } from '../training/payload.js';
import { createTrackedStore, type TrackedStore } from './tracked-store.js';

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
  /** Bumped by every write (compare-and-set, see tracked-store.ts); 0 for a record the version before revisions wrote. */
  rev: number;
  write?: string;
  /**
   * What the bot's submit asked for, so the finished job's card can offer Rerun (card-buttons.ts). Absent on jobs
   * tracked before it was kept. Its env values may be secret-ish: the queued submit already holds them in Redis, and
   * no card shows them.
   */
  submit?: DlcSubmitPayload;
}

export interface TrackedJobStore extends TrackedStore<TrackedJob> {
  /** Where the job's card is once the outbox posted it ('' when it could not): kept apart so no status write can lose it. */
  setCard(jobId: string, cardTs: string): Promise<void>;
  /** A job untracked with its submit kept (it ended), for ENDED_TTL_SECONDS: what its card's Rerun asks for again. */
  ended(jobId: string): Promise<TrackedJob | undefined>;
}

/** How long a finished job's submit stays for Rerun: a card older than this says the submit is no longer known. */
export const ENDED_TTL_SECONDS = 30 * 24 * 3600;

export function createTrackedJobStore(redis: Redis, keys: KeySpace): TrackedJobStore {
  // The cards hash: jobId → ts of the posted card, or '' when it could not be posted. The outbox's continuation
  // writes it without a compare-and-set, so it cannot lose to a poller's write, nor make one fail.
  const cards = keys.key('tracked', 'dlc-cards');
  const store = createTrackedStore<TrackedJob>(redis, keys, 'dlc', (j) => j.jobId, {
    side: {
      key: cards,
      merge: (job, ts) =>
        job.cardTs || ts === undefined ? job : ts ? { ...job, cardTs: ts } : { ...job, cardSettled: true },
    },
    // Jobs are created by the submit action (update); a poller's save never brings back a job untracked meanwhile.
    recordsWithoutRev: true,
  });
  // One key per ended job (a hash field cannot expire on its own), written before the record goes.
  const endedKey = (jobId: string) => keys.key('tracked', 'dlc-ended', jobId);
  return {
    ...store,
    async setCard(jobId, cardTs) {
      await redis.hset(cards, jobId, cardTs);
    },
    async untrack(jobId) {
      const job = await store.get(jobId);
      if (job?.submit) await redis.set(endedKey(jobId), JSON.stringify(job), 'EX', ENDED_TTL_SECONDS);
      await store.untrack(jobId);
    },
    async ended(jobId) {
      const text = await redis.get(endedKey(jobId));
      if (!text) return undefined;
      try {
        return JSON.parse(text) as TrackedJob;
      } catch {
        return undefined;
      }
    },
  };
}

/** A card queued this long ago and still not posted no longer holds the watcher back. */
const CARD_WAIT_MS = 10 * 60_000;

/** Whether the watcher should wait for the job's card before announcing its transitions (they update the card). */
export function awaitingCard(job: TrackedJob, now: number): boolean {
  return job.cardQueuedAt !== undefined && !job.cardTs && !job.cardSettled && now - job.cardQueuedAt < CARD_WAIT_MS;
}
