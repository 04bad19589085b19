// The prod gate under pressure: each weakness found by trying it as an attacker would, against the real bot
// with the PAI simulator taking tens of milliseconds per call, as PAI does.

import { afterEach, describe, expect, it } from 'vitest';
import { createPaiClients } from '../../src/pai/create-clients.js';
import type { RecordedCall } from '@pai-bot/pai-sim/index.js';
import { APPROVE_ACTION_ID } from '../../src/render/approval-request.js';
import { configYaml, DEV_WORKSPACE, oncallAlerts, prodWorkspace } from '../support/config-yaml.js';
import { eventually, startHarness, type Harness, type HarnessOptions } from '../support/harness.js';

const started: Harness[] = [];
afterEach(async () => {
  for (const h of started.splice(0).reverse()) await h.stop();
});

const YAML = configYaml({
  workspaces: [DEV_WORKSPACE, prodWorkspace({ approvers: ['U0APPR1', 'U0APPR2'], required: 2 })],
  alerts: oncallAlerts(),
  approvals: { expire_after: '1h' },
});

/** 10-50 ms per call, from a fixed seed so a failure can be replayed. */
function paiLatency(seed = 7): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return 10 + (x % 41);
  };
}

async function harness(opts: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness({ yaml: YAML, ...opts });
  started.push(h);
  h.sim.setLatency(paiLatency());
  return h;
}

const ok = (c: RecordedCall) => c.status >= 200 && c.status < 300;
const succeeded = (h: Harness, action: string) => h.sim.callsOf(action).filter(ok);
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

/** A service created at PAI directly (console, SDK), as the simulator's other tenants would. */
async function createServiceAtPai(h: Harness, name: string, workspaceId: string, opts: { running?: boolean } = {}) {
  const { eas } = createPaiClients(h.config);
  const created = await eas.createService(
    { metadata: { name, instance: 1, workspace_id: workspaceId }, containers: [{ image: 'img:1', port: 8000 }] },
    { workspaceId },
  );
  if (opts.running) {
    h.clock.advance(30 * 60_000);
    await eventually(
      () => h.sim.services().find((s) => s.ServiceName === name)?.Status === 'Running',
      5_000,
      `${name} running`,
    );
  }
  return created;
}

async function approvalMessage(h: Harness, title: string) {
  return h.slack.waitFor(() => h.slack.messages('C0PROD').find((m) => !m.thread_ts && m.text.includes(title)), 5_000);
}

async function approve(h: Harness, message: { channel: string; ts: string }) {
  await h.react('white_check_mark', message, { user: 'U0APPR1' });
  await h.react('white_check_mark', message, { user: 'U0APPR2' });
}

async function idle(h: Harness) {
  await eventually(
    async () => {
      const c = await h.queueCounts();
      return c.active === 0 && c.waiting === 0 && c.delayed === 0 && c.prioritized === 0;
    },
    10_000,
    'the action queue to drain',
  );
}

type Audit = { event: string; user?: string; requestId: string; detail?: string };
async function audit(h: Harness): Promise<Audit[]> {
  const rows = await h.redis.xrange(`${h.keyPrefix}:audit`, '-', '+');
  return rows.map(([, flat]) => {
    const o: Record<string, string> = {};
    for (let i = 0; i < flat.length; i += 2) o[flat[i]!] = flat[i + 1]!;
    return o as unknown as Audit;
  });
}

describe('fail closed', () => {
  it('a change to a service PAI does not know is refused; a prod service of that name created right after is not touched', async () => {
    const h = await harness();
    // The moment PAI answers "no such service" to the bot, someone creates it in prod (e.g. the approved deploy whose
    // name is on an approval card). Before the fix the bot treated the change as "not prod", looked the service up a
    // second time, found the prod one and scaled it without any approval.
    let created = false;
    const off = h.sim.onCall((c) => {
      if (!created && c.action === 'DescribeService' && c.path.endsWith('/ghost_svc') && c.status === 404)
        created = h.sim.addService({ name: 'ghost_svc', workspaceId: '100002' });
    });
    const reply = await h.command('eas scale ghost_svc 7', { user: 'U0MALLORY', channel: 'C0DEV' });
    expect(reply.json.text).toMatch(/Queued/);
    const told = await h.slack.waitFor(
      () => h.slack.responses(reply.responseId).find((r) => /no EAS service ghost_svc/.test(String(r.body.text))),
      5_000,
    );
    expect(String(told.body.text)).toMatch(/There is no EAS service ghost_svc/);
    expect(created).toBe(true);
    await idle(h);
    await settle();
    off();
    expect(h.sim.callsOf('ScaleService')).toHaveLength(0);
    expect(h.sim.services().find((s) => s.ServiceName === 'ghost_svc')?.TotalInstance).toBe(1);
  });

  it('an approved change whose service was deleted and created again is not run on the new one', async () => {
    const h = await harness();
    await createServiceAtPai(h, 'fraud_svc', '100002');
    await h.command('eas scale fraud_svc 4', { user: 'U0ALICE', channel: 'C0PROD' });
    const message = await approvalMessage(h, 'eas scale fraud_svc');
    const { eas } = createPaiClients(h.config);
    await eas.deleteService('fraud_svc');
    h.clock.advance(30 * 60_000);
    await eventually(() => !h.sim.services().some((s) => s.ServiceName === 'fraud_svc'), 5_000, 'the deletion');
    await createServiceAtPai(h, 'fraud_svc', '100002');
    await approve(h, message);
    await eventually(() => JSON.stringify(message.blocks).includes('it failed'), 5_000, 'the request to fail');
    expect(JSON.stringify(message.blocks)).toMatch(/deleted and created again/);
    expect(h.sim.callsOf('ScaleService')).toHaveLength(0);
  });
});

describe('what the gate keeps', () => {
  it("the checkpointed target of a change never holds the service's access token", async () => {
    const h = await harness();
    h.sim.addService({ name: 'dev_svc', workspaceId: DEV_WORKSPACE.id });
    h.clock.advance(30 * 60_000);
    await h.command('eas scale dev_svc 2', { user: 'U0ALICE', channel: 'C0DEV' });
    await eventually(() => succeeded(h, 'ScaleService').length === 1, 5_000, 'the scale');
    await idle(h);
    const token = (h.sim.services().find((s) => s.ServiceName === 'dev_svc') as { AccessToken?: string }).AccessToken!;
    expect(token.length).toBeGreaterThan(8);
    const keys = await h.redis.keys(`${h.keyPrefix}:*`);
    for (const key of keys) {
      const type = await h.redis.type(key);
      const values =
        type === 'hash'
          ? Object.values(await h.redis.hgetall(key))
          : type === 'string'
            ? [await h.redis.get(key)]
            : type === 'list'
              ? await h.redis.lrange(key, 0, -1)
              : [];
      for (const v of values) expect(v ?? '', key).not.toContain(token);
    }
  });
});

describe('one approval, one run', () => {
  it('an approved restart whose private reply to the requester fails restarts the service once', async () => {
    const h = await harness();
    await createServiceAtPai(h, 'fraud_svc', '100002', { running: true });
    await h.command('eas restart fraud_svc', { user: 'U0ALICE', channel: 'C0PROD' });
    const message = await approvalMessage(h, 'eas restart fraud_svc');
    expect(JSON.stringify(message.blocks)).toContain(
      'workspaceId=100002#/eas/serviceDetail/fraud_svc/detail|Open in the PAI console>',
    );
    // The requester left the channel: every private answer to them fails from now on.
    h.slack.failNext(50, 'user_not_in_channel', 'chat.postEphemeral');
    await approve(h, message);
    await eventually(() => JSON.stringify(message.blocks).includes('Approved and done'), 5_000, 'executed');
    await idle(h);
    await settle();
    expect(succeeded(h, 'RestartService')).toHaveLength(1);
    expect((await audit(h)).filter((a) => a.event === 'executed')).toHaveLength(1);
  });

  it('an approved submit whose card post fails once is retried without a second CreateJob, and stays executed', async () => {
    const h = await harness();
    await h.command('dlc submit prod-train --image img:1 --command "python train.py" --workers 4', {
      user: 'U0ALICE',
      channel: 'C0PROD',
    });
    const message = await approvalMessage(h, 'dlc submit prod-train');
    await h.react('white_check_mark', message, { user: 'U0APPR1' });
    await eventually(() => JSON.stringify(message.blocks).includes('1 of 2'));
    // The next channel message is the job's card, right after CreateJob: a Slack hiccup makes the worker retry.
    h.slack.failNext(1, 'internal_error', 'chat.postMessage');
    await h.react('white_check_mark', message, { user: 'U0APPR2' });
    await h.slack.waitFor(
      () => h.slack.messages('C0PROD').find((m) => !m.thread_ts && m.text.includes('DLC job prod-train')),
      5_000,
    );
    await idle(h);
    await settle();
    expect(succeeded(h, 'CreateJob')).toHaveLength(1);
    expect(JSON.stringify(message.blocks)).toContain('Approved and done');
    const events = (await audit(h)).map((a) => a.event);
    expect(events.filter((e) => e === 'executed')).toHaveLength(1);
    expect(events).not.toContain('failed');
    const jobId = h.sim.jobs()[0]!.JobId;
    expect(await h.redis.hexists(`${h.keyPrefix}:tracked:dlc`, jobId)).toBe(1);
  });

  it('an approved submit retried after a throttled CreateJob runs once and is recorded as run, not as "differs from the one approved"', async () => {
    const h = await harness();
    await h.command('dlc submit prod-train --image img:1 --command "python train.py" --workers 4', {
      user: 'U0ALICE',
      channel: 'C0PROD',
    });
    const message = await approvalMessage(h, 'dlc submit prod-train');
    h.sim.throttleNext(1, 'CreateJob');
    await approve(h, message);
    await eventually(() => JSON.stringify(message.blocks).includes('Approved and done'), 5_000, 'executed');
    await idle(h);
    expect(h.sim.callsOf('CreateJob').map((c) => c.status)).toEqual([400, 200]);
    const events = (await audit(h)).map((a) => a.event);
    expect(events.filter((e) => e === 'executed')).toHaveLength(1);
    expect(events).not.toContain('failed');
  });

  it('an approved change whose answer from PAI is lost is not sent a second time, and says so', async () => {
    const h = await harness({ paiTimeoutMs: 300 });
    await createServiceAtPai(h, 'fraud_svc', '100002', { running: true });
    await h.command('eas restart fraud_svc', { user: 'U0ALICE', channel: 'C0PROD' });
    const message = await approvalMessage(h, 'eas restart fraud_svc');
    h.sim.delayNext(1_000, 'RestartService'); // PAI restarts it, the answer arrives after the bot gave up waiting
    await approve(h, message);
    await eventually(() => JSON.stringify(message.blocks).includes('it failed'), 8_000, 'the request to fail');
    expect(JSON.stringify(message.blocks)).toMatch(/may or may not have been made/);
    await idle(h);
    expect(h.sim.callsOf('RestartService')).toHaveLength(1);
  });
});

describe('fair use', () => {
  it("one user's flood of prod requests is capped and does not hold up another user's dev submit", async () => {
    const yaml = configYaml({
      workspaces: [DEV_WORKSPACE, prodWorkspace({ approvers: ['U0APPR1', 'U0APPR2'], required: 2 })],
      alerts: oncallAlerts(),
      approvals: { max_pending_per_user: 3 },
      limits: { queued_changes_per_user: 4 },
    });
    // Slack's own pace: about one message a second per channel.
    const h = await harness({ yaml, slackIntervalMs: 1_000 });
    const flood = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        h.command(`dlc submit flood-${i} --image img:1 --command "python x.py" --workers 100`, {
          user: 'U0FLOOD',
          channel: 'C0PROD',
        }),
      ),
    );
    const queued = flood.filter((r) => /Queued/.test(String(r.json.text)));
    const refused = flood.filter((r) => /already have \d+ changes queued/.test(String(r.json.text)));
    // At most 4 at a time are queued; a slot frees as soon as its request is made, so a few more may get in.
    expect(refused.length).toBeGreaterThan(0);
    expect(queued.length + refused.length).toBe(16);
    const started = Date.now();
    await h.command('dlc submit bob-train --image img:1 --command "python train.py"', {
      user: 'U0BOB',
      channel: 'C0DEV',
    });
    await eventually(
      () => h.sim.callsOf('CreateJob').some((c) => (c.body as { DisplayName?: string }).DisplayName === 'bob-train'),
      3_000,
      "bob's CreateJob",
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    await idle(h);
    await eventually(
      () => h.slack.messages('C0PROD').filter((m) => !m.thread_ts && m.text.includes('dlc submit flood-')).length === 3,
      8_000,
      'three approval requests',
    );
    // The fourth queued request is refused by the pending limit, and its requester is told why.
    const told = queued.map((r) =>
      h.slack
        .responses(r.responseId)
        .map((x) => String(x.body.text))
        .join('\n'),
    );
    expect(told.filter((t) => /already have 3 approval request\(s\) waiting/.test(t)).length).toBe(queued.length - 3);
    expect((await audit(h)).filter((a) => a.event === 'refused')).toHaveLength(queued.length - 3);
  }, 30_000);
});

describe('approvers see the whole change', () => {
  it('a request padded with long --env values full of &, < and > still shows image, command, 100 workers and the instance, with the rest in its thread', async () => {
    const h = await harness();
    const pad = Array.from({ length: 12 }, (_, i) => `--env PAD${i}=${'&<>'.repeat(90)}`).join(' ');
    const text = `dlc submit padded --image registry.example.com/ml/miner:7 --command "python mine.py --all" --workers 100 --instance ecs.gn7i-c32g1.32xlarge ${pad}`;
    expect(text.length).toBeLessThan(4_000);
    const reply = await h.command(text, { user: 'U0ALICE', channel: 'C0PROD' });
    expect(reply.json.text).toMatch(/Queued/);
    // Before, the escaped card broke Slack's limits and was never posted: a request nobody could approve.
    const message = await approvalMessage(h, 'dlc submit padded');
    const card = JSON.stringify(message.blocks);
    for (const shown of [
      'registry.example.com/ml/miner:7',
      'python mine.py --all',
      '100',
      'ecs.gn7i-c32g1.32xlarge',
      'PAD0',
      'PAD11',
    ])
      expect(card).toContain(shown);
    expect(card).toMatch(/thread/);
    // The whole body, in as many thread messages as it needs, each within Slack's limits (the fake Slack checks them).
    const whole = await h.slack.waitFor(() => {
      const text = h.slack
        .thread('C0PROD', message.ts)
        .map((m) => JSON.stringify(m.blocks))
        .join('');
      return text.includes('PAD11') && text;
    }, 5_000);
    expect(whole.split('&amp;&lt;&gt;').length - 1).toBeGreaterThanOrEqual(12 * 90);
  });
});

describe('/pai approvals', () => {
  it('lists a request made in a private channel only to its requester, its approvers and that channel', async () => {
    const h = await harness();
    await h.command('dlc submit secret-project --image img:1 --command "python train.py" -w prod', {
      user: 'U0ALICE',
      channel: 'G0PRIVATE',
    });
    await h.slack.waitFor(
      () => h.slack.messages('G0PRIVATE').find((m) => m.text.includes('dlc submit secret-project')),
      5_000,
    );
    const stranger = await h.command('approvals', { user: 'U0EVE', channel: 'C0PROD' });
    expect(JSON.stringify(stranger.json)).not.toContain('secret-project');
    expect(String(stranger.json.text) + JSON.stringify(stranger.json.blocks ?? [])).toMatch(/1 more pending request/);
    const approver = await h.command('approvals', { user: 'U0APPR1', channel: 'C0PROD' });
    expect(JSON.stringify(approver.json.blocks)).toContain('secret-project');
    const there = await h.command('approvals', { user: 'U0EVE', channel: 'G0PRIVATE' });
    expect(JSON.stringify(there.json.blocks)).toContain('secret-project');
  });
});

describe('Slack pacing holds no worker', () => {
  it('twelve approval requests for one channel finish their actions at once; the cards wait in Redis for their turn', async () => {
    const h = await harness({ slackIntervalMs: 1_000 });
    const users = Array.from({ length: 12 }, (_, i) => `U0USER${i}`);
    await Promise.all(
      users.map((user, i) =>
        h.command(`dlc submit many-${i} --image img:1 --command "python x.py"`, { user, channel: 'C0PROD' }),
      ),
    );
    // Every gate step is done long before twelve cards could be posted at one a second: none waited in a worker slot.
    await idle(h);
    const posted = h.slack.messages('C0PROD').filter((m) => !m.thread_ts && m.text.includes('dlc submit many-')).length;
    expect(posted).toBeLessThan(12);
    expect(await h.redis.llen(`${h.keyPrefix}:outbox:q:C0PROD`)).toBeGreaterThan(0);
    // Meanwhile another channel's work is not held up.
    const started = Date.now();
    await h.command('dlc submit bob-train --image img:1 --command "python train.py"', {
      user: 'U0BOB',
      channel: 'C0DEV',
    });
    await h.slack.waitFor(() => h.slack.messages('C0DEV').find((m) => m.text.includes('bob-train')), 3_000);
    expect(Date.now() - started).toBeLessThan(2_000);
  }, 30_000);
});

describe('votes and names', () => {
  it('removing a reaction does not withdraw a vote cast with the button', async () => {
    const h = await harness();
    await h.command('dlc submit prod-train --image img:1 --command "python train.py"', {
      user: 'U0ALICE',
      channel: 'C0PROD',
    });
    const message = await approvalMessage(h, 'dlc submit prod-train');
    const id = /\((ar-[a-z0-9]{8})\)/.exec(message.text)![1]!;
    await h.click(APPROVE_ACTION_ID, id, { user: 'U0APPR1', channel: 'C0PROD', messageTs: message.ts });
    await eventually(() => JSON.stringify(message.blocks).includes('1 of 2'));
    // also reacts: the button vote stays the one counted
    await h.react('white_check_mark', message, { user: 'U0APPR1' });
    await h.react('white_check_mark', message, { user: 'U0APPR1', removed: true });
    await settle();
    expect(JSON.stringify(message.blocks)).toContain('1 of 2');
    expect((await audit(h)).some((a) => a.event === 'withdrawn-by')).toBe(false);
  });

  it("an expiry noticed by a late vote is the clock's, not that approver's", async () => {
    const h = await harness();
    await h.command('dlc submit prod-train --image img:1 --command "python train.py"', {
      user: 'U0ALICE',
      channel: 'C0PROD',
    });
    const message = await approvalMessage(h, 'dlc submit prod-train');
    h.clock.advance(61 * 60_000);
    await h.react('white_check_mark', message, { user: 'U0APPR1' });
    await eventually(() => JSON.stringify(message.blocks).includes('Expired'));
    const expired = (await audit(h)).filter((a) => a.event === 'expired');
    expect(expired).toHaveLength(1);
    expect(expired[0]!.user).toBeUndefined();
    const id = /\((ar-[a-z0-9]{8})\)/.exec(message.text)![1]!;
    expect(await h.redis.hget(`${h.keyPrefix}:approval:${id}`, 'decidedBy')).toBe('bot');
  });

  it('a dev deploy cannot take the name of a prod deploy that awaits approval; the prod deploy then runs', async () => {
    const h = await harness();
    await h.command('eas deploy fraud_svc --image img:2', { user: 'U0ALICE', channel: 'C0PROD' });
    const message = await approvalMessage(h, 'eas deploy fraud_svc');
    const squat = await h.command('eas deploy fraud_svc --image evil:1', { user: 'U0MALLORY', channel: 'C0DEV' });
    const told = await h.slack.waitFor(
      () => h.slack.responses(squat.responseId).find((r) => /reserved/.test(String(r.body.text))),
      5_000,
    );
    expect(String(told.body.text)).toMatch(/fraud_svc is reserved by a prod deploy/);
    await approve(h, message);
    await eventually(() => JSON.stringify(message.blocks).includes('Approved and done'), 5_000, 'executed');
    const created = succeeded(h, 'CreateService');
    expect(created).toHaveLength(1);
    expect(created[0]!.query.WorkspaceId).toBe('100002');
    // Once the deploy ran, the name is PAI's to guard again: the reservation is gone.
    expect(await h.redis.exists(`${h.keyPrefix}:eas-name:fraud_svc`)).toBe(0);
  });
});
