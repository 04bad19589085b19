// `watch: all`: on-call hears about jobs and services the bot did not launch (console, CI, SDK), as completely as
// about its own, once per episode, with no storm of old failures when a workspace is first watched.

import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { JOB_FAILURE_SCENARIOS } from '@pai-bot/pai-sim/failure-scenarios.js';
import { interactiveBody, postToBot } from '@pai-bot/sandbox/slack-requests.js';
import { ACK_ACTION_ID, MUTE_ACTION_ID } from '../../src/render/alert-controls.js';
import { configYaml, DEV_WORKSPACE, oncallAlerts, prodWorkspace, type WorkspaceYaml } from '../support/config-yaml.js';
import { eventually, SIGNING_SECRET, startHarness, type Harness, type HarnessOptions } from '../support/harness.js';

const PROD: WorkspaceYaml = prodWorkspace({ approvers: ['U0APPR1', 'U0APPR2'], required: 2 });
const YAML = configYaml({ workspaces: [DEV_WORKSPACE, PROD], alerts: oncallAlerts({ cold_start_after: '5m' }) });

const started: Harness[] = [];
afterEach(async () => {
  for (const h of started.splice(0).reverse()) await h.stop();
});

async function harness(opts: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness({ yaml: YAML, ...opts });
  started.push(h);
  return h;
}

/** One poll interval of simulated time, then a poll of jobs and services, as the poll loop does. */
async function cycle(h: Harness, ms = 30_000): Promise<void> {
  h.clock.advance(ms);
  await h.bot.pollNow();
  await h.bot.pollServicesNow();
}

const alerts = (h: Harness) => h.slack.messages('C0ONCALL').filter((m) => !m.thread_ts);

/** Presses Acknowledge, or picks a Mute duration, on an alert, as Slack delivers it (the message's blocks included). */
async function press(
  h: Harness,
  alert: { ts: string; text: string; blocks: unknown[] | undefined },
  user: string,
  mute?: string,
): Promise<void> {
  const controls = (
    alert.blocks as { type: string; block_id?: string; elements?: { action_id: string; value?: string }[] }[]
  ).find((b) => b.type === 'actions' && b.block_id?.startsWith('alert_controls:'))!;
  const episodeId = controls.block_id!.slice('alert_controls:'.length);
  const actionTs = `${Date.now() / 1000}`;
  const action = mute
    ? {
        type: 'static_select',
        action_id: MUTE_ACTION_ID,
        block_id: controls.block_id,
        selected_option: { text: { type: 'plain_text', text: mute }, value: mute },
        action_ts: actionTs,
      }
    : {
        type: 'button',
        action_id: ACK_ACTION_ID,
        block_id: controls.block_id,
        value: episodeId,
        text: { type: 'plain_text', text: 'Acknowledge' },
        action_ts: actionTs,
      };
  const payload = {
    type: 'block_actions',
    user: { id: user, username: user, name: user, team_id: 'T0TEAM' },
    team: { id: 'T0TEAM', domain: 'test' },
    api_app_id: 'A0PAIBOT',
    trigger_id: randomUUID(),
    response_url: h.slack.responseUrl(randomUUID()),
    container: { type: 'message', message_ts: alert.ts, channel_id: 'C0ONCALL', is_ephemeral: false },
    channel: { id: 'C0ONCALL', name: 'oncall' },
    message: { type: 'message', ts: alert.ts, text: alert.text, blocks: alert.blocks },
    actions: [action],
  };
  const reply = await postToBot(h.eventsUrl, interactiveBody(payload), { secret: SIGNING_SECRET, contentType: 'form' });
  expect(reply.status).toBe(200);
}

describe('watch: all, DLC', () => {
  it('a job created at PAI directly that fails on an OSS 403 reaches on-call within two poll intervals, once, with the job, the 403, the bucket, the fix and who started it', async () => {
    const h = await harness();
    await cycle(h); // the workspace is watched from now on
    const jobId = h.sim.addJob({
      displayName: 'ci-nightly-etl',
      workspaceId: '100002',
      plan: JOB_FAILURE_SCENARIOS.oss_permission,
      username: 'ci-runner',
    });
    for (let i = 0; i < 60 && alerts(h).length === 0; i++) await cycle(h);
    const [alert, ...more] = alerts(h);
    expect(more).toHaveLength(0);
    // Within two poll intervals (30 s each) of the failure at PAI.
    const failedAt = Date.parse(h.sim.jobs().find((j) => j.JobId === jobId)!.GmtFinishTime!);
    expect(h.clock.now() - failedAt).toBeLessThanOrEqual(2 * 30_000);
    const text = JSON.stringify(alert!.blocks);
    expect(text).toContain(jobId);
    expect(text).toMatch(/OSS permission denied/);
    expect(text).toMatch(/ml-private-data|bucket/i);
    expect(text).toContain('ci-runner');
    expect(text).toMatch(/pai\.console\.aliyun\.com/);
    for (let i = 0; i < 4; i++) await cycle(h);
    expect(alerts(h)).toHaveLength(1);
    // No card: the bot did not launch it, and the channel is not flooded.
    expect(h.slack.messages('C0PROD')).toHaveLength(0);
    // Every ListJobs sent its window as the API documents it, without milliseconds.
    const windows = h.sim.callsOf('ListJobs').map((c) => c.query.StartTime);
    expect(windows.length).toBeGreaterThan(0);
    for (const w of windows) expect(w).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('jobs that failed before the workspace was first watched raise nothing; failures after do', async () => {
    const h = await harness();
    h.sim.addJob({ displayName: 'old-failure', workspaceId: '100002', plan: JOB_FAILURE_SCENARIOS.out_of_memory });
    h.clock.advance(60 * 60_000); // it failed long ago
    await cycle(h);
    await cycle(h);
    expect(alerts(h)).toHaveLength(0);
    h.sim.addJob({ displayName: 'new-failure', workspaceId: '100002', plan: JOB_FAILURE_SCENARIOS.out_of_memory });
    for (let i = 0; i < 8 && alerts(h).length === 0; i++) await cycle(h);
    expect(alerts(h)).toHaveLength(1);
    expect(alerts(h)[0]!.text).toMatch(/new-failure/);
  });

  it('a restart of the bot between a failure and its alert gives exactly one alert', async () => {
    const first = await harness();
    await cycle(first);
    first.sim.addJob({ displayName: 'crashes', workspaceId: '100002', plan: JOB_FAILURE_SCENARIOS.out_of_memory });
    // The job fails at PAI; the bot stops before any poll sees it.
    first.clock.advance(10 * 60_000);
    await first.stopBot();
    const second = await harness({ restartOf: first });
    for (let i = 0; i < 4; i++) await cycle(second);
    expect(alerts(second)).toHaveLength(1);
    // Another replica on the same Redis polling too changes nothing.
    const third = await harness({ restartOf: first });
    await cycle(third);
    await cycle(second);
    expect(alerts(second)).toHaveLength(1);
  });

  it('a dev workspace is watched only with watch: all; a Slack-submitted dev job failing on an OSS 403 alerts by default', async () => {
    const h = await harness();
    await cycle(h);
    h.sim.addJob({ displayName: 'dev-external', workspaceId: '100001', plan: JOB_FAILURE_SCENARIOS.oss_permission });
    h.sim.planNextJob(JOB_FAILURE_SCENARIOS.oss_permission);
    await h.command('dlc submit dev-from-slack --image img:1 --command "python load.py" --skip-preflight', {
      channel: 'C0DEV',
    });
    await h.slack.waitFor(
      () => h.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes('dev-from-slack')),
      5_000,
    );
    for (let i = 0; i < 8 && alerts(h).length === 0; i++) await cycle(h);
    for (let i = 0; i < 3; i++) await cycle(h);
    // Dev is `launched` by default: the external dev job is not followed, the bot's own one alerts.
    expect(alerts(h).map((m) => m.text)).toEqual([
      expect.stringMatching(/OSS permission denied for DLC job dev-from-slack/),
    ]);
  });

  it('alerts.on and a workspace alerts block decide which kinds alert and where', async () => {
    const yaml = configYaml({
      workspaces: [DEV_WORKSPACE, { ...PROD, alerts: { channel: 'C0PRODALERTS', on: ['oss_403'] } } as WorkspaceYaml],
      alerts: oncallAlerts(),
    });
    const h = await harness({ yaml });
    await cycle(h);
    h.sim.addJob({ displayName: 'oom-job', workspaceId: '100002', plan: JOB_FAILURE_SCENARIOS.out_of_memory });
    h.sim.addJob({ displayName: 'denied-job', workspaceId: '100002', plan: JOB_FAILURE_SCENARIOS.oss_permission });
    for (let i = 0; i < 8; i++) await cycle(h);
    expect(alerts(h)).toHaveLength(0);
    const prodAlerts = h.slack.messages('C0PRODALERTS').filter((m) => !m.thread_ts);
    expect(prodAlerts.map((m) => m.text)).toEqual([
      expect.stringMatching(/OSS permission denied for DLC job denied-job/),
    ]);
  });
});

describe('watch: all, EAS', () => {
  it('a console-deployed prod service whose autoscaler adds replicas that stay Pending gets one cold-start alert, and a ready reply when it recovers', async () => {
    const h = await harness();
    h.sim.addService({ name: 'console_svc', workspaceId: '100002', instances: 1 });
    h.clock.advance(30 * 60_000);
    await cycle(h); // adopted as it is
    expect(alerts(h)).toHaveLength(0);
    expect(h.sim.autoscale('console_svc', 4, { coldStartMs: 12 * 60_000 })).toBe(true);
    for (let i = 0; i < 14; i++) await cycle(h);
    const coldStarts = alerts(h).filter((m) => /Cold start/.test(m.text));
    expect(coldStarts).toHaveLength(1);
    expect(JSON.stringify(coldStarts[0]!.blocks)).toMatch(/Not deployed through the bot/);
    expect(JSON.stringify(coldStarts[0]!.blocks)).toMatch(/created by account \d+ as PAI records it/);
    for (let i = 0; i < 20; i++) await cycle(h);
    const thread = h.slack.thread('C0ONCALL', coldStarts[0]!.ts);
    expect(thread.some((m) => /is ready; time to ready/.test(m.text))).toBe(true);
    expect(alerts(h).filter((m) => /Cold start/.test(m.text))).toHaveLength(1);
    expect(h.slack.messages('C0PROD')).toHaveLength(0);
  });

  it('every alert carries Acknowledge and Mute: a muted service raises no new cold-start alert; the ready reply closes the episode', async () => {
    const h = await harness();
    h.sim.addService({ name: 'muted_svc', workspaceId: '100002', instances: 1 });
    h.clock.advance(30 * 60_000);
    await cycle(h);
    h.sim.autoscale('muted_svc', 3, { coldStartMs: 10 * 60_000 });
    for (let i = 0; i < 12 && alerts(h).length === 0; i++) await cycle(h);
    const [first] = alerts(h);
    expect(JSON.stringify(first!.blocks)).toContain(ACK_ACTION_ID);
    await press(h, first!, 'U0ONCALL1');
    await h.slack.waitFor(
      () => h.slack.thread('C0ONCALL', first!.ts).find((m) => /Acknowledged by <@U0ONCALL1>/.test(m.text)),
      5_000,
    );
    await press(h, first!, 'U0ONCALL1', '4h');
    await h.slack.waitFor(() => h.slack.thread('C0ONCALL', first!.ts).find((m) => /Muted for 4 h/.test(m.text)), 5_000);
    const open = await h.command('alerts', { user: 'U0ONCALL1', channel: 'C0ONCALL' });
    expect(JSON.stringify(open.json)).toMatch(/muted_svc/);
    // It recovers: the episode is closed and its thread says so. The next slow scale-up within the mute stays quiet.
    for (let i = 0; i < 20; i++) await cycle(h);
    expect(h.slack.thread('C0ONCALL', first!.ts).some((m) => /is ready/.test(m.text))).toBe(true);
    h.sim.autoscale('muted_svc', 5, { coldStartMs: 10 * 60_000 });
    for (let i = 0; i < 14; i++) await cycle(h);
    expect(alerts(h)).toHaveLength(1);
  });

  it('a failed external job alert can be acknowledged, once, and that closes it', async () => {
    const h = await harness();
    await cycle(h);
    h.sim.addJob({ displayName: 'ci-train', workspaceId: '100002', plan: JOB_FAILURE_SCENARIOS.out_of_memory });
    for (let i = 0; i < 60 && alerts(h).length === 0; i++) await cycle(h);
    const [alert] = alerts(h);
    await press(h, alert!, 'U0ONCALL1');
    await press(h, alert!, 'U0ONCALL2');
    await h.slack.waitFor(
      () => h.slack.thread('C0ONCALL', alert!.ts).find((m) => /alert is closed/.test(m.text)),
      5_000,
    );
    await eventually(async () => (await h.redis.xrange(`${h.keyPrefix}:audit`, '-', '+')).length > 0);
    const audit = await h.redis.xrange(`${h.keyPrefix}:audit`, '-', '+');
    expect(audit.filter(([, f]) => f.includes('acknowledged'))).toHaveLength(1);
    expect(h.slack.thread('C0ONCALL', alert!.ts).filter((m) => /Acknowledged by/.test(m.text))).toHaveLength(1);
    const open = await h.command('alerts', { user: 'U0ONCALL1', channel: 'C0ONCALL' });
    expect(JSON.stringify(open.json)).not.toMatch(/ci-train/);
  });

  it('services already there when a workspace is first watched are taken as they are: no alert for an old failure', async () => {
    const h = await harness();
    h.sim.planServiceNamed('broken_svc', { outcome: 'Failed' });
    h.sim.addService({ name: 'broken_svc', workspaceId: '100002' });
    h.clock.advance(60 * 60_000);
    for (let i = 0; i < 4; i++) await cycle(h);
    expect(alerts(h)).toHaveLength(0);
  });
});
