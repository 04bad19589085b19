// `npm start` (src/main.ts) as a process of its own. Role all, the default: the web role acks on the main
// thread while the worker role runs on a thread of its own; commands still go through end to end, /metrics
// shows both halves once (process figures and Redis-backed gauges not doubled), and SIGTERM stops both.
// Role worker: every thread of the process runs at the lower priority (on Linux a nice value belongs to each
// thread, and V8's garbage-collection and compiler threads start before the bot's code).
import { once } from 'node:events';
import { createServer } from 'node:http';
import { getPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startLocalRedis, type LocalRedis } from '@pai-bot/sandbox/redis-server.js';
import { postToBot, slashCommandBody } from '@pai-bot/sandbox/slack-requests.js';
import { WORKER_NICE } from '../../src/runtime/worker-priority.js';
import { spawnBotProcess, standInEnv, threadNice, type BotProcess } from '../support/bot-process.js';
import { eventually, SIGNING_SECRET, startHarness, type Harness } from '../support/harness.js';

let redis: LocalRedis | undefined;
let stand: Harness | undefined;
let proc: BotProcess | undefined;
afterEach(async () => {
  await proc?.kill();
  await stand?.stop();
  await redis?.stop();
  proc = stand = redis = undefined;
});

/** The value of one sample line of a Prometheus text exposition, or undefined. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('one process, both roles', () => {
  it('acks on the main thread, runs actions on the worker thread, reports both in /metrics, and stops on SIGTERM', {
    timeout: 40_000,
  }, async () => {
    redis = await startLocalRedis();
    stand = await startHarness({ role: 'web', redisUrl: redis.url, keyPrefix: 'unused-by-main' });
    const h = stand;
    const port = await freePort();
    const command = (text: string, responseId: string) =>
      postToBot(
        `http://127.0.0.1:${port}/slack/events`,
        slashCommandBody({ text, userId: 'U0ALICE', channelId: 'C0DEV', responseUrl: h.slack.responseUrl(responseId) }),
        { secret: SIGNING_SECRET, contentType: 'form' },
      );
    proc = spawnBotProcess('src/main.ts', [], standInEnv(h, redis.url, { PORT: String(port) }));
    await proc.waitForLog('pai-bot started', 20_000);

    const submitted = await command('dlc submit thread-job --image img:1 --command run', 'submit-1');
    expect(submitted.json.text).toContain('Queued');
    await h.slack.waitFor(() => h.slack.messages('C0DEV').find((m) => m.text.includes('thread-job')), 10_000);
    const jobId = h.sim.jobs()[0]!.JobId;
    const status = await command(`dlc status ${jobId}`, 'status-1');
    expect(status.json.text).toMatch(/Looking that up/);
    const answer = await h.slack.waitFor(() => h.slack.responses('status-1').at(-1), 10_000);
    expect(JSON.stringify(answer.body)).toContain(jobId);

    // The actions ran on the worker thread; the acks were logged by the main thread.
    const done = await eventually(
      () => {
        const lines = proc!.logs().filter((l) => l.msg === 'action done');
        return lines.length === 2 && lines;
      },
      5_000,
      'two actions logged',
    );
    expect(done.map((l) => l.action).sort()).toEqual(['dlc.status', 'dlc.submit']);
    for (const line of done) expect(line.thread).toBe('worker');
    const acks = proc.logs().filter((l) => l.msg === 'slash command answered');
    expect(acks).toHaveLength(2);
    for (const line of acks) expect(line.thread).toBeUndefined();

    // The worker thread runs at a lower CPU priority than the main thread, which acks.
    const threads = threadNice(proc.child.pid!);
    const inherited = getPriority(); // a child starts at its parent's nice value
    expect(threads.find((t) => t.tid === String(proc!.child.pid))?.nice).toBe(inherited);
    expect(threads.map((t) => t.nice)).toContain(Math.max(inherited, WORKER_NICE));

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(sample(metrics, 'pai_bot_commands_total', '{verb="dlc.submit",outcome="queued"}')).toBe(1); // main thread
    expect(sample(metrics, 'pai_bot_pai_calls_total', '{action="CreateJob",result="ok"}')).toBe(1); // worker thread
    expect(sample(metrics, 'pai_bot_action_duration_seconds_count', '{action="dlc.status",result="done"}')).toBe(1);
    expect(sample(metrics, 'pai_bot_tracked_jobs')).toBe(1); // read from Redis once, not once per thread
    expect(metrics.split('\n').filter((l) => l.startsWith('pai_bot_process_start_time_seconds '))).toHaveLength(1);

    proc.child.kill('SIGTERM');
    const { code, signal } = await proc.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(proc.logs().some((l) => l.msg === 'worker role running' && l.thread === 'worker')).toBe(true);
    await eventually(async () => (await h.queueCounts()).active === 0, 2_000, 'nothing left active');
  });

  it('exits 1 saying why when its port is taken', { timeout: 30_000 }, async () => {
    redis = await startLocalRedis();
    stand = await startHarness({ role: 'web', redisUrl: redis.url, keyPrefix: 'unused-by-main' });
    const port = await freePort();
    const blocker = createServer().listen(port, '0.0.0.0');
    await once(blocker, 'listening');
    try {
      proc = spawnBotProcess('src/main.ts', [], standInEnv(stand, redis.url, { PORT: String(port) }));
      const { code } = await proc.exited;
      expect(code).toBe(1);
      expect(proc.output()).toMatch(/pai-bot: could not start: .*EADDRINUSE/);
      // the worker thread had started; startProcess stops it before main exits
      expect(proc.logs().some((l) => l.msg === 'worker role running' && l.thread === 'worker')).toBe(true);
    } finally {
      blocker.close();
    }
  });
});

describe.runIf(process.platform === 'linux')('a worker process', () => {
  it('runs every one of its threads at the lower priority, V8 helper threads included', {
    timeout: 40_000,
  }, async () => {
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
