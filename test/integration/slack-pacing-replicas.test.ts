// Slack's per-channel pace is the app's, not a process's: replicas posting to one channel together (watcher cards and
// thread replies through the paced output, alerts, and the outbox drainer) must stay within it. Against the fake Slack
// enforcing a per-channel rate with 429s, on the real Redis: three replicas of the paced output and the drainer, then
// three real bots whose polls overlap, each get 0 429s and a combined rate within the budget; a 429 seen by one
// replica holds back the others; and a Redis that stops answering leaves each process pacing alone, never blocked.

import { WebClient } from '@slack/web-api';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createChannelBudget, paceKeyPrefix } from '../../src/slack-out/channel-budget.js';
import { createOutbox, type Outbox } from '../../src/slack-out/outbox.js';
import { startOutboxDrainer, type OutboxDrainer } from '../../src/slack-out/outbox-drainer.js';
import { createPacedOutput, type PacedSlackOutput } from '../../src/slack-out/paced-output.js';
import { createSlackOutput } from '../../src/slack-out/slack-output.js';
import { keySpace, type KeySpace } from '../../src/redis/redis.js';
import { createFakeSlack, type ApiCall, type FakeSlack } from '@pai-bot/fake-slack/index.js';
import { createTrackedJobStore } from '../../src/actions/watchers/tracked-jobs.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { startStallingRedisProxy } from '../support/redis-proxy.js';
import { SILENT_WEB_LOGGER } from '../support/silent-web-logger.js';

const TOKEN = 'xoxb-replicas-test';
/** The fake Slack's pace: 10 calls a second per channel, bursts of 3. */
const RATE = { perSecond: 10, burst: 3 };
/** Each replica's pace, a little under the fake's (as the bot's 1 s is under Slack's ~1/s). */
const INTERVAL_MS = 110;

const log = pino({ level: 'silent' });
const open: { redis: Redis[]; drainers: OutboxDrainer[]; harnesses: Harness[] } = {
  redis: [],
  drainers: [],
  harnesses: [],
};
afterEach(async () => {
  for (const d of open.drainers.splice(0)) await d.stop(0);
  for (const r of open.redis.splice(0)) r.disconnect();
  for (const h of open.harnesses.splice(0).reverse()) await h.stop();
});

let fake: FakeSlack;
beforeAll(async () => {
  fake = createFakeSlack({ token: TOKEN, channelRate: RATE });
  await fake.start();
});
afterAll(() => fake.stop());

const connection = (url: string = inject('redisUrl')) => {
  const r = new Redis(url, { maxRetriesPerRequest: null });
  r.on('error', () => undefined);
  open.redis.push(r);
  return r;
};

interface Replica {
  paced: PacedSlackOutput;
  outbox: Outbox;
}

/**
 * One replica as src/bot.ts builds it: its own Redis connection, a paced output sharing the pace, and an outbox
 * drainer.
 * Connected first: until its connection is ready, a replica paces alone (channel-budget.ts), as a bot does while
 * starting.
 */
async function replica(
  keys: KeySpace,
  opts: { redisUrl?: string; timeoutMs?: number; drainer?: boolean; logger?: typeof log } = {},
): Promise<Replica> {
  const redis = connection(opts.redisUrl);
  await redis.ping();
  const client = new WebClient(TOKEN, {
    slackApiUrl: fake.url,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logger: SILENT_WEB_LOGGER,
  });
  const direct = createSlackOutput({ client, log, scrub: (s) => s });
  const budget = createChannelBudget({
    redis,
    keys,
    log: opts.logger ?? log,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
  const paced = createPacedOutput(direct, { perChannelIntervalMs: INTERVAL_MS, budget, log });
  const outbox = createOutbox(redis, keys);
  if (opts.drainer !== false)
    open.drainers.push(
      startOutboxDrainer({
        redis,
        keys,
        outbox,
        slack: direct,
        intervalMs: INTERVAL_MS,
        idleMs: 20,
        log,
        onSettled: async () => undefined,
      }),
    );
  return { paced, outbox };
}

const inChannel = (calls: readonly ApiCall[], channel: string) =>
  calls.filter((c) => c.args.channel === channel && (c.method === 'chat.postMessage' || c.method === 'chat.update'));

/** The most calls Slack took in the channel within any 1 s (by arrival, wall clock). */
function busiestSecond(calls: readonly ApiCall[]): number {
  const times = calls
    .filter((c) => c.ok)
    .map((c) => c.receivedAt)
    .sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, lo = 0; i < times.length; i++) {
    while (times[i]! - times[lo]! >= 1000) lo++;
    most = Math.max(most, i - lo + 1);
  }
  return most;
}

/** What a watcher sends for a few jobs: each card posted, then updated, with a thread reply per transition. */
async function watcherTraffic(r: Replica, channel: string, tag: string): Promise<void> {
  const work: Promise<unknown>[] = [];
  for (let j = 0; j < 2; j++) {
    const { ts } = await r.paced.post(channel, { text: `${tag} job ${j} Creating` });
    for (const state of ['Running', 'Succeeded']) {
      work.push(r.paced.update(channel, ts, { text: `${tag} job ${j} ${state}` }));
      work.push(r.paced.post(channel, { text: `${tag} job ${j} → ${state}` }, ts));
    }
  }
  await Promise.all(work);
}

describe('one channel, three replicas, one pace', () => {
  it('three paced outputs and three outbox drainers sharing one Redis: every message sent, 0 429s, the combined rate within the channel budget', async () => {
    const keys = keySpace(`t-${randomUUID().slice(0, 8)}`);
    const channel = `C0REP${randomUUID().slice(0, 6).toUpperCase()}`;
    const replicas = await Promise.all([replica(keys), replica(keys), replica(keys)]);
    const from = fake.calls.length;
    await Promise.all([
      ...replicas.map((r, i) => watcherTraffic(r, channel, `r${i}`)),
      (async () => {
        for (let i = 0; i < 4; i++) await replicas[i % 3]!.outbox.post(channel, { text: `action result ${i}` });
      })(),
    ]);
    await eventually(
      () => fake.messages(channel).filter((m) => m.text.startsWith('action result')).length === 4,
      10_000,
      'the outbox messages',
    );

    const calls = inChannel(fake.calls.slice(from), channel);
    expect(
      calls.filter((c) => c.status === 429).map((c) => `${c.method} at +${c.receivedAt - calls[0]!.receivedAt} ms`),
    ).toEqual([]);
    for (const r of replicas) expect(r.paced.stats().rateLimited).toBe(0);
    // 3 × (2 cards, updates folded or not, 4 replies) + 4 outbox messages: all there, cards in their final state.
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 2; j++)
        expect(fake.messages(channel).find((m) => m.text.startsWith(`r${i} job ${j} `) && !m.thread_ts)?.text).toBe(
          `r${i} job ${j} Succeeded`,
        );
    expect(fake.messages(channel).filter((m) => m.thread_ts)).toHaveLength(12);
    // One pace for all of them: 10 calls started within any second (1000 / 110), one more for the jitter of arrival
    // times on a busy machine, where three per-process paces would make 27.
    expect(busiestSecond(calls)).toBeLessThanOrEqual(RATE.perSecond + 1);
    const ok = calls.filter((c) => c.ok);
    const spanMs = ok.at(-1)!.receivedAt - ok[0]!.receivedAt;
    expect(spanMs).toBeGreaterThanOrEqual((ok.length - 1) * INTERVAL_MS - 150);
  });

  it("a 429 one replica gets holds back the others' lanes and the outbox until its Retry-After has passed", async () => {
    const keys = keySpace(`t-${randomUUID().slice(0, 8)}`);
    const channel = `C0RA${randomUUID().slice(0, 6).toUpperCase()}`;
    const [a, b, c] = await Promise.all([replica(keys), replica(keys), replica(keys)]);
    const from = fake.calls.length;
    fake.rateLimitNext(1, 1, 'chat.postMessage');
    const first = a.paced.post(channel, { text: 'first' });
    const limited = await fake.waitFor(() => inChannel(fake.calls.slice(from), channel).find((x) => x.status === 429));
    // Once replica a has seen the 429 (it pushes the channel's pace key in Redis), the others start, each with its
    // own lane, and an action result goes through the outbox.
    const check = connection();
    await eventually(
      async () =>
        a.paced.stats().rateLimited === 1 &&
        Number(await check.get(paceKeyPrefix(keys) + channel)) >= limited.receivedAt + 900,
      3_000,
      'the pace pushed',
    );
    await Promise.all([
      b.paced.post(channel, { text: 'from b' }),
      c.paced.post(channel, { text: 'from c' }),
      b.outbox.post(channel, { text: 'from the outbox' }),
      first,
    ]);
    await eventually(
      () => fake.messages(channel).some((m) => m.text === 'from the outbox'),
      5_000,
      'the outbox message',
    );

    const after = inChannel(fake.calls.slice(from), channel).filter((x) => x.ok);
    expect(after).toHaveLength(4);
    // Retry-After: 1 s for everyone (less a little for the clock granularity of the two ends).
    for (const x of after) expect(x.receivedAt - limited.receivedAt, String(x.args.text)).toBeGreaterThanOrEqual(950);
    expect(busiestSecond(after)).toBeLessThanOrEqual(RATE.perSecond + 1);
  });

  it('a Redis that stops answering leaves each process pacing alone after a short timeout, never blocked, and says so once', async () => {
    const keys = keySpace(`t-${randomUUID().slice(0, 8)}`);
    const channel = `C0STALL${randomUUID().slice(0, 4).toUpperCase()}`;
    const proxy = await startStallingRedisProxy(inject('redisUrl'));
    try {
      const warnings: string[] = [];
      const logger = pino(
        { level: 'info' },
        { write: (line: string) => void warnings.push(String(JSON.parse(line).msg)) },
      );
      const r = await replica(keys, { redisUrl: proxy.url, timeoutMs: 100, drainer: false, logger });
      await r.paced.post(channel, { text: 'while Redis answers' });
      proxy.stall();
      const t0 = Date.now();
      await Promise.all([0, 1, 2].map((i) => r.paced.post(channel, { text: `stalled ${i}` })));
      const took = Date.now() - t0;
      // Three calls, each waiting at most the 100 ms timeout on top of the local 110 ms pace.
      expect(took).toBeLessThan(3 * (100 + INTERVAL_MS) + 400);
      const sent = fake.calls.filter((c) => c.args.channel === channel && c.ok).map((c) => c.receivedAt);
      expect(sent).toHaveLength(4);
      for (let i = 2; i < sent.length; i++) expect(sent[i]! - sent[i - 1]!).toBeGreaterThanOrEqual(INTERVAL_MS - 5);
      expect(warnings.filter((m) => /falls back to this process alone/.test(m))).toHaveLength(1);
    } finally {
      await proxy.stop();
    }
  });
});

describe('three bots watching one channel', () => {
  it('polls of three replicas announcing at once stay within the channel budget: 0 429s', async () => {
    const h1 = await startHarness({ slackIntervalMs: INTERVAL_MS });
    open.harnesses.push(h1);
    const h2 = await startHarness({ role: 'worker', restartOf: h1, slackIntervalMs: INTERVAL_MS });
    open.harnesses.push(h2);
    const h3 = await startHarness({ role: 'worker', restartOf: h1, slackIntervalMs: INTERVAL_MS });
    open.harnesses.push(h3);
    const bots = [h1, h2, h3];
    h1.slack.setChannelRate(RATE);
    try {
      const from = h1.slack.calls.length;
      // Three groups of three jobs, ending one, two and three minutes after they start.
      const groups = [0, 1, 2].map((g) => [0, 1, 2].map((j) => `pace-g${g}-j${j}`));
      for (const [g, names] of groups.entries())
        for (const name of names)
          h1.sim.planJobNamed(name, { creatingMs: 0, queuingMs: 0, envPreparingMs: 0, runningMs: (g + 1) * 60_000 });
      for (const name of groups.flat()) await h1.command(`dlc submit ${name} --image img:1 --command run`);
      const store = createTrackedJobStore(h1.redis, keySpace(h1.keyPrefix));
      await eventually(
        async () => (await store.all()).filter((j) => j.cardTs).length === 9,
        15_000,
        'nine cards posted and recorded',
      );
      h1.clock.advance(1_000);
      await h1.bot.pollNow(); // whatever the cards do not show yet, before the storm

      // Each group ends in the next interval, polled by the next replica (the poll lease moves on) while the
      // replicas before it are still sending what their own polls announced.
      const polls: Promise<unknown>[] = [];
      for (const [g, names] of groups.entries()) {
        h1.clock.advance(60_000);
        polls.push(bots[g]!.bot.pollNow());
        await eventually(
          async () => {
            const tracked = await store.all();
            return names.every((n) => !tracked.some((j) => j.name === n));
          },
          5_000,
          `group ${g} announced`,
        );
      }
      await Promise.all(polls);

      const calls = inChannel(h1.slack.calls.slice(from), 'C0DEV');
      expect(
        calls.filter((c) => c.status === 429).map((c) => `${c.method} ${String(c.args.text).slice(0, 40)}`),
      ).toEqual([]);
      for (const name of groups.flat())
        expect(h1.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes(name))?.text).toMatch(
          /Succeeded$/,
        );
      expect(busiestSecond(calls)).toBeLessThanOrEqual(RATE.perSecond + 1);
    } finally {
      h1.slack.setChannelRate(undefined);
    }
  }, 60_000);
});
