import { afterEach, describe, expect, it } from 'vitest';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from '../../src/render/approval-request.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { configYaml, prodWorkspace } from '../support/config-yaml.js';

const YAML = configYaml({
  workspaces: [prodWorkspace({ approvers: ['U0ALICE', 'U0APPR1', 'U0APPR2', 'S0LEADS'], required: 2 })],
  approvals: { approve_reactions: ['white_check_mark', 'thumbsup'], reject_reactions: ['x'], expire_after: '1h' },
});

const started: Harness[] = [];
afterEach(async () => {
  for (const h of started.splice(0).reverse()) await h.stop();
});

async function harness(opts: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness({ yaml: YAML, ...opts });
  started.push(h);
  h.slack.setUsergroup('S0LEADS', ['U0LEAD']);
  return h;
}

type Audit = { event: string; user?: string; requestId: string; detail?: string; at: string };
async function audit(h: Harness): Promise<Audit[]> {
  const rows = await h.redis.xrange(`${h.keyPrefix}:audit`, '-', '+');
  return rows.map(([, flat]) => {
    const pairs: [string, string][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
    return Object.fromEntries(pairs) as unknown as Audit;
  });
}

/** Submits in prod as U0ALICE and returns the request message once posted. */
async function requestSubmit(h: Harness, name = 'prod-train') {
  const reply = await h.command(`dlc submit ${name} --image img:1 --command "python train.py" --workers 4`, {
    user: 'U0ALICE',
    channel: 'C0PROD',
  });
  expect(reply.json.text).toContain('Queued');
  const message = await h.slack.waitFor(() =>
    h.slack.messages('C0PROD').find((m) => !m.thread_ts && m.text.includes(`dlc submit ${name}`)),
  );
  const id = /\((ar-[a-z0-9]{8})\)/.exec(message.text)![1]!;
  return { message, id, responseId: reply.responseId };
}

const creates = (h: Harness) => h.sim.callsOf('CreateJob').length;
const settle = () => new Promise((r) => setTimeout(r, 250));

describe('an approval request', () => {
  it('shows who asked, every parameter sent to PAI, how many approvals, who may approve, expiry and the id; nothing runs yet', async () => {
    const h = await harness();
    const { message, id, responseId } = await requestSubmit(h);
    const blocks = JSON.stringify(message.blocks);
    expect(blocks).toContain('<@U0ALICE>');
    expect(blocks).toContain('CreateJob  POST /api/v1/jobs');
    expect(blocks).toContain('\\"PodCount\\": 4');
    expect(blocks).toContain('python train.py');
    expect(blocks).toMatch(/0 of 2/);
    expect(blocks).toContain('<!subteam^S0LEADS>');
    expect(blocks).toMatch(/<!date\^\d+\^/);
    expect(blocks).toContain(id);
    // No job exists yet: the card links the list it will appear in.
    expect(blocks).toContain("#/dlc/jobs|The workspace's DLC jobs in the PAI console>");
    const receipt = await h.slack.waitFor(() =>
      h.slack.responses(responseId).find((r) => String(r.body.text).includes(id)),
    );
    expect(receipt.body.response_type).toBe('ephemeral');
    expect(creates(h)).toBe(0);
    expect((await audit(h)).map((a) => `${a.event}:${a.user}`)).toEqual(['requested:U0ALICE']);
  });
});

describe('who counts', () => {
  it('ignores the requester (even when listed as an approver), non-approvers, other emoji and other messages', async () => {
    const h = await harness();
    const { message, id } = await requestSubmit(h);
    await h.react('white_check_mark', message, { user: 'U0ALICE' });
    await h.react('white_check_mark', message, { user: 'U0BOB' });
    await h.react('tada', message, { user: 'U0APPR1' });
    await h.react('white_check_mark', { channel: 'C0PROD', ts: '1.000001' }, { user: 'U0APPR2' }); // some other message
    await eventually(async () => (await audit(h)).filter((a) => a.event === 'ignored-vote').length === 3);
    await settle();
    const ignored = (await audit(h)).filter((a) => a.event === 'ignored-vote');
    // Every ignored reaction on the request is recorded, as docs/approvals.md says; one on another message is not about
    // any request.
    // Reactions are handled as they arrive, concurrently: compare without their order.
    expect(ignored.map((a) => [a.user, a.detail]).sort()).toEqual([
      ['U0ALICE', 'approve: requesters cannot decide their own request'],
      ['U0APPR1', ':tada: added: not an approve or reject reaction'],
      ['U0BOB', 'approve: not an approver'],
    ]);
    expect(JSON.stringify(message.blocks)).toMatch(/0 of 2/);
    expect(creates(h)).toBe(0);
    expect((await audit(h)).some((a) => a.event === 'approved-by')).toBe(false);
    expect(id).toMatch(/^ar-/);
  });

  it('needs two distinct approvers; a user-group member counts; the action then runs exactly once', async () => {
    const h = await harness();
    const { message } = await requestSubmit(h);
    await h.react('white_check_mark', message, { user: 'U0APPR1' });
    await eventually(() => JSON.stringify(message.blocks).includes('1 of 2'));
    await h.react('thumbsup', message, { user: 'U0APPR1' }); // the same approver again, another emoji
    await settle();
    expect(creates(h)).toBe(0);
    await h.react('white_check_mark::skin-tone-3', message, { user: 'U0LEAD' }); // group member, skin tone
    await eventually(() => creates(h) === 1, 5_000, 'CreateJob');
    await eventually(
      () => JSON.stringify(message.blocks).includes('Approved and done'),
      5_000,
      'request shows executed',
    );
    expect(JSON.stringify(message.blocks)).toMatch(/<@U0APPR1>, <@U0LEAD>/);
    await h.slack.waitFor(() => h.slack.messages('C0PROD').find((m) => m.text.includes('DLC job prod-train')));
    await settle();
    expect(creates(h)).toBe(1);
    const events = (await audit(h)).map((a) => `${a.event}${a.user ? `:${a.user}` : ''}`);
    expect(events).toEqual(['requested:U0ALICE', 'approved-by:U0APPR1', 'approved-by:U0LEAD', 'approved', 'executed']);
  });

  it('a removed reaction withdraws that approval while pending', async () => {
    const h = await harness();
    const { message } = await requestSubmit(h);
    await h.react('white_check_mark', message, { user: 'U0APPR1' });
    await eventually(() => JSON.stringify(message.blocks).includes('1 of 2'));
    await h.react('white_check_mark', message, { user: 'U0APPR1', removed: true });
    await eventually(() => JSON.stringify(message.blocks).includes('0 of 2'));
    await h.react('white_check_mark', message, { user: 'U0APPR2' });
    await eventually(() => JSON.stringify(message.blocks).includes('1 of 2'));
    await settle();
    expect(creates(h)).toBe(0);
    expect((await audit(h)).map((a) => a.event)).toContain('withdrawn-by');
  });
});

describe('decisions', () => {
  it('a reject reaction from an approver rejects it; later approvals change nothing', async () => {
    const h = await harness();
    const { message } = await requestSubmit(h);
    await h.react('x', message, { user: 'U0APPR2' });
    await eventually(() => JSON.stringify(message.blocks).includes('Rejected'));
    await h.react('white_check_mark', message, { user: 'U0APPR1' });
    await h.react('white_check_mark', message, { user: 'U0LEAD' });
    await settle();
    expect(creates(h)).toBe(0);
    expect(JSON.stringify(message.blocks)).toContain('<@U0APPR2>');
    expect(h.slack.thread('C0PROD', message.ts).at(-1)!.text).toMatch(
      /<@U0ALICE> request .* was rejected by <@U0APPR2>; nothing was run/,
    );
  });

  it('Approve and Reject buttons follow the same rules', async () => {
    const h = await harness();
    const { message, id } = await requestSubmit(h);
    const self = await h.click(APPROVE_ACTION_ID, id, { user: 'U0ALICE', channel: 'C0PROD', messageTs: message.ts });
    const told = await h.slack.waitFor(() => h.slack.responses(self.responseId).at(-1));
    expect(told.body).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: expect.stringMatching(/your approval does not count/),
    });
    const stranger = await h.click(REJECT_ACTION_ID, id, { user: 'U0BOB', channel: 'C0PROD', messageTs: message.ts });
    expect((await h.slack.waitFor(() => h.slack.responses(stranger.responseId).at(-1))).body.text).toMatch(
      /not among the approvers/,
    );
    await h.click(APPROVE_ACTION_ID, id, { user: 'U0APPR1', channel: 'C0PROD', messageTs: message.ts });
    await h.click(APPROVE_ACTION_ID, id, { user: 'U0APPR2', channel: 'C0PROD', messageTs: message.ts });
    await eventually(() => creates(h) === 1);
    await settle();
    expect(creates(h)).toBe(1);
  });

  it("an approver's Reject button rejects it, and a later Approve changes nothing", async () => {
    const h = await harness();
    const { message, id } = await requestSubmit(h);
    await h.click(REJECT_ACTION_ID, id, { user: 'U0APPR2', channel: 'C0PROD', messageTs: message.ts });
    await eventually(() => JSON.stringify(message.blocks).includes('Rejected'));
    await h.click(APPROVE_ACTION_ID, id, { user: 'U0APPR1', channel: 'C0PROD', messageTs: message.ts });
    await h.click(APPROVE_ACTION_ID, id, { user: 'U0LEAD', channel: 'C0PROD', messageTs: message.ts });
    await settle();
    expect(creates(h)).toBe(0);
    expect((await audit(h)).map((a) => `${a.event}${a.user ? `:${a.user}` : ''}`)).toContain('rejected:U0APPR2');
  });

  it('expires after approvals.expire_after and says so', async () => {
    const h = await harness();
    const { message } = await requestSubmit(h);
    await h.react('white_check_mark', message, { user: 'U0APPR1' });
    await eventually(() => JSON.stringify(message.blocks).includes('1 of 2'));
    h.clock.advance(61 * 60_000);
    expect(await h.bot.sweepApprovalsNow()).toMatchObject({ expired: 1 });
    // The card is updated through the outbox, in its channel's turn: soon after, not within the sweep.
    await eventually(() => JSON.stringify(message.blocks).includes('Expired'), 5_000, 'the card to show the expiry');
    await h.react('white_check_mark', message, { user: 'U0APPR2' });
    await settle();
    expect(creates(h)).toBe(0);
    expect((await audit(h)).map((a) => a.event)).toContain('expired');
  });

  it('the requester can withdraw with /pai cancel; others cannot; /pai approvals lists pending ones', async () => {
    const h = await harness();
    const { id } = await requestSubmit(h, 'first');
    await requestSubmit(h, 'second');
    const list = await h.command('approvals', { user: 'U0BOB', channel: 'C0PROD' });
    expect(JSON.stringify(list.json.blocks)).toMatch(/dlc submit first/);
    expect(JSON.stringify(list.json.blocks)).toMatch(/dlc submit second/);
    const notYours = await h.command(`cancel ${id}`, { user: 'U0APPR1', channel: 'C0PROD' });
    expect(notYours.json.text).toMatch(/Only the requester/);
    const mine = await h.command(`cancel ${id}`, { user: 'U0ALICE', channel: 'C0PROD' });
    expect(mine.json.text).toMatch(/Withdrawn/);
    const again = await h.command(`cancel ${id}`, { user: 'U0ALICE', channel: 'C0PROD' });
    expect(again.json.text).toMatch(/already cancelled/);
    const after = await h.command('approvals', { user: 'U0BOB', channel: 'C0PROD' });
    expect(JSON.stringify(after.json.blocks)).not.toMatch(/dlc submit first/);
  });
});

describe('exactly once', () => {
  it('duplicate deliveries of one event count once', async () => {
    const h = await harness();
    const { message } = await requestSubmit(h);
    const eventId = await h.react('white_check_mark', message, { user: 'U0APPR1' });
    await h.react('white_check_mark', message, { user: 'U0APPR1', removed: true, eventId: 'EvREMOVE1' });
    // Slack retries the removal; a retry must not be applied twice, and a replay of the old add must not re-add.
    await h.react('white_check_mark', message, { user: 'U0APPR1', removed: true, eventId: 'EvREMOVE1', retryNum: 1 });
    await h.react('white_check_mark', message, { user: 'U0APPR1', eventId, retryNum: 2 });
    await eventually(() => JSON.stringify(message.blocks).includes('0 of 2'));
    await settle();
    expect(JSON.stringify(message.blocks)).toContain('0 of 2');
    expect((await audit(h)).filter((a) => a.event === 'approved-by')).toHaveLength(1);
  });

  it('two bot processes on one Redis, receiving the same and different approvals at once, run the action once', async () => {
    const a = await harness();
    const b = await harness({ restartOf: a }); // a second process: same Redis keys, same stand-ins, both running
    b.slack.setUsergroup('S0LEADS', ['U0LEAD']);
    const { message } = await requestSubmit(a);
    await Promise.all([
      a.react('white_check_mark', message, { user: 'U0APPR1', eventId: 'EvRACE1' }),
      b.react('white_check_mark', message, { user: 'U0APPR1', eventId: 'EvRACE1' }),
      a.react('white_check_mark', message, { user: 'U0APPR2', eventId: 'EvRACE2' }),
      b.react('white_check_mark', message, { user: 'U0LEAD', eventId: 'EvRACE3' }),
      b.react('white_check_mark', message, { user: 'U0APPR2', eventId: 'EvRACE2' }),
    ]);
    await eventually(() => creates(a) === 1, 5_000, 'one CreateJob');
    await eventually(() => JSON.stringify(message.blocks).includes('Approved and done'), 5_000, 'executed');
    await new Promise((r) => setTimeout(r, 500));
    expect(creates(a)).toBe(1);
    expect((await audit(a)).filter((x) => x.event === 'approved')).toHaveLength(1);
    expect((await audit(a)).filter((x) => x.event === 'executed')).toHaveLength(1);
  });

  it('a restart between approval and execution neither loses nor repeats the action', async () => {
    const web = await harness({ role: 'all' });
    const { message, id } = await requestSubmit(web);
    await web.stopBot();
    // Only a web role runs while the approvals arrive: the action is queued, not run.
    const webOnly = await harness({ role: 'web', restartOf: web });
    webOnly.slack.setUsergroup('S0LEADS', ['U0LEAD']);
    await webOnly.react('white_check_mark', message, { user: 'U0APPR1' });
    await webOnly.react('white_check_mark', message, { user: 'U0APPR2' });
    await eventually(async () => (await webOnly.queueCounts()).waiting === 1, 5_000, 'approved action queued');
    await settle();
    expect(creates(web)).toBe(0);
    await webOnly.stopBot();

    const worker = await harness({ role: 'worker', restartOf: web });
    await eventually(() => creates(web) === 1, 5_000, 'CreateJob after the restart');
    await eventually(() => JSON.stringify(message.blocks).includes('Approved and done'));
    // A sweep after the fact finds nothing to requeue, and nothing runs twice.
    expect(await worker.bot.sweepApprovalsNow()).toEqual({ expired: 0, requeued: 0 });
    await settle();
    expect(creates(web)).toBe(1);
    expect(id).toMatch(/^ar-/);
  });

  it('an approval whose queueing was lost (a crash in between) is queued by the sweep, once', async () => {
    const h = await harness();
    const { message, id } = await requestSubmit(h);
    // Simulate a process that recorded the approval and died before queueing: decide in Redis directly.
    await h.redis.hset(`${h.keyPrefix}:approval:${id}:votes`, 'U0APPR1', '1|reaction', 'U0APPR2', '1|reaction');
    await h.redis.hset(`${h.keyPrefix}:approval:${id}`, 'status', 'approved');
    await h.redis.zrem(`${h.keyPrefix}:approvals:pending`, id);
    expect(await h.bot.sweepApprovalsNow()).toEqual({ expired: 0, requeued: 1 });
    await eventually(() => creates(h) === 1);
    expect(await h.bot.sweepApprovalsNow()).toEqual({ expired: 0, requeued: 0 });
    await eventually(() => JSON.stringify(message.blocks).includes('Approved and done') || creates(h) === 1);
    await settle();
    expect(creates(h)).toBe(1);
  });

  it('does not run when the approvers no longer qualify', async () => {
    const h = await harness();
    h.slack.setUsergroup('S0LEADS', ['U0LEAD']);
    const { message } = await requestSubmit(h);
    await h.react('white_check_mark', message, { user: 'U0LEAD' });
    await eventually(() => JSON.stringify(message.blocks).includes('1 of 2'));
    h.slack.setUsergroup('S0LEADS', []); // removed from the group before execution (after the cache expires)
    h.clock.advance(2 * 60_000);
    await h.react('white_check_mark', message, { user: 'U0APPR1' });
    await eventually(() => JSON.stringify(message.blocks).includes('it failed'), 5_000, 'request failed');
    expect(JSON.stringify(message.blocks)).toMatch(/approvers no longer qualify/);
    expect(creates(h)).toBe(0);
  });
});
