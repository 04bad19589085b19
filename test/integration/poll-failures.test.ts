// A watcher poll that keeps failing is visible: while the simulator refuses ListJobs and ListServices (a RAM denial,
// as a policy change would cause), each failing poll source is logged at warn once, not every cycle; every failure is
// counted in pai_bot_poll_failures_total{poller,code}; pai_bot_pollers_failing says how many are failing; /healthz
// names them with since when and the last error code, nothing secret, and keeps its status. When PAI answers again,
// one info per source says so and all of it clears.

import { afterEach, describe, expect, it } from 'vitest';
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET, eventually, startHarness, type Harness } from '../support/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function scrape(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

const value = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length).trim()) : undefined;
};

interface Healthz {
  status: number;
  raw: string;
  body: {
    ok: boolean;
    polls?: {
      complete: boolean;
      failing: {
        poller: string;
        workspace?: string;
        since: string;
        failures: number;
        lastError: string;
        lastAt: string;
      }[];
    };
  };
}

async function healthz(port: number): Promise<Healthz> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  const raw = await res.text();
  return { status: res.status, raw, body: JSON.parse(raw) as Healthz['body'] };
}

/** One poll interval of simulated time, then a poll of jobs and of services, as the poll loop does. */
async function cycle(bot: Harness): Promise<void> {
  bot.clock.advance(30_000);
  await bot.bot.pollNow();
  await bot.bot.pollServicesNow();
}

const logged = (bot: Harness, level: number, msg: RegExp) =>
  bot.logs.filter((l) => l.level === level && msg.test(String(l.msg)));
const WARN = 40;
const INFO = 30;

describe('a poll that keeps failing', () => {
  it('warns once per episode, counts every failure, names the poller in /healthz, and clears when PAI answers again', async () => {
    const bot = (h = await startHarness());
    bot.sim.planJobNamed('watched-job', { runningMs: 48 * 3_600_000 }); // still tracked after the cycles below
    await bot.command('dlc submit watched-job --image img:1 --command run');
    await bot.command('eas deploy watched_svc --image x:1');
    await bot.slack.waitFor(
      () =>
        bot.slack.messages('C0DEV').filter((m) => !m.thread_ts && /watched/.test(m.text)).length === 2 &&
        bot.slack.messages('C0DEV'),
    );
    await eventually(
      async () =>
        (await bot.redis.hlen(`${bot.keyPrefix}:tracked:eas`)) === 1 &&
        (await bot.redis.hlen(`${bot.keyPrefix}:tracked:dlc-cards`)) === 1,
      5_000,
      'job and service tracked with their cards',
    );
    await cycle(bot);
    expect(logged(bot, WARN, /poll failing/)).toHaveLength(0);
    expect((await healthz(bot.bot.port)).body.polls).toEqual({ complete: true, failing: [] });

    // A RAM policy change: ListJobs and ListServices are refused, in every workspace.
    bot.sim.denyAction('ListJobs', 'paidlc:ListJobs');
    bot.sim.denyAction('ListServices', 'eas:ListServices');
    const firstFailureAt = bot.clock.now() + 30_000;
    for (let i = 0; i < 3; i++) await cycle(bot);

    // Once per failing source: the tracked job's ListJobs (dev), the failed-job scan of prod (watched whole, `watch:
    // all` by default), and ListServices of dev (the tracked service) and of prod (listed whole).
    const warns = logged(bot, WARN, /poll failing/).map(
      (l) => `${String(l.poller)} ${String(l.workspace)} ${String(l.code)}`,
    );
    expect(warns.sort()).toEqual([
      'dlc-failures 100002 Forbidden.RAM',
      'dlc-jobs 100001 Forbidden.RAM',
      'eas-services 100001 Forbidden.RAM',
      'eas-services 100002 Forbidden.RAM',
    ]);
    expect(logged(bot, WARN, /failed; the next poll tries again/)).toHaveLength(0);

    const metrics = await scrape(bot.bot.port);
    expect(value(metrics, 'pai_bot_poll_failures_total{poller="dlc-jobs",code="Forbidden.RAM"}')).toBe(3);
    expect(value(metrics, 'pai_bot_poll_failures_total{poller="eas-services",code="Forbidden.RAM"}')).toBe(6);
    expect(value(metrics, 'pai_bot_poll_failures_total{poller="dlc-failures",code="Forbidden.RAM"}')).toBe(3);
    expect(value(metrics, 'pai_bot_pollers_failing')).toBe(4);

    const failing = await healthz(bot.bot.port);
    expect(failing.status).toBe(200); // Redis is fine: the status is what it always was
    expect(failing.body.ok).toBe(true);
    expect(failing.body.polls?.complete).toBe(true);
    expect(failing.body.polls?.failing).toContainEqual({
      poller: 'dlc-jobs',
      workspace: '100001',
      since: new Date(firstFailureAt).toISOString(),
      failures: 3,
      lastError: 'Forbidden.RAM',
      lastAt: new Date(bot.clock.now()).toISOString(),
    });
    expect(failing.body.polls?.failing.map((f) => `${f.poller} ${f.workspace}`)).toEqual([
      'dlc-failures 100002',
      'dlc-jobs 100001',
      'eas-services 100001',
      'eas-services 100002',
    ]);
    // The denial's detail names the account's access key: none of it leaves through /healthz.
    expect(failing.raw).not.toContain(ACCESS_KEY_ID);
    expect(failing.raw).not.toContain(ACCESS_KEY_SECRET);
    expect(failing.raw).not.toMatch(/AccessDenied|not authorized/i);

    // PAI answers again: one info per source, and nothing failing any more.
    bot.sim.allowAction('ListJobs');
    bot.sim.allowAction('ListServices');
    await cycle(bot);
    await cycle(bot);
    expect(
      logged(bot, INFO, /poll recovered/)
        .map((l) => `${String(l.poller)} ${String(l.workspace)} ${String(l.failures)}`)
        .sort(),
    ).toEqual(['dlc-failures 100002 3', 'dlc-jobs 100001 3', 'eas-services 100001 3', 'eas-services 100002 3']);
    expect(logged(bot, WARN, /poll failing/)).toHaveLength(4);
    expect((await healthz(bot.bot.port)).body.polls).toEqual({ complete: true, failing: [] });
    const after = await scrape(bot.bot.port);
    expect(value(after, 'pai_bot_pollers_failing')).toBe(0);
    expect(value(after, 'pai_bot_poll_failures_total{poller="dlc-jobs",code="Forbidden.RAM"}')).toBe(3);
  });

  it('an episode is shared by the replicas the poll lease moves between: the second replica to fail does not warn again', async () => {
    const web = (h = await startHarness());
    const worker = await startHarness({ role: 'worker', restartOf: web });
    try {
      await web.command('dlc submit shared-job --image img:1 --command run');
      await eventually(
        async () => (await web.redis.hlen(`${web.keyPrefix}:tracked:dlc-cards`)) === 1,
        5_000,
        'the job tracked with its card',
      );
      web.sim.serverErrorNext(100, 'ListJobs');
      web.clock.advance(30_000);
      await web.bot.pollNow();
      web.clock.advance(30_000);
      await worker.bot.pollNow();
      const warns = [...web.logs, ...worker.logs].filter(
        (l) => l.level === WARN && /poll failing/.test(String(l.msg)) && l.poller === 'dlc-jobs',
      );
      expect(warns).toHaveLength(1);
      // /healthz of the web process names the episode, whichever replica saw the failures.
      const seen = await healthz(web.bot.port);
      expect(seen.body.polls?.failing.find((f) => f.poller === 'dlc-jobs')).toMatchObject({
        workspace: '100001',
        failures: 2,
        lastError: 'ServiceUnavailable',
      });
      web.sim.clearFaults();
    } finally {
      await worker.stop();
    }
  });
});
