// `npm start -- --role worker` lowers its CPU priority so that a web role on the same cores acks first.
// On Linux a nice value belongs to each thread, so every thread of the process must carry it: V8's helper
// threads (garbage collection, compilation) start before the bot's code and would otherwise keep their own.

import { getPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalRedis, type LocalRedis } from '../../src/sandbox/redis-server.js';
import { WORKER_NICE } from '../../src/worker-priority.js';
import { spawnBotProcess, standInEnv, threadNice, type BotProcess } from '../support/bot-process.js';
import { startHarness, type Harness } from '../support/harness.js';

let redis: LocalRedis | undefined;
let stand: Harness | undefined;
let proc: BotProcess | undefined;
afterEach(async () => {
  await proc?.kill();
  await stand?.stop();
  await redis?.stop();
  proc = stand = redis = undefined;
});

describe.runIf(process.platform === 'linux')('worker role priority', () => {
  it('runs every thread of a --role worker process at the lower priority, V8 helper threads included', { timeout: 40_000 }, async () => {
    redis = await startLocalRedis();
    stand = await startHarness({ role: 'web', redisUrl: redis.url, keyPrefix: 'unused-by-worker' });
    proc = spawnBotProcess('src/main.ts', ['--role', 'worker'], standInEnv(stand, redis.url));
    await proc.waitForLog('worker role running', 20_000);
    const threads = threadNice(proc.child.pid!);
    expect(threads.length).toBeGreaterThan(1); // Node always runs helper threads beside the main one
    const expected = Math.max(getPriority(), WORKER_NICE); // a child starts at its parent's nice value
    expect(threads.filter((t) => t.nice < expected)).toEqual([]);
  });
});
