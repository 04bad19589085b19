// Hardening, shutdown: SIGTERM to the shipped entry point (src/main.ts, role all, its own process)
// while an action is in flight. The process stops taking work at once (its HTTP port refuses new
// commands, its worker takes no new job), finishes the in-flight action (BullMQ close waits for it),
// and exits 0 well within the bound; what was queued behind it is left for another worker, which
// runs it exactly once. It runs on a private Redis because main.ts uses the default key prefix.

import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startLocalRedis, type LocalRedis } from '@pai-bot/sandbox/redis-server.js';
import { postToBot, slashCommandBody } from '@pai-bot/sandbox/slack-requests.js';
import { spawnBotProcess, standInEnv, type BotProcess } from '../support/bot-process.js';
import { eventually, SIGNING_SECRET, startHarness, type Harness } from '../support/harness.js';

const MAIN_PREFIX = 'paibot'; // main.ts's key prefix

let redis: LocalRedis | undefined;
let stand: Harness | undefined;
let takeover: Harness | undefined;
let proc: BotProcess | undefined;
afterEach(async () => {
  await proc?.kill();
  await takeover?.stop();
  await stand?.stop();
  await redis?.stop();
  proc = takeover = stand = redis = undefined;
});

const submit = (name: string) => `dlc submit ${name} --image img:1 --command "python train.py"`;
const topCards = (h: Harness, name: string) =>
  h.slack.messages('C0DEV').filter((m) => !m.thread_ts && new RegExp(`\\b${name}\\b`).test(m.text));

describe('SIGTERM', () => {
  it('stops taking work, finishes the in-flight action, exits 0 within 10 s; queued work is left for the next worker', {
    timeout: 30_000,
  }, async () => {
    redis = await startLocalRedis();
    // The stand-ins (PAI simulator, fake Slack, OSS), plus a web role on main.ts's queue to queue work behind the
    // process's back.
    stand = await startHarness({ role: 'web', redisUrl: redis.url, keyPrefix: MAIN_PREFIX });
    const h = stand;
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/slack/events`;
    const command = (text: string) =>
      postToBot(
        url,
        slashCommandBody({ text, userId: 'U0ALICE', channelId: 'C0DEV', responseUrl: h.slack.responseUrl() }),
        { secret: SIGNING_SECRET, contentType: 'form' },
      );
    proc = spawnBotProcess('src/main.ts', ['--role', 'all'], standInEnv(h, redis.url, { PORT: String(port) }));
    await proc.waitForLog('pai-bot started', 20_000);
    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200, 5_000, '/healthz');

    h.sim.delayNext(3_000, 'CreateJob');
    const first = await command(submit('in-flight'));
    expect(first.json.text).toContain('Queued');
    await eventually(() => h.sim.callsOf('CreateJob').length === 1, 10_000, 'CreateJob in flight');

    const signalled = Date.now();
    proc.child.kill('SIGTERM');
    await proc.waitForLog('shutting down', 2_000);

    // New commands are refused at the door (connection refused), not queued and not answered "Queued".
    await eventually(
      async () => {
        try {
          await command(submit('too-late'));
          return false;
        } catch {
          return true;
        }
      },
      1_000,
      'the HTTP port to stop accepting commands',
    );
    expect(Date.now() - signalled).toBeLessThan(2_000); // well before the in-flight action is done
    // Work queued elsewhere meanwhile is not taken by the stopping worker.
    const queuedElsewhere = await h.command(submit('queued-behind'));
    expect(queuedElsewhere.json.text).toContain('Queued');

    const { code, signal } = await proc.exited;
    const tookMs = Date.now() - signalled;
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(tookMs).toBeLessThan(10_000);

    // The in-flight action finished before the exit: one job, one card.
    expect(h.sim.callsOf('CreateJob')).toHaveLength(1);
    expect(topCards(h, 'in-flight')).toHaveLength(1);
    expect(topCards(h, 'in-flight')[0]!.text).toContain(h.sim.jobs()[0]!.JobId);
    const counts = await h.queueCounts();
    expect(counts).toMatchObject({ completed: 1, active: 0, waiting: 1, failed: 0 });
    expect(h.sim.jobs().map((j) => j.DisplayName)).not.toContain('too-late');

    // The next worker runs what was left, once, and does not repeat what was finished.
    takeover = await startHarness({ role: 'worker', restartOf: h, redisUrl: redis.url });
    await h.slack.waitFor(() => topCards(h, 'queued-behind')[0], 10_000);
    await eventually(async () => (await h.queueCounts()).completed === 2, 5_000, 'both actions completed');
    expect(h.sim.callsOf('CreateJob').map((c) => (c.body as { DisplayName: string }).DisplayName)).toEqual([
      'in-flight',
      'queued-behind',
    ]);
    expect(topCards(h, 'in-flight')).toHaveLength(1);
    expect(topCards(h, 'queued-behind')).toHaveLength(1);
  });
});
