import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { HOUR_MS, mayAlert } from '../../src/actions/alerts/dev-alert-budget.js';
import { ManualClock } from '@pai-bot/sim-kit/clock.js';
import { keySpace } from '../../src/redis/redis.js';
import { JOB_FAILURE_SCENARIOS } from '@pai-bot/pai-sim/failure-scenarios.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { configYaml, DEV_WORKSPACE, oncallAlerts, prodWorkspace } from '../support/config-yaml.js';

// alerts.dev_max_per_hour is left at its default (2): the tests read it from the loaded config.
const YAML = configYaml({
  workspaces: [DEV_WORKSPACE, prodWorkspace({ approvers: ['U0APPR1'], required: 1 })],
  alerts: oncallAlerts({ cold_start_after: '30s' }),
});

const started: Harness[] = [];
afterEach(async () => {
  for (const h of started.splice(0).reverse()) await h.stop();
});

async function harness(opts: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness({ yaml: YAML, ...opts });
  started.push(h);
  return h;
}

const alerts = (h: Harness) => h.slack.messages('C0ONCALL').filter((m) => !m.thread_ts);
const card = (h: Harness, channel: string, name: string) =>
  h.slack.messages(channel).find((m) => !m.thread_ts && m.text.startsWith(`EAS service ${name} `));
const notPaged = (h: Harness, channel: string, ts: string) =>
  h.slack.thread(channel, ts).filter((m) => /On-call was not paged/.test(m.text));
const maxPerHour = (h: Harness) => h.config.file.alerts!.dev_max_per_hour;

/** One poll per simulated step, so each poll sees the state at its time. */
async function pollFor(h: Harness, totalMs: number, stepMs = 5_000) {
  for (let t = 0; t < totalMs; t += stepMs) {
    h.clock.advance(stepMs);
    await h.bot.pollServicesNow();
  }
}

/** Deploys a service that fails at the end of every cold start, and polls until it has failed once. */
async function deployFailing(h: Harness, name: string, channel = 'C0DEV') {
  h.sim.planServiceNamed(name, { outcome: 'Failed', reason: 'CrashLoopBackOff', coldStartMs: 10_000 });
  const text = `eas deploy ${name} --image registry.example.com/flaky:1`;
  await (channel === 'C0PROD' ? approvedCommand(h, text) : h.command(text, { channel }));
  const c = await h.slack.waitFor(() => card(h, channel, name), 5_000);
  await pollFor(h, 30_000);
  return c;
}

/**
 * Restarts the service through the bot (each time as another user: the same command twice within a minute is a double
 * submit) and polls until the new instances have failed again.
 */
async function restartAndFail(h: Harness, name: string, user: string, channel = 'C0DEV') {
  const before = h.sim.callsOf('RestartService').length;
  const cardTs = card(h, channel, name)!.ts;
  const text = `eas restart ${name}`;
  await (channel === 'C0PROD' ? approvedCommand(h, text, user) : h.command(text, { user, channel }));
  await eventually(() => h.sim.callsOf('RestartService').length === before + 1, 5_000, 'RestartService');
  // The worker records the new episode, then says so under the card: only then does a poll know it is a restart.
  await h.slack.waitFor(() => h.slack.thread(channel, cardTs).find((m) => m.text.includes(`(by <@${user}>)`)), 5_000);
  await pollFor(h, 30_000);
}

const approvalRequests = (h: Harness) =>
  h.slack.messages('C0PROD').filter((m) => !m.thread_ts && m.text.includes('Approval needed'));

/** Sends a command in prod and approves the request it posts. */
async function approvedCommand(h: Harness, text: string, user = 'U0ALICE') {
  const before = approvalRequests(h).length;
  await h.command(text, { user, channel: 'C0PROD' });
  const request = await h.slack.waitFor(() => approvalRequests(h)[before], 5_000);
  await h.react('white_check_mark', { channel: 'C0PROD', ts: request.ts }, { user: 'U0APPR1' });
}

describe('alerts from dev workspaces', () => {
  it('a service that keeps failing pages at most dev_max_per_hour times an hour; the next failure gets a note on its card instead', async () => {
    const h = await harness();
    expect(maxPerHour(h)).toBe(2);
    const c = await deployFailing(h, 'flaky_svc');
    expect(alerts(h)).toHaveLength(1);
    expect(alerts(h)[0]!.text).toMatch(/Failed: flaky_svc in dev/);

    await restartAndFail(h, 'flaky_svc', 'U0BOB');
    expect(alerts(h)).toHaveLength(2);
    expect(notPaged(h, 'C0DEV', c.ts)).toHaveLength(0);

    await restartAndFail(h, 'flaky_svc', 'U0CAROL');
    expect(alerts(h)).toHaveLength(maxPerHour(h));
    const notes = notPaged(h, 'C0DEV', c.ts);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text).toMatch(
      /not paged again: service `flaky_svc` is in dev workspace `dev` and raised 2 alerts in the last hour/,
    );
    // The requester still hears why it failed, notified by the mention in the text.
    expect(h.slack.thread('C0DEV', c.ts).filter((m) => /^<@U0\w+> flaky_svc failed/.test(m.text))).toHaveLength(3);
    expect(
      h.logs.some(
        (l) =>
          l.msg === 'dev workspace alert budget: on-call not paged' && l.reason === 'dev_hourly_cap' && l.level === 30,
      ),
    ).toBe(true);
    const scrape = await (await fetch(`http://127.0.0.1:${h.bot.port}/metrics`)).text();
    expect(scrape).toContain('pai_bot_alerts_suppressed_total{kind="service_failed",reason="dev_hourly_cap"} 1');

    // An hour after the first two alerts, the budget is back.
    h.clock.advance(HOUR_MS);
    await restartAndFail(h, 'flaky_svc', 'U0DAVE');
    expect(alerts(h)).toHaveLength(3);
    expect(notPaged(h, 'C0DEV', c.ts)).toHaveLength(1);
  });

  it('one alert per episode: a deploy that cold-starts and then fails pages once, however many polls see it', async () => {
    const h = await harness();
    h.sim.planServiceNamed('slow_broken', { outcome: 'Failed', reason: 'CrashLoopBackOff', coldStartMs: 120_000 });
    await h.command('eas deploy slow_broken --image registry.example.com/slow:1');
    const c = await h.slack.waitFor(() => card(h, 'C0DEV', 'slow_broken'), 5_000);
    await pollFor(h, 60_000);
    expect(alerts(h)).toHaveLength(1);
    expect(alerts(h)[0]!.text).toMatch(/Cold start: slow_broken/);

    await pollFor(h, 600_000); // fails at ~2 min, then many polls see it Failed
    expect(c.text).toMatch(/Failed/);
    expect(alerts(h)).toHaveLength(1);
    const notes = notPaged(h, 'C0DEV', c.ts);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text).toMatch(/already alerted about this deploy/);
  });

  it('the count survives a restart of the bot (it is kept in Redis, not in the process)', async () => {
    const first = await harness();
    const c = await deployFailing(first, 'sticky_svc');
    await restartAndFail(first, 'sticky_svc', 'U0BOB');
    expect(alerts(first)).toHaveLength(2);
    await first.stopBot();

    const second = await harness({ restartOf: first });
    await restartAndFail(second, 'sticky_svc', 'U0CAROL');
    expect(alerts(second)).toHaveLength(2);
    expect(notPaged(second, 'C0DEV', c.ts)).toHaveLength(1);
  });

  it('replicas claiming the same episode at once get one alert between them, and the hourly cap holds under contention', async () => {
    const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
    try {
      const deps = { redis, keys: keySpace(`t-${randomUUID().slice(0, 8)}`), clock: new ManualClock(), maxPerHour: 2 };
      const same = await Promise.all(
        Array.from({ length: 10 }, () =>
          mayAlert(deps, { env: 'dev', resource: 'eas:100001:svc', episodeKey: 'deploy:1' }),
        ),
      );
      expect(same.filter((v) => v.ok)).toHaveLength(1);
      expect(same.filter((v) => !v.ok && v.reason === 'episode_alerted')).toHaveLength(9);

      const many = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          mayAlert(deps, { env: 'dev', resource: 'eas:100001:svc', episodeKey: `restart:${i + 2}` }),
        ),
      );
      expect(many.filter((v) => v.ok)).toHaveLength(1); // the deploy above took the first of the two
      expect(many.filter((v) => !v.ok && v.reason === 'dev_hourly_cap')).toHaveLength(9);

      // Prod is never limited, and touches no counter.
      const prod = await Promise.all(
        Array.from({ length: 5 }, () =>
          mayAlert(deps, { env: 'prod', resource: 'eas:100002:svc', episodeKey: 'deploy:1' }),
        ),
      );
      expect(prod.every((v) => v.ok)).toBe(true);
    } finally {
      await redis.quit();
    }
  });

  it('a dev DLC job failing on an OSS 403 alerts once per job, at most dev_max_per_hour times an hour for the same job name', async () => {
    const h = await harness();
    h.sim.planJobNamed('etl-dev', JOB_FAILURE_SCENARIOS.oss_permission);
    const cards: string[] = [];
    for (const user of ['U0ALICE', 'U0BOB', 'U0CAROL']) {
      await h.command('dlc submit etl-dev --image img:1 --command run', { user });
      const c = await h.slack.waitFor(
        () =>
          h.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes('etl-dev') && !cards.includes(m.ts)),
        5_000,
      );
      cards.push(c.ts);
      await eventually(
        async () => {
          h.clock.advance(10_000);
          await h.bot.pollNow();
          return c.text.includes('Failed');
        },
        10_000,
        'job failed',
      );
    }
    expect(alerts(h)).toHaveLength(maxPerHour(h));
    expect(alerts(h)[0]!.text).toMatch(/OSS permission denied for DLC job etl-dev/);
    expect(notPaged(h, 'C0DEV', cards[0]!)).toHaveLength(0);
    expect(notPaged(h, 'C0DEV', cards[2]!)[0]!.text).toMatch(
      /job `etl-dev` is in dev workspace `dev` and raised 2 alerts in the last hour/,
    );
  });
});

describe('alerts from prod workspaces', () => {
  it('are not limited: a prod service failing as often as the dev one alerts every time', async () => {
    const h = await harness();
    const c = await deployFailing(h, 'prod_flaky', 'C0PROD');
    await restartAndFail(h, 'prod_flaky', 'U0BOB', 'C0PROD');
    await restartAndFail(h, 'prod_flaky', 'U0CAROL', 'C0PROD');
    expect(alerts(h)).toHaveLength(3);
    expect(alerts(h).every((a) => /Failed: prod_flaky in prod/.test(a.text))).toBe(true);
    expect(notPaged(h, 'C0PROD', c.ts)).toHaveLength(0);
  });
});
