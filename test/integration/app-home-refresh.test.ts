// The App Home kept up to date (src/actions/home/refresh-homes.ts) and answering clicks on it, with the real bot on
// the real Redis, the PAI simulator and the fake Slack's views.publish log: a Home opened lately is republished after
// the step that follows a change (a job's new status, a new approval request, a new alert), once, and not again while
// nothing changes; a Home never opened, or opened before the window, is not; two replicas running the step at once
// publish each change once; a failed publish is retried next step; the minute's publishes are bounded and the rest
// carried over. An Approve, Reject or Acknowledge pressed on the Home counts through the buttons' own path, once
// (double click, re-delivery), and republishes the presser's Home at once with a notice of what it did or why not.

import { WebClient, type KnownBlock } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertEpisodes } from '../../src/actions/alerts/episodes.js';
import { ACK_ACTION_ID, alertControlsBlock } from '../../src/render/alert-controls.js';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from '../../src/render/approval-request.js';
import { keySpace } from '../../src/redis/redis.js';
import type { PublishedView } from '@pai-bot/fake-slack/index.js';
import { buttonsOf, clickInHome, noticeOf, openHome, textOf } from '../support/app-home.js';
import { configYaml, DEV_WORKSPACE, oncallAlerts, prodWorkspace } from '../support/config-yaml.js';
import { BOT_TOKEN, eventually, type HarnessOptions, startHarness, type Harness } from '../support/harness.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const APPROVERS = ['U0APPR1', 'U0APPR2', 'U0APPR3', 'U0APPR4', 'U0APPR5', 'U0APPR6'];

const running: Harness[] = [];
afterEach(async () => {
  for (const h of running.splice(0).reverse()) await h.stop();
});
async function harness(opts: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness(opts);
  running.push(h);
  return h;
}

/** Prod approvers given as a user group of six, two approvals needed. */
const groupYaml = (appHome?: { publishes_per_minute?: number }) =>
  configYaml({
    workspaces: [DEV_WORKSPACE, prodWorkspace({ approvers: ['S0APPROVERS'], required: 2 })],
    alerts: oncallAlerts(),
    ...(appHome ? { appHome } : {}),
  });

/** A dev job submitted by `user`, its card posted and recorded (the Home links it). */
async function submitJob(h: Harness, name: string, user: string): Promise<string> {
  await h.command(`dlc submit ${name} --image img:1 --command "python train.py"`, { user });
  const card = await h.slack.waitFor(() =>
    h.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes(name)),
  );
  const jobId = await eventually(() => h.sim.jobs().find((j) => j.DisplayName === name)?.JobId);
  await eventually(async () => (await h.redis.hget(`${h.keyPrefix}:tracked:dlc-cards`, jobId)) === card.ts);
  return jobId;
}

/** A prod submit by `user`: its approval request's id. */
async function requestApproval(h: Harness, name: string, user = 'U0ALICE'): Promise<string> {
  await h.command(`dlc submit ${name} --image img:1 --command "python train.py"`, { user, channel: 'C0PROD' });
  const message = await h.slack.waitFor(() =>
    h.slack.messages('C0PROD').find((m) => !m.thread_ts && m.text.includes(`dlc submit ${name}`)),
  );
  return /\((ar-[a-z0-9]{8})\)/.exec(message.text)![1]!;
}

/** One refresh step of `h`'s watchers, checked to ask PAI nothing: the Homes are built from Redis. */
async function refresh(h: Harness): ReturnType<Harness['bot']['refreshHomesNow']> {
  const paiCalls = h.sim.calls.length;
  const report = await h.bot.refreshHomesNow();
  expect(h.sim.calls.length).toBe(paiCalls);
  return report;
}

/** The first view published to `user` after the `before`th that carries a notice. */
const noticedView = (h: Harness, user: string, before: number): Promise<PublishedView> =>
  h.slack.waitFor(() =>
    h.slack
      .homeViews(user)
      .slice(before)
      .find((v) => noticeOf(v) !== undefined),
  );

describe('the App Home kept up to date', () => {
  it('republishes an opened Home once its job changes, not while nothing does, and never a Home not opened within the window', async () => {
    const h = await harness();
    for (const name of ['alice-job', 'dave-job', 'carol-job'])
      h.sim.planJobNamed(name, { creatingMs: 5 * MINUTE, queuingMs: HOUR });
    // U0DAVE opened his Home eight days ago, past the window (app_home.opened_within, 168h by default).
    await openHome(h, 'U0DAVE');
    h.clock.advance(8 * 24 * HOUR);
    await submitJob(h, 'dave-job', 'U0DAVE');
    await submitJob(h, 'carol-job', 'U0CAROL'); // U0CAROL never opened hers
    const jobId = await submitJob(h, 'alice-job', 'U0ALICE');
    const opened = (await openHome(h, 'U0ALICE')).view;
    expect(textOf(opened)).toMatch(/alice-job.*· Creating ·/);
    const published = h.slack.homeViews().length;

    // Two minutes on, polled: the job is still Creating. Only the "Updated" time would differ: nothing is published.
    h.clock.advance(2 * MINUTE);
    await h.bot.pollNow();
    expect(await refresh(h)).toMatchObject({ users: 1, published: 0, unchanged: 1 });
    expect(h.slack.homeViews()).toHaveLength(published);

    // Four more: the job is Queuing; the poll records it and the step publishes it, to U0ALICE only.
    h.clock.advance(4 * MINUTE);
    await h.bot.pollNow();
    const tracked = JSON.parse((await h.redis.hget(`${h.keyPrefix}:tracked:dlc`, jobId)) ?? '{}') as {
      status?: string;
    };
    expect(tracked.status).toBe('Queuing');
    expect(await refresh(h)).toMatchObject({ users: 1, published: 1 });
    expect(h.slack.homeViews()).toHaveLength(published + 1);
    const refreshed = h.slack.homeViews('U0ALICE').at(-1)!;
    expect(refreshed).not.toBe(opened);
    expect(textOf(refreshed)).toMatch(/alice-job.*· Queuing ·/);
    expect(h.slack.homeViews('U0DAVE')).toHaveLength(1); // his open, eight days ago
    expect(h.slack.homeViews('U0CAROL')).toHaveLength(0);

    // A second step with nothing changed publishes nothing.
    expect(await refresh(h)).toMatchObject({ published: 0, unchanged: 1 });
    expect(h.slack.homeViews()).toHaveLength(published + 1);

    // Opened again, U0DAVE's Home is kept up to date from then on.
    await openHome(h, 'U0DAVE');
    expect(await h.bot.refreshHomesNow()).toMatchObject({ users: 2, published: 0, unchanged: 2 });
  });

  it("shows a new approval request on an approver's Home after a step, and not on the requester's", async () => {
    const h = await harness();
    await openHome(h, 'U0APPR1');
    await openHome(h, 'U0ALICE');
    const id = await requestApproval(h, 'home-req');
    expect(await h.bot.refreshHomesNow()).toMatchObject({ users: 2, published: 1, unchanged: 1 });
    const approver = h.slack.homeViews('U0APPR1').at(-1)!;
    expect(buttonsOf(approver, APPROVE_ACTION_ID).map((b) => b.value)).toEqual([id]);
    expect(buttonsOf(approver, REJECT_ACTION_ID).map((b) => b.value)).toEqual([id]);
    expect(h.slack.homeViews('U0ALICE')).toHaveLength(1);
  });

  it("runs in the watchers' cycle: with the poll loop on, a new request reaches an approver's open Home by itself", async () => {
    const h = await harness({ autoPoll: true }); // poll_interval 50ms
    await openHome(h, 'U0APPR1');
    const id = await requestApproval(h, 'by-itself');
    const refreshed = await h.slack.waitFor(
      () => h.slack.homeViews('U0APPR1').find((v) => buttonsOf(v, APPROVE_ACTION_ID).length > 0),
      5_000,
    );
    expect(buttonsOf(refreshed, APPROVE_ACTION_ID).map((b) => b.value)).toEqual([id]);
  });

  it('publishes each change once when two replicas run the step at once', async () => {
    const h1 = await harness({ yaml: groupYaml() });
    h1.slack.setUsergroup('S0APPROVERS', APPROVERS);
    const h2 = await harness({ role: 'worker', restartOf: h1, yaml: groupYaml() });
    for (const user of APPROVERS) await openHome(h1, user);
    const id = await requestApproval(h1, 'two-replicas');

    const reports = await Promise.all([h1.bot.refreshHomesNow(), h2.bot.refreshHomesNow()]);
    expect(reports[0]!.published + reports[1]!.published).toBe(APPROVERS.length);
    for (const user of APPROVERS) {
      const views = h1.slack.homeViews(user);
      expect(views, user).toHaveLength(2); // the open, then the request
      expect(buttonsOf(views[1]!, APPROVE_ACTION_ID).map((b) => b.value)).toEqual([id]);
    }

    const again = await Promise.all([h1.bot.refreshHomesNow(), h2.bot.refreshHomesNow()]);
    expect(again.map((r) => r.published)).toEqual([0, 0]);
    expect(h1.slack.homeViews()).toHaveLength(2 * APPROVERS.length);
  });

  it('tries a failed views.publish again on the next step', async () => {
    const h = await harness();
    await openHome(h, 'U0APPR1');
    const id = await requestApproval(h, 'publish-fails');
    h.slack.failNext(1, 'internal_error', 'views.publish');
    expect(await h.bot.refreshHomesNow()).toMatchObject({ published: 0, failed: 1 });
    expect(h.slack.homeViews('U0APPR1')).toHaveLength(1);
    expect(h.slack.calls.filter((c) => c.method === 'views.publish' && !c.ok)).toHaveLength(1);

    expect(await h.bot.refreshHomesNow()).toMatchObject({ published: 1, failed: 0 });
    expect(buttonsOf(h.slack.homeViews('U0APPR1').at(-1)!, APPROVE_ACTION_ID).map((b) => b.value)).toEqual([id]);
    expect(await h.bot.refreshHomesNow()).toMatchObject({ published: 0, unchanged: 1 });
  });

  it('spends at most app_home.publishes_per_minute a minute, every replica together, and carries the rest over', async () => {
    const h = await harness({ yaml: groupYaml({ publishes_per_minute: 2 }) });
    h.slack.setUsergroup('S0APPROVERS', APPROVERS);
    const h2 = await harness({ role: 'worker', restartOf: h, yaml: groupYaml({ publishes_per_minute: 2 }) });
    for (const user of APPROVERS.slice(0, 3)) await openHome(h, user);
    await requestApproval(h, 'budgeted');
    expect(await h.bot.refreshHomesNow()).toMatchObject({ users: 3, published: 2, deferred: 1 });
    // The same minute, another replica: nothing left to spend.
    expect(await h2.bot.refreshHomesNow()).toMatchObject({ published: 0, deferred: 1 });
    h.clock.advance(MINUTE);
    expect(await h2.bot.refreshHomesNow()).toMatchObject({ published: 1, deferred: 0, unchanged: 2 });
    for (const user of APPROVERS.slice(0, 3)) expect(h.slack.homeViews(user), user).toHaveLength(2);
  });
});

describe('a click on the App Home', () => {
  it('republishes the Home with a notice after Approve; the vote counts once under a double click and a re-delivery', async () => {
    const h = await harness();
    await openHome(h, 'U0APPR1');
    const id = await requestApproval(h, 'prod-home');
    await h.bot.refreshHomesNow();
    const [approve] = buttonsOf(h.slack.homeViews('U0APPR1').at(-1)!, APPROVE_ACTION_ID);
    expect(approve?.value).toBe(id);
    const click = { action_id: APPROVE_ACTION_ID, block_id: approve!.block_id, value: id };

    let before = h.slack.homeViews('U0APPR1').length;
    await clickInHome(h, 'U0APPR1', { ...click, actionTs: '1700000000.000001', triggerId: 'trigger-1' });
    const answered = await noticedView(h, 'U0APPR1', before);
    expect(noticeOf(answered)).toBe(':white_check_mark: Your approval of `dlc submit prod-home` counted: 1 of 2.');
    expect(textOf(answered)).toContain('1 of 2');

    // The same press delivered again, then a second press: the same answer, one vote.
    for (const again of [
      { actionTs: '1700000000.000001', triggerId: 'trigger-1' },
      { actionTs: '1700000001.000001', triggerId: 'trigger-2' },
    ]) {
      before = h.slack.homeViews('U0APPR1').length;
      await clickInHome(h, 'U0APPR1', { ...click, ...again });
      expect(noticeOf(await noticedView(h, 'U0APPR1', before))).toBe(noticeOf(answered));
    }
    expect(Object.keys(await h.redis.hgetall(`${h.keyPrefix}:approval:${id}:votes`))).toEqual(['U0APPR1']);
    expect(h.sim.callsOf('CreateJob')).toHaveLength(0);

    // The click recorded what it published: the next step leaves that Home (and its notice) alone.
    const published = h.slack.homeViews('U0APPR1').length;
    expect(await h.bot.refreshHomesNow()).toMatchObject({ users: 1, published: 0, unchanged: 1 });
    expect(h.slack.homeViews('U0APPR1')).toHaveLength(published);
  });

  it('says on the Home why a vote did not count: own request, already decided; and a rejection', async () => {
    const h = await harness();
    const id = await requestApproval(h, 'says-why');
    const click = (user: string, action_id: string) =>
      clickInHome(h, user, { action_id, block_id: `home_approval_${id}_1`, value: id });

    let before = h.slack.homeViews('U0ALICE').length;
    await click('U0ALICE', APPROVE_ACTION_ID);
    expect(noticeOf(await noticedView(h, 'U0ALICE', before))).toMatch(
      /^:warning: Your approval of `dlc submit says-why` did not count\. You asked for this change/,
    );

    before = h.slack.homeViews('U0APPR1').length;
    await click('U0APPR1', REJECT_ACTION_ID);
    expect(noticeOf(await noticedView(h, 'U0APPR1', before))).toBe(
      ':x: You rejected `dlc submit says-why`; nothing will run.',
    );

    before = h.slack.homeViews('U0APPR2').length;
    await click('U0APPR2', APPROVE_ACTION_ID);
    expect(noticeOf(await noticedView(h, 'U0APPR2', before))).toBe(
      `:warning: Your approval of \`dlc submit says-why\` did not count. Request ${id} is already rejected.`,
    );
    expect(Object.keys(await h.redis.hgetall(`${h.keyPrefix}:approval:${id}:votes`))).toEqual([]);
  });

  it('shows a new alert to on-call after a step; Acknowledge there answers on the Home, and the step leaves it', async () => {
    const h = await harness();
    h.slack.setUsergroup('S0ONCALL', ['U0ONCALL']);
    await openHome(h, 'U0ONCALL');
    // An alert as the watchers post it, its episode open.
    const episodes = createAlertEpisodes(h.redis, keySpace(h.keyPrefix));
    const web = new WebClient(BOT_TOKEN, { slackApiUrl: h.slack.url });
    const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: 'svc is down' } }];
    const posted = await web.chat.postMessage({ channel: 'C0ONCALL', text: 'svc is down', blocks });
    const episode = {
      id: 'eas:svc:failed:1',
      resource: 'eas:svc',
      kind: 'failed' as const,
      workspaceId: '100001',
      title: 'svc is down',
      channel: 'C0ONCALL',
      ts: String(posted.ts),
      openedAt: h.clock.now(),
    };
    await web.chat.update({
      channel: 'C0ONCALL',
      ts: episode.ts,
      text: 'svc is down',
      blocks: [...blocks, alertControlsBlock(episode.id)],
    });
    await episodes.open(episode);

    expect(await h.bot.refreshHomesNow()).toMatchObject({ published: 1 });
    const [ack] = buttonsOf(h.slack.homeViews('U0ONCALL').at(-1)!, ACK_ACTION_ID);
    expect(ack?.value).toBe(episode.id);

    let before = h.slack.homeViews('U0ONCALL').length;
    await clickInHome(h, 'U0ONCALL', { action_id: ACK_ACTION_ID, block_id: ack!.block_id, value: episode.id });
    const answered = await noticedView(h, 'U0ONCALL', before);
    expect(noticeOf(answered)).toBe(':eyes: You acknowledged *svc is down*. Its thread says so.');
    expect(buttonsOf(answered, ACK_ACTION_ID)).toEqual([]); // acknowledged: the Home offers Mute only
    await h.slack.waitFor(() =>
      h.slack.thread('C0ONCALL', episode.ts).find((m) => m.text === 'Acknowledged by <@U0ONCALL>'),
    );

    before = h.slack.homeViews('U0ONCALL').length;
    await clickInHome(h, 'U0ONCALL', { action_id: ACK_ACTION_ID, block_id: ack!.block_id, value: episode.id });
    expect(noticeOf(await noticedView(h, 'U0ONCALL', before))).toMatch(/^You acknowledged this alert at /);
    expect(h.slack.thread('C0ONCALL', episode.ts).filter((m) => m.text.startsWith('Acknowledged by'))).toHaveLength(1);

    const published = h.slack.homeViews('U0ONCALL').length;
    expect(await h.bot.refreshHomesNow()).toMatchObject({ published: 0, unchanged: 1 });
    expect(h.slack.homeViews('U0ONCALL')).toHaveLength(published);
  });
});
