// Reads the bot's action queue from the bench side (same Redis, same key prefix), to wait until the worker
// has caught up after a load run.

import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ACTION_QUEUE } from '../src/actions/action-jobs.js';
import { sleep } from './stats.js';

export interface QueueWatch {
  /** Jobs not finished yet (waiting, active, delayed, prioritized). */
  backlog(): Promise<number>;
  /** Waits until the backlog is 0; resolves with how long that took (ms), or -1 after timeoutMs. */
  drained(timeoutMs: number): Promise<number>;
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export function watchQueue(redisUrl: string, keyPrefix: string): QueueWatch {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(ACTION_QUEUE, { connection: redis, prefix: keyPrefix });
  const backlog = async () => {
    const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(c).reduce((a, b) => a + b, 0);
  };
  return {
    backlog,
    async drained(timeoutMs) {
      const t0 = performance.now();
      while (performance.now() - t0 < timeoutMs) {
        if ((await backlog()) === 0) return performance.now() - t0;
        await sleep(50);
      }
      return -1;
    },
    counts: () => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'),
    async close() {
      await queue.close();
      await redis.quit();
    },
  };
}
