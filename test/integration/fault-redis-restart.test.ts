// Hardening, faults: Redis restarted under load. The bot (role all) runs on a private redis-server
// with an append-only file; Redis is stopped in the middle of a burst of submits, some of them in
// the middle of their CreateJob, and started again on the same port and directory.
//
// The guarantee "nothing acknowledged as Queued is lost, nothing runs twice" relies on these Redis
// settings (docs/operations.md → Redis says the same):
//   appendonly yes              the queue, the checkpoints (createStarted, jobId, card ts) and the
//                               dedup keys are in the AOF and read back at restart;
//   appendfsync everysec        enough for a clean restart (SIGTERM / SHUTDOWN flushes and fsyncs the
//                               AOF before exiting: the first test). A crash (SIGKILL, OOM kill, power
//                               loss) can lose up to the last second of writes with everysec; only
//                               appendfsync always loses nothing acknowledged (the second test);
//   maxmemory-policy noeviction BullMQ requires it: an evicted job or lock key is a lost or doubled action.
// Commands that arrive while Redis is down are answered at once with "could not queue … Nothing was
// run", and are never run later: those are refused, not lost.

import { afterEach, describe, expect, it } from 'vitest';
import { configYaml, DEV_WORKSPACE, oncallAlerts, prodWorkspace } from '../support/config-yaml.js';
import { startHarness, eventually, type Harness } from '../support/harness.js';
import { startPersistentRedis, type PersistentRedis } from '../support/persistent-redis.js';

let redis: PersistentRedis | undefined;
let h: Harness | undefined;
afterEach(async () => {
  if (h) {
    if (redis?.running()) await h.stop();
    else {
      h.redis.disconnect();
      await Promise.race([h.stop(), new Promise((r) => setTimeout(r, 3_000))]);
    }
  }
  await redis?.destroy();
  h = redis = undefined;
});

// A worker's fetch (BullMQ moveToActive) that Redis ran just before going down loses its reply, and
// ioredis resends it after the reconnect: that first job is left active with nobody working on it.
// Nothing is lost: when its lock expires, BullMQ's stalled check hands it back and it runs once. In
// production that takes up to lockDuration + stalledInterval (30 s + 30 s, BullMQ's defaults); here
// both are short, so the test stays bounded. The lock (5 s) still outlasts the outage (~1 s): a job
// that is really running keeps its lock across the restart and is not handed to a second runner.
const ORPHAN_RECOVERY = { lockDurationMs: 5_000, stalledIntervalMs: 1_000 };

// One user sends the whole burst: lift the fair-use limit on queued changes (limits.queued_changes_per_user), which is
// not under test here.
const YAML = configYaml({
  workspaces: [DEV_WORKSPACE, prodWorkspace({ approvers: ['U0APPR1', 'U0APPR2'], required: 2 })],
  alerts: oncallAlerts(),
  limits: { queued_changes_per_user: 1_000 },
});

const submit = (name: string) => `dlc submit ${name} --image img:1 --command "python train.py"`;
const QUEUED = /Queued/;
const REFUSED = /could not queue.*Nothing was run/s;

interface Sent {
  name: string;
  text: string;
}

async function send(h: Harness, name: string): Promise<Sent> {
  const reply = await h.command(submit(name));
  expect(reply.status).toBe(200);
  expect(reply.elapsedMs).toBeLessThan(3_000);
  return { name, text: String(reply.json.text) };
}

async function healthz(h: Harness): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${h.bot.port}/healthz`, { signal: AbortSignal.timeout(2_000) });
  return res.status;
}

/** Sends submits one after another until stop() is called; returns every ack. */
function backgroundLoad(h: Harness, prefix: string): { stop(): Promise<Sent[]> } {
  const sent: Sent[] = [];
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      sent.push(await send(h, `${prefix}-${i}`));
      await new Promise((r) => setTimeout(r, 60));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return sent;
    },
  };
}

/** After the dust settles: every Queued submit created once with one card, every refused one never. */
async function expectExactlyOnce(h: Harness, all: Sent[]): Promise<void> {
  const queued = all.filter((s) => QUEUED.test(s.text)).map((s) => s.name);
  const refused = all.filter((s) => REFUSED.test(s.text)).map((s) => s.name);
  expect(
    queued.length + refused.length,
    `every ack is either Queued or an honest refusal: ${JSON.stringify(all.filter((s) => !QUEUED.test(s.text) && !REFUSED.test(s.text)))}`,
  ).toBe(all.length);
  const cardOf = (name: string) =>
    h.slack.messages('C0DEV').filter((m) => !m.thread_ts && new RegExp(`\\b${name}\\b`).test(m.text));
  try {
    await eventually(
      () => queued.every((name) => cardOf(name).length > 0),
      15_000,
      `cards for all ${queued.length} queued submits`,
    );
  } catch (err) {
    const missing = queued.filter((name) => cardOf(name).length === 0);
    throw new Error(
      `${(err as Error).message}; no card for ${missing.join(', ')}; queue ${JSON.stringify(await h.queueCounts())}`,
    );
  }
  await eventually(
    async () => (await h.queueCounts()).completed === queued.length,
    8_000,
    'every queued action to complete',
  );
  await new Promise((r) => setTimeout(r, 300)); // a late duplicate would show up here

  const created = h.sim
    .callsOf('CreateJob')
    .filter((c) => c.status === 200)
    .map((c) => (c.body as { DisplayName: string }).DisplayName);
  expect([...created].sort()).toEqual([...queued].sort()); // each queued name exactly once, nothing else
  expect(
    h.sim
      .jobs()
      .map((j) => j.DisplayName)
      .sort(),
  ).toEqual([...queued].sort());
  for (const name of queued) expect(cardOf(name), `cards of ${name}`).toHaveLength(1);
  for (const name of refused) expect(cardOf(name), `a refused command (${name}) must never run`).toHaveLength(0);
  const counts = await h.queueCounts();
  expect(counts.failed).toBe(0);
  expect(counts.completed).toBe(queued.length);
}

describe('Redis restarted under load', () => {
  it('clean restart (SIGTERM, appendfsync everysec): every queued submit is created exactly once; commands while it is down are refused honestly', {
    timeout: 30_000,
  }, async () => {
    redis = await startPersistentRedis({ appendfsync: 'everysec' });
    h = await startHarness({ yaml: YAML, redisUrl: redis.url, worker: ORPHAN_RECOVERY });
    const bot = h;
    // these four are mid-CreateJob across the restart
    for (let i = 0; i < 4; i++) bot.sim.delayNext(1_500, 'CreateJob');

    const first = await Promise.all(Array.from({ length: 10 }, (_, i) => send(bot, `before-${i}`)));
    expect(first.every((s) => QUEUED.test(s.text))).toBe(true);
    await eventually(() => bot.sim.callsOf('CreateJob').length >= 4, 5_000, 'the worker to be mid-CreateJob');

    const load = backgroundLoad(bot, 'load');
    await new Promise((r) => setTimeout(r, 200));
    await redis.stop('SIGTERM');
    const down: Sent[] = [];
    for (let i = 0; i < 3; i++) down.push(await send(bot, `down-${i}`));
    expect(down.map((s) => s.text)).toEqual(down.map(() => expect.stringMatching(REFUSED)));
    expect(await healthz(bot)).toBe(503);
    await new Promise((r) => setTimeout(r, 500));

    await redis.start();
    await eventually(async () => (await healthz(bot)) === 200, 10_000, '/healthz back to 200');
    await new Promise((r) => setTimeout(r, 300));
    const during = await load.stop();
    const second = await Promise.all(Array.from({ length: 10 }, (_, i) => send(bot, `after-${i}`)));
    expect(second.every((s) => QUEUED.test(s.text))).toBe(true);

    await expectExactlyOnce(bot, [...first, ...during, ...down, ...second]);
    expect(bot.sim.jobs().length).toBeGreaterThanOrEqual(20);
  });

  it('crash (SIGKILL, appendfsync always): nothing acknowledged as Queued is lost or run twice', {
    timeout: 30_000,
  }, async () => {
    redis = await startPersistentRedis({ appendfsync: 'always' });
    h = await startHarness({ yaml: YAML, redisUrl: redis.url, worker: ORPHAN_RECOVERY });
    const bot = h;
    for (let i = 0; i < 4; i++) bot.sim.delayNext(1_500, 'CreateJob');

    const first = await Promise.all(Array.from({ length: 10 }, (_, i) => send(bot, `before-${i}`)));
    expect(first.every((s) => QUEUED.test(s.text))).toBe(true);
    await eventually(() => bot.sim.callsOf('CreateJob').length >= 4, 5_000, 'the worker to be mid-CreateJob');

    await redis.stop('SIGKILL');
    const down = await send(bot, 'down-0');
    expect(down.text).toMatch(REFUSED);
    await redis.start();
    await eventually(async () => (await healthz(bot)) === 200, 10_000, '/healthz back to 200');
    const second = await Promise.all(Array.from({ length: 10 }, (_, i) => send(bot, `after-${i}`)));
    expect(second.every((s) => QUEUED.test(s.text))).toBe(true);

    await expectExactlyOnce(bot, [...first, down, ...second]);
    expect(bot.sim.jobs()).toHaveLength(20);
  });
});
