// The producer side: one BullMQ job per user action, with an idempotency key as its job id so a
// repeated delivery of the same Slack request adds nothing.

import { createHash } from 'node:crypto';
import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { settleTicket, type TicketState } from './ack-ticket.js';
import { isMutatingJob, type ActionJob } from '../actions/action-jobs.js';
import { batchWindow, type BatchWindowOptions } from './batch-window.js';
import { runScript } from '../redis/commands.js';
import { claimKey, type KeySpace } from '../redis/redis.js';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 1_000, maxDelayMs: 30_000 };

/** BullMQ refuses ':' and integer-looking ids, so keys are hex digests with a readable prefix. */
export function idempotencyKey(...parts: (string | undefined)[]): string {
  return (
    'req-' +
    createHash('sha256')
      .update(parts.map((p) => p ?? '').join('\u0000'))
      .digest('hex')
      .slice(0, 32)
  );
}

/** A user already has as many changes queued as `limits.queued_changes_per_user` allows. */
export class QueuedChangesLimit extends Error {
  constructor(
    readonly queued: number,
    readonly limit: number,
  ) {
    super(`${queued} changes already queued (limit ${limit})`);
    this.name = 'QueuedChangesLimit';
  }
}

export interface Enqueuer {
  /**
   * Resolves to false when this change was already queued (a retry or a double delivery); lookups always resolve
   * to true. A change asked for by a user who already has the most queued changes allowed rejects with
   * QueuedChangesLimit.
   */
  enqueue(job: ActionJob, key: string): Promise<boolean>;
  /**
   * Gives up on a change whose enqueue was not confirmed in time: resolves 'void' when it will never run (even if
   * the add lands later), 'run' when a worker has taken it already (src/queue/ack-ticket.ts).
   */
  abandon(key: string): Promise<TicketState>;
  /** A queued change finished for good: it no longer counts against its requester's limit. */
  settled(job: ActionJob, key: string): Promise<void>;
  /** Claims a key for a while for `owner`; resolves to the current owner (owner itself when the claim succeeded). */
  claim(key: string, seconds: number, owner: string): Promise<string>;
  release(key: string): Promise<void>;
  /** Queues the lookups still waiting for their batch (at shutdown). */
  flush(): Promise<void>;
}

/** How lookups share queue writes: the batch window's length and largest batch. */
export type LookupBatch = Pick<BatchWindowOptions, 'windowMs' | 'maxSize'>;

/** Lookups wait up to this long to be queued together; they were acknowledged already, so nobody waits on Slack. */
export const LOOKUP_BATCH: LookupBatch = { windowMs: 10, maxSize: 50 };

/** One queue add, waiting in the batch window. */
interface Add {
  name: string;
  data: ActionJob;
  opts: JobsOptions;
}

export interface FairUse {
  /** Changes one user may have queued and unfinished (limits.queued_changes_per_user). */
  queuedChangesPerUser: number;
}

export function createEnqueuer(
  queue: Queue<ActionJob>,
  redis: Redis,
  keys: KeySpace,
  retry: RetryPolicy,
  lookupBatch = LOOKUP_BATCH,
  fairUse?: FairUse,
): Enqueuer {
  const slotsOf = (userId: string) => keys.key('queued-changes', userId);
  // Approved runs are queued by the approval, not by the user: they take no slot.
  const counted = (job: ActionJob) => fairUse !== undefined && isMutatingJob(job) && !job.approval;
  let connectedOnce = redis.status === 'ready';
  redis.once('ready', () => (connectedOnce = true));
  const refuseWhileDisconnected = (): void => {
    // After a lost connection ioredis holds commands and runs them on reconnect: the user, told
    // "nothing was queued", would see the action run later. Refuse instead. (While first
    // connecting at startup, holding them is what we want.)
    if (connectedOnce && redis.status !== 'ready') throw new Error(`Redis is not connected (${redis.status})`);
  };
  const lookups = batchWindow<Add>((adds) => {
    refuseWhileDisconnected();
    // One add per lookup, all in the same tick; not addBulk, whose ioredis pipeline costs more CPU to build
    // than it saves at a few lookups per batch (measured side by side by `npm run bench`).
    return adds.map((a) => queue.add(a.name, a.data, a.opts));
  }, lookupBatch);
  return {
    flush: () => lookups.flush(),
    async claim(key, seconds, owner) {
      refuseWhileDisconnected();
      const k = keys.key('recent', key);
      if ((await redis.set(k, owner, 'EX', seconds, 'NX')) === 'OK') return owner;
      return (await redis.get(k)) ?? owner;
    },
    async release(key) {
      await redis.del(keys.key('recent', key));
    },
    async enqueue(job, key) {
      refuseWhileDisconnected();
      const opts = {
        jobId: key,
        attempts: retry.attempts,
        backoff: { type: 'jittered' as const },
        removeOnComplete: { age: 86_400, count: 10_000 },
        removeOnFail: { age: 7 * 86_400 },
      };
      // A lookup delivered twice is deduplicated by its job id while that job is stored, and past
      // that merely answers again; it is not worth a second Redis round trip on every ack.
      if (!isMutatingJob(job)) {
        await lookups.push({ name: job.type, data: job, opts });
        return true;
      }
      // A change must never run twice: BullMQ ignores an add with a known id only while the old job
      // is still stored, so a marker keeps the promise for a day whatever the queue's retention.
      const fresh = await claimKey(redis, keys.key('seen-request', key), 86_400);
      if (!fresh) return false;
      let slot = false;
      try {
        if (counted(job)) {
          // Counted and taken in one script: two changes of one user at once cannot both take the last slot.
          const slots = slotsOf(job.requester.userId);
          const limit = String(fairUse!.queuedChangesPerUser);
          const queued = await runScript(redis, 'takeChangeSlot', [slots], [String(Date.now()), limit, key]);
          if (queued >= 0) throw new QueuedChangesLimit(queued, fairUse!.queuedChangesPerUser);
          slot = true;
        }
        await queue.add(job.type, job, opts);
      } catch (err) {
        // Not queued after all: let the user's retry through.
        await redis.del(keys.key('seen-request', key)).catch(() => undefined);
        if (slot) await redis.zrem(slotsOf(job.requester.userId), key).catch(() => undefined);
        throw err;
      }
      return true;
    },
    abandon: (key) => settleTicket(redis, keys, key, 'void'),
    async settled(job, key) {
      if (counted(job)) await redis.zrem(slotsOf(job.requester.userId), key);
    },
  };
}
