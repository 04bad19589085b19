import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { configYaml, DEV_WORKSPACE, oncallAlerts } from '../support/config-yaml.js';

const YAML = configYaml({
  workspaces: [DEV_WORKSPACE],
  alerts: oncallAlerts({ mention: ['S0ONCALL', 'U0ONCALL'], cold_start_after: '30s' }),
});

let h: Harness;
afterEach(async () => h?.stop());

const alerts = () => h.slack.messages('C0ONCALL').filter((m) => !m.thread_ts);

/** One poll per simulated step, so the test sees what each poll did. */
async function pollFor(totalMs: number, stepMs = 5_000) {
  for (let t = 0; t < totalMs; t += stepMs) {
    h.clock.advance(stepMs);
    await h.bot.pollServicesNow();
  }
}

describe('cold starts', () => {
  it('alert once per episode, with the mention and the reasons; then a ready reply with the time to ready', async () => {
    h = await startHarness({ yaml: YAML });
    h.sim.planNextService({ coldStartMs: 120_000 });
    await h.command('eas deploy slow_svc --image registry.example.com/big-model:7 --replicas 2');
    const card = await h.slack.waitFor(() =>
      h.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes('slow_svc')),
    );

    await pollFor(25_000);
    expect(alerts()).toHaveLength(0); // not yet past cold_start_after

    await pollFor(60_000); // many polls see it not ready
    expect(alerts()).toHaveLength(1);
    const alert = alerts()[0]!;
    expect(alert.text).toContain('<!subteam^S0ONCALL>');
    expect(alert.text).toContain('<@U0ONCALL>');
    const body = JSON.stringify(alert.blocks);
    expect(body).toMatch(/slow_svc/);
    expect(body).toMatch(/0\/2 running, 2 pending/);
    expect(body).toMatch(/instance .*Pending/);
    expect(body).toMatch(/What usually helps/);
    expect(JSON.stringify(card.blocks)).toMatch(/not ready for/);

    await pollFor(60_000);
    expect(alerts()).toHaveLength(1);
    const ready = h.slack.thread('C0ONCALL', alert.ts);
    expect(ready).toHaveLength(1);
    expect(ready[0]!.text).toMatch(/slow_svc.*is ready; time to ready 2m/);
    expect(JSON.stringify(card.blocks)).toMatch(/last time to ready: 2m/);
    expect(h.slack.thread('C0DEV', card.ts).at(-1)!.text).toMatch(
      /is ready: 2\/2 instances running, 2m .*after the deploy/,
    );

    // A later scale-up is a new episode, and may alert again.
    h.sim.holdColdStart('slow_svc', 90_000);
    await h.command('eas scale slow_svc 4');
    await eventually(() => h.sim.callsOf('ScaleService').length === 1);
    await eventually(async () => (await h.queueCounts()).completed === 2);
    await pollFor(60_000);
    expect(alerts()).toHaveLength(2);
    expect(JSON.stringify(alerts()[1]!.blocks)).toMatch(/after its scale-up/);
    await pollFor(60_000);
    expect(h.slack.thread('C0ONCALL', alerts()[1]!.ts)[0]!.text).toMatch(/time to ready/);
  });

  it('a fast service never alerts', async () => {
    h = await startHarness({ yaml: YAML });
    await h.command('eas deploy quick_svc --image x:1');
    await h.slack.waitFor(() => h.slack.messages('C0DEV').find((m) => m.text.includes('quick_svc')));
    await pollFor(120_000);
    expect(alerts()).toHaveLength(0);
  });

  it('a service that fails alerts with the events that explain it', async () => {
    h = await startHarness({ yaml: YAML });
    h.sim.planNextService({ outcome: 'Failed', reason: 'ImagePullBackOff', coldStartMs: 10_000 });
    await h.command('eas deploy broken_svc --image registry.example.com/missing:1');
    await h.slack.waitFor(() => h.slack.messages('C0DEV').find((m) => m.text.includes('broken_svc')));
    await pollFor(60_000);
    expect(alerts()).toHaveLength(1);
    const alert = alerts()[0]!;
    expect(alert.text).toMatch(/Failed: broken_svc/);
    expect(JSON.stringify(alert.blocks)).toMatch(/ImagePullBackOff/);
    await pollFor(60_000);
    expect(alerts()).toHaveLength(1);
  });
});
