// Runs a poll on an interval in every worker replica, but a Redis lease lets only one replica
// poll per interval, so N replicas do not multiply the PAI calls.

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { PollHealth } from './poll-health.js';

export interface PollLoop {
  stop(): Promise<void>;
  /** Resolves after the next poll this replica runs (tests). */
  readonly running: boolean;
}

export interface PollLoopOptions {
  name: string;
  intervalMs: number;
  redis: Redis;
  lockKey: string;
  log: Logger;
  poll: () => Promise<unknown>;
  /** A loop that keeps failing is logged once per episode there (and counted); every failure is a warn without it. */
  health?: Pick<PollHealth, 'loopFailed' | 'loopOk'>;
}

export function startPollLoop({ name, intervalMs, redis, lockKey, log, poll, health }: PollLoopOptions): PollLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const tick = async () => {
    try {
      // The lease outlives the poll's start by most of an interval: the next replica to try waits its turn.
      const lease = await redis.set(
        lockKey,
        String(process.pid),
        'PX',
        Math.max(10, Math.floor(intervalMs * 0.9)),
        'NX',
      );
      if (lease === 'OK') await poll();
      health?.loopOk(); // polled, or another replica holds this interval's lease: the loop works
    } catch (err) {
      if (health) health.loopFailed(err);
      else log.warn({ err, loop: name }, 'poll failed; trying again next interval');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = tick().finally(schedule);
    }, intervalMs);
  };
  inFlight = tick().finally(schedule);

  return {
    get running() {
      return !stopped;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight.catch(() => undefined);
    },
  };
}
