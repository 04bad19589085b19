// The DSW verbs end to end (issue 20): signed /pai commands to the real bot, Redis and the worker, against the PAI
// simulator's DSW routes; every wire call checked in the simulator's call log. Dev runs at once; prod asks approvers.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '@pai-bot/pai-sim/index.js';
import { CANCEL_ACTION_ID, CONFIRM_ACTION_ID } from '../../src/render/eas-confirm.js';
import { configYaml, devWorkspace } from '../support/config-yaml.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

const DEV = '100001';
const PROD = '100002';
const MIN = 60_000;
const DSW_ACTIONS = [
  'ListInstances',
  'GetInstance',
  'StopInstance',
  'StartInstance',
  'CreateIdleInstanceCuller',
  'DeleteIdleInstanceCuller',
];
const dswCalls = (): RecordedCall[] => DSW_ACTIONS.flatMap((a) => h.sim.callsOf(a));
const ok = (c: RecordedCall) => c.status >= 200 && c.status < 300;
const settle = (ms = 250) => new Promise((r) => setTimeout(r, ms));
const notebook = (id: string) => h.sim.notebooks().find((n) => n.instanceId === id)!;

/** The private answer a command ends with (a lookup's result, a change's outcome or refusal). */
async function answerTo(text: string, opts: { user?: string; channel?: string; match?: RegExp } = {}) {
  const reply = await h.command(text, opts);
  expect(reply.status).toBe(200);
  const response = await h.slack.waitFor(() =>
    h.slack
      .responses(reply.responseId)
      .find((r) => (opts.match ? opts.match.test(`${String(r.body.text)} ${JSON.stringify(r.body.blocks)}`) : true)),
  );
  return {
    ack: reply.json as { text: string; blocks?: unknown[] },
    body: response.body as { text: string; blocks?: unknown[] },
    blocks: JSON.stringify(response.body.blocks ?? []),
  };
}

/** What the bot posted in a channel about a notebook (the result of a change). */
const posted = (channel: string, id: string) =>
  h.slack.messages(channel).filter((m) => !m.thread_ts && m.text.includes(`\`${id}\``));

async function queuedTotal(): Promise<number> {
  const counts = await h.queueCounts();
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

describe('dsw list', () => {
  let busy: string;
  let idle: string;
  let unwatched: string;
  let stopped: string;
  let subscription: string;
  let prodOne: string;

  beforeAll(() => {
    busy = h.sim.addNotebook({ workspaceId: DEV, name: 'busy-nb', culler: { maxIdleTimeInMinutes: 600 } });
    idle = h.sim.addNotebook({
      workspaceId: DEV,
      name: 'idle-nb',
      culler: { maxIdleTimeInMinutes: 600 },
      utilisation: { cpu: 1, gpu: 0 },
    });
    unwatched = h.sim.addNotebook({ workspaceId: DEV, name: 'no-policy-nb', runningBeforeMs: 30 * MIN });
    stopped = h.sim.addNotebook({ workspaceId: DEV, name: 'stopped-nb', status: 'Stopped' });
    subscription = h.sim.addNotebook({
      workspaceId: DEV,
      name: 'sub-nb',
      paymentType: 'Subscription',
      resourceId: 'rg-team',
      culler: { maxIdleTimeInMinutes: 600 },
    });
    prodOne = h.sim.addNotebook({ workspaceId: PROD, name: 'prod-nb' });
    // idle-nb has been idle 150 minutes under its policy; busy-nb and sub-nb are busy.
    h.clock.advance(150 * MIN);
  });

  it('lists every notebook of the channel’s workspace, subscription ones included, in one ListInstances page', async () => {
    const before = h.sim.callsOf('ListInstances').length;
    const { blocks } = await answerTo('dsw list', { match: /DSW notebooks in dev/ });
    const calls = h.sim.callsOf('ListInstances').slice(before);
    expect(calls.map((c) => c.query)).toEqual([
      {
        WorkspaceId: DEV,
        ResourceId: 'ALL',
        SortBy: 'GmtCreateTime',
        Order: 'DESC',
        PageNumber: '1',
        PageSize: '100',
      },
    ]);
    for (const id of [busy, idle, unwatched, stopped, subscription]) expect(blocks).toContain(id);
    expect(blocks).not.toContain(prodOne);
    expect(blocks).toContain('ran 2h 30m');
    expect(blocks).toContain('ran 3h'); // no-policy-nb: 30 minutes before, 150 since
  });

  it('--status filters at PAI, in the case PAI spells it', async () => {
    const before = h.sim.callsOf('ListInstances').length;
    const { blocks } = await answerTo('dsw list --status stopped', { match: /status Stopped/ });
    expect(h.sim.callsOf('ListInstances').slice(before)[0]?.query).toMatchObject({
      Status: 'Stopped',
      WorkspaceId: DEV,
    });
    expect(blocks).toContain(stopped);
    expect(blocks).not.toContain(busy);
  });

  it('--idle: Running notebooks with no idle-stop policy or idle at least notebooks.idle_after (2h)', async () => {
    const before = h.sim.callsOf('ListInstances').length;
    const { blocks } = await answerTo('dsw list --idle', { match: /Idle DSW notebooks in dev/ });
    expect(h.sim.callsOf('ListInstances').slice(before)[0]?.query).toMatchObject({ Status: 'Running' });
    expect(blocks).toContain(idle);
    expect(blocks).toContain(unwatched);
    expect(blocks).not.toContain(busy);
    expect(blocks).not.toContain(subscription);
    expect(blocks).not.toContain(stopped);
    expect(blocks).toContain('idle 2h 30m');
  });

  it('-w lists another configured workspace', async () => {
    const { blocks } = await answerTo('dsw list -w prod', { match: /DSW notebooks in prod/ });
    expect(blocks).toContain(prodOne);
    expect(blocks).not.toContain(busy);
  });

  it('a throttled ListInstances is retried and answered', async () => {
    h.sim.throttleNext(1, 'ListInstances');
    const before = h.sim.callsOf('ListInstances').length;
    const { blocks } = await answerTo('dsw list --status running', { match: /status Running/ });
    const calls = h.sim.callsOf('ListInstances').slice(before);
    expect(calls.map((c) => [c.status, c.errorCode])).toEqual([
      [400, 'Throttling.User'],
      [200, undefined],
    ]);
    expect(blocks).toContain(busy);
  });
});

describe('dsw status', () => {
  it('shows status, instance type, running time, the idle-stop policy and the idle time (GetInstance)', async () => {
    const id = h.sim.addNotebook({
      workspaceId: DEV,
      name: 'bert-dev',
      runningBeforeMs: 61 * MIN,
      culler: { maxIdleTimeInMinutes: 90, gpuPercentThreshold: 5 },
      utilisation: { cpu: 0, gpu: 0 },
    });
    h.clock.advance(20 * MIN);
    const { body, blocks } = await answerTo(`dsw status ${id}`, { match: /bert-dev/ });
    expect(h.sim.callsOf('GetInstance').at(-1)).toMatchObject({ method: 'GET', path: `/api/v2/instances/${id}` });
    expect(body.text).toBe(`Notebook bert-dev (${id}): Running`);
    for (const part of [
      'ecs.gn7i-c8g1.2xlarge',
      '1h 21m in all',
      'after 1h 30m idle (CPU under 20 %, GPU under 5 %)',
      '*Idle for*\\n20m',
    ])
      expect(blocks).toContain(part);
  });

  it('a failed notebook shows its reason', async () => {
    const failure = { reasonCode: 'ImagePullBackOff', reasonMessage: 'Back-off pulling image "team/nb:9"' };
    const id = h.sim.addNotebook({ workspaceId: DEV, status: 'Creating', plan: { failure } });
    h.clock.advance(10_000);
    const { blocks } = await answerTo(`dsw status ${id}`, { match: /Failed/ });
    expect(blocks).toContain(':x: Failed');
    expect(blocks).toContain('ImagePullBackOff: Back-off pulling image \\"team/nb:9\\"');
  });

  it('an id PAI does not know is said plainly', async () => {
    const { body } = await answerTo('dsw status dsw-0000000000000000', { match: /no DSW notebook/ });
    expect(body.text).toContain('There is no DSW notebook dsw-0000000000000000. /pai dsw list -w dev shows');
  });
});

describe('a notebook of another workspace', () => {
  it('is refused by every verb, naming where it is; nothing is changed', async () => {
    const prodOne = h.sim.addNotebook({ workspaceId: PROD, name: 'prod-only' });
    const foreign = h.sim.addNotebook({ workspaceId: '100009', name: 'their-nb' });
    const writes = () => dswCalls().filter((c) => c.method !== 'GET').length;
    const before = writes();
    for (const verb of ['status', 'stop --yes', 'start', 'idle-stop --after 1h'].map((v) => v.split(' '))) {
      const [name, ...rest] = verb;
      const text = `dsw ${name} ${prodOne} ${rest.join(' ')}`.trim();
      const { body } = await answerTo(text, { match: /is in workspace prod/ });
      expect(body.text, text).toContain(
        `Notebook ${prodOne} is in workspace prod, not dev: add -w prod to act on it there`,
      );
    }
    const { body } = await answerTo(`dsw stop ${foreign} --yes`, { match: /not configured/ });
    expect(body.text).toContain(`Notebook ${foreign} is in PAI workspace 100009, which this bot is not configured for`);
    await settle();
    expect(writes()).toBe(before);
    expect(notebook(prodOne).status).toBe('Running');
  });
});

describe('dsw stop and start', () => {
  it('stop asks for confirmation; Cancel changes nothing', async () => {
    const id = h.sim.addNotebook({ workspaceId: DEV, name: 'confirm-me' });
    const reply = await h.command(`dsw stop ${id}`);
    expect(reply.json.text).toBe(`Stop DSW notebook ${id}? Confirm with the button, or add --yes to the command.`);
    expect(JSON.stringify(reply.json.blocks)).toContain(`"action_id":"${CONFIRM_ACTION_ID}"`);
    const cancel = await h.click(CANCEL_ACTION_ID, 'cancel');
    const answer = await h.slack.waitFor(() => h.slack.responses(cancel.responseId).at(-1));
    expect(answer.body.text).toMatch(/Cancelled; nothing was changed/);
    await settle();
    expect(h.sim.callsOf('StopInstance').filter((c) => c.path.includes(id))).toHaveLength(0);
  });

  it('a confirmed stop sends StopInstance once (no SaveImage), even when clicked twice, and says so in the channel', async () => {
    const id = h.sim.addNotebook({ workspaceId: DEV, name: 'stop-me' });
    const reply = await h.command(`dsw stop ${id}`);
    const value = (reply.json.blocks as { elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === CONFIRM_ACTION_ID)!.value;
    const first = await h.click(CONFIRM_ACTION_ID, value, { messageTs: '1700000002.000300' });
    const second = await h.click(CONFIRM_ACTION_ID, value, { messageTs: '1700000002.000300' });
    const a1 = await h.slack.waitFor(() => h.slack.responses(first.responseId).at(-1));
    const a2 = await h.slack.waitFor(() => h.slack.responses(second.responseId).at(-1));
    expect(a1.body.text).toBe(`:inbox_tray: Queued \`dsw stop ${id}\` in workspace *dev*.`);
    expect(a2.body.text).toMatch(/already received/);
    const result = await h.slack.waitFor(() => posted('C0DEV', id)[0]);
    expect(result.text).toBe(
      `:black_square_for_stop: DSW notebook *stop-me* \`${id}\` in \`dev\` is stopping (it was Running), by <@U0ALICE>.`,
    );
    await settle();
    const stops = h.sim.callsOf('StopInstance').filter((c) => c.path.includes(id));
    expect(stops.map((c) => [c.method, c.path, c.query, c.body])).toEqual([
      ['PUT', `/api/v2/instances/${id}/stop`, {}, undefined],
    ]);
    expect(notebook(id).status).toBe('Stopping');
    expect(posted('C0DEV', id)).toHaveLength(1);
  });

  it('stop --save-image --yes sends SaveImage=true at once; the notebook goes through Saving to Saved', async () => {
    const id = h.sim.addNotebook({ workspaceId: DEV, name: 'save-me' });
    const { ack, body } = await answerTo(`dsw stop ${id} --save-image --yes`, { match: /is stopping/ });
    expect(ack.text).toBe(`:inbox_tray: Queued \`dsw stop ${id}\` in workspace *dev*.`);
    expect(body.text).toContain('its environment is saved as an image first');
    expect(
      h.sim
        .callsOf('StopInstance')
        .filter((c) => c.path.includes(id))
        .map((c) => c.query),
    ).toEqual([{ SaveImage: 'true' }]);
    h.clock.advance(3_000);
    expect(notebook(id).status).toBe('Saving');
    h.clock.advance(10_000);
    expect(notebook(id).status).toBe('Saved');
  });

  it('a stopped notebook is not stopped again, and a running one is not started', async () => {
    const stoppedOne = h.sim.addNotebook({ workspaceId: DEV, status: 'Stopped' });
    const runningOne = h.sim.addNotebook({ workspaceId: DEV });
    const stop = await answerTo(`dsw stop ${stoppedOne} --yes`, { match: /nothing to stop/ });
    expect(stop.body.text).toContain(`Notebook ${stoppedOne} is Stopped, not running: nothing to stop.`);
    const start = await answerTo(`dsw start ${runningOne}`, { match: /nothing to start/ });
    expect(start.body.text).toContain(`Notebook ${runningOne} is Running, not stopped: nothing to start.`);
    await settle();
    const touched = [...h.sim.callsOf('StopInstance'), ...h.sim.callsOf('StartInstance')].filter(
      (c) => c.path.includes(stoppedOne) || c.path.includes(runningOne),
    );
    expect(touched).toEqual([]);
  });

  it('start sends StartInstance once and the notebook runs again', async () => {
    const id = h.sim.addNotebook({ workspaceId: DEV, name: 'wake-me', status: 'Stopped' });
    const { body } = await answerTo(`dsw start ${id}`, { match: /is starting/ });
    expect(body.text).toContain(
      `DSW notebook *wake-me* \`${id}\` in \`dev\` is starting (it was Stopped), by <@U0ALICE>.`,
    );
    expect(
      h.sim
        .callsOf('StartInstance')
        .filter((c) => c.path.includes(id))
        .map((c) => [c.method, c.path]),
    ).toEqual([['PUT', `/api/v2/instances/${id}/start`]]);
    await h.slack.waitFor(() => posted('C0DEV', id)[0]);
    h.clock.advance(5_000);
    expect(notebook(id).status).toBe('Running');
  });

  it('a throttled StopInstance is retried and the notebook stopped once', async () => {
    const id = h.sim.addNotebook({ workspaceId: DEV, name: 'throttled' });
    h.sim.throttleNext(1, 'StopInstance');
    await answerTo(`dsw stop ${id} --yes`, { match: /is stopping/ });
    const stops = h.sim.callsOf('StopInstance').filter((c) => c.path.includes(id));
    expect(stops.map((c) => [c.status, c.errorCode])).toEqual([
      [400, 'Throttling.User'],
      [200, undefined],
    ]);
    await h.slack.waitFor(() => posted('C0DEV', id)[0]);
    await settle();
    expect(posted('C0DEV', id)).toHaveLength(1);
  });
});

describe('dsw idle-stop', () => {
  it('creates the policy with both thresholds; a second one replaces it (Delete, then Create); the same one is refused', async () => {
    const id = h.sim.addNotebook({ workspaceId: DEV, name: 'cull-me' });
    const path = `/api/v2/instances/${id}/idleinstanceculler`;
    const mine = (action: string) => h.sim.callsOf(action).filter((c) => c.path === path);

    const first = await answerTo(`dsw idle-stop ${id} --after 2h`, { match: /now stops itself/ });
    expect(first.body.text).toContain(
      'now stops itself once idle for 2h (CPU under 20 %, GPU under 10 % on a GPU instance)',
    );
    expect(mine('CreateIdleInstanceCuller').map((c) => [c.method, c.body])).toEqual([
      ['POST', { CpuPercentThreshold: 20, GpuPercentThreshold: 10, MaxIdleTimeInMinutes: 120 }],
    ]);
    expect(mine('DeleteIdleInstanceCuller')).toHaveLength(0);

    const second = await answerTo(`dsw idle-stop ${id} --after 30m --gpu 5%`, { match: /replaces the policy/ });
    expect(second.body.text).toContain('this replaces the policy of 2h');
    const sequence = [...mine('DeleteIdleInstanceCuller'), ...mine('CreateIdleInstanceCuller')]
      .sort((a, b) => h.sim.calls.indexOf(a) - h.sim.calls.indexOf(b))
      .map((c) => [c.action, c.method, c.body]);
    expect(sequence).toEqual([
      [
        'CreateIdleInstanceCuller',
        'POST',
        { CpuPercentThreshold: 20, GpuPercentThreshold: 10, MaxIdleTimeInMinutes: 120 },
      ],
      ['DeleteIdleInstanceCuller', 'DELETE', undefined],
      [
        'CreateIdleInstanceCuller',
        'POST',
        { CpuPercentThreshold: 20, GpuPercentThreshold: 5, MaxIdleTimeInMinutes: 30 },
      ],
    ]);
    expect(notebook(id).culler).toEqual({ cpuPercentThreshold: 20, gpuPercentThreshold: 5, maxIdleTimeInMinutes: 30 });

    const same = await answerTo(`dsw idle-stop ${id} --after 30m --gpu 5`, { match: /already has/ });
    expect(same.body.text).toContain(`Notebook ${id} already has exactly this idle-stop policy.`);
    await settle();
    expect(mine('CreateIdleInstanceCuller')).toHaveLength(2);
  });

  it('a new policy PAI refuses after the old one was deleted puts the old one back, and says so', async () => {
    const id = h.sim.addNotebook({ workspaceId: DEV, name: 'keeps-its-policy' });
    await answerTo(`dsw idle-stop ${id} --after 2h`, { match: /now stops itself/ });
    // PAI refuses the new policy (a 403 is not retried), then accepts the next call: the old policy put back.
    h.sim.denyAction('CreateIdleInstanceCuller', 'paidsw:CreateIdleInstanceCuller');
    const stop = h.sim.onCall((c) => {
      if (c.action === 'CreateIdleInstanceCuller') h.sim.allowAction('CreateIdleInstanceCuller');
    });
    const refused = await answerTo(`dsw idle-stop ${id} --after 30m`, { match: /was not set/ });
    stop();
    expect(refused.body.text).toContain(`The new idle-stop policy of notebook ${id} was not set:`);
    expect(refused.body.text).toContain('The previous policy (stop after 120 min idle) is back in place.');
    expect(notebook(id).culler).toEqual({
      cpuPercentThreshold: 20,
      gpuPercentThreshold: 10,
      maxIdleTimeInMinutes: 120,
    });
    const creates = h.sim.callsOf('CreateIdleInstanceCuller').filter((c) => c.path.includes(id));
    expect(creates.map((c) => [c.status, (c.body as { MaxIdleTimeInMinutes?: number }).MaxIdleTimeInMinutes])).toEqual([
      [200, 120],
      [403, 30],
      [200, 120],
    ]);
  });

  it('when the old policy cannot be put back either, the answer says the notebook has none and how to set it', async () => {
    const id = h.sim.addNotebook({ workspaceId: DEV, name: 'loses-its-policy' });
    await answerTo(`dsw idle-stop ${id} --after 2h --cpu 15`, { match: /now stops itself/ });
    h.sim.denyAction('CreateIdleInstanceCuller', 'paidsw:CreateIdleInstanceCuller');
    const refused = await answerTo(`dsw idle-stop ${id} --after 30m`, { match: /was not set/ });
    h.sim.allowAction('CreateIdleInstanceCuller');
    expect(refused.body.text).toContain('paidsw:CreateIdleInstanceCuller');
    expect(refused.body.text).toContain('the notebook has no idle-stop policy now');
    expect(refused.body.text).toContain(`/pai dsw idle-stop ${id} --after 120m --cpu 15 --gpu 10 sets it again.`);
    expect(notebook(id).culler).toBeUndefined();
  });

  it('a throttled Create is retried whole: the old policy meanwhile, the new one in the end', async () => {
    const id = h.sim.addNotebook({ workspaceId: DEV, name: 'throttled-policy' });
    await answerTo(`dsw idle-stop ${id} --after 2h`, { match: /now stops itself/ });
    h.sim.throttleNext(1, 'CreateIdleInstanceCuller');
    await answerTo(`dsw idle-stop ${id} --after 30m`, { match: /replaces the policy/ });
    expect(notebook(id).culler).toEqual({ cpuPercentThreshold: 20, gpuPercentThreshold: 10, maxIdleTimeInMinutes: 30 });
    const mine = (action: string) => h.sim.callsOf(action).filter((c) => c.path.includes(id));
    const sequence = [...mine('DeleteIdleInstanceCuller'), ...mine('CreateIdleInstanceCuller')]
      .sort((a, b) => h.sim.calls.indexOf(a) - h.sim.calls.indexOf(b))
      .map((c) => `${c.action.replace('IdleInstanceCuller', '')} ${c.status}`);
    expect(sequence).toEqual(['Create 200', 'Delete 200', 'Create 400', 'Create 200', 'Delete 200', 'Create 200']);
  });

  it('the policy stops the notebook once it is idle that long', async () => {
    const id = h.sim.addNotebook({ workspaceId: DEV, name: 'goes-idle' });
    await answerTo(`dsw idle-stop ${id} --after 15m`, { match: /now stops itself/ });
    h.sim.setNotebookUtilisation(id, { cpu: 2, gpu: 1 });
    h.clock.advance(16 * MIN);
    await eventually(() => ['Stopping', 'Stopped'].includes(notebook(id).status), 2_000, 'the culler');
  });
});

describe('bad input', () => {
  it('is refused with its message and the usage; nothing is queued or sent to PAI', async () => {
    const cases: [string, RegExp][] = [
      ['dsw stop DSW-05CEFD0BE2E5A278 --yes', /instance ids are lowercase: did you mean dsw-05cefd0be2e5a278\?/],
      ['dsw status bert-dev', /a DSW instance id starts with "dsw-"/],
      ['dsw list --status sleepy', /--status must be one of .*\(got "sleepy"\)/],
      ['dsw idle-stop dsw-05cefd0be2e5a278 --after 5m', /--after must be from 10m to 7d \(got "5m"\)/],
      ['dsw idle-stop dsw-05cefd0be2e5a278 --after 1h --cpu 0', /--cpu must be a whole percentage from 1 to 100/],
      ['dsw list -w nowhere', /There is no workspace "nowhere". Known workspaces: dev, prod\./],
    ];
    await settle();
    const queued = await queuedTotal();
    const calls = dswCalls().length;
    for (const [text, message] of cases) {
      const reply = await h.command(text);
      expect(reply.json.text, text).toMatch(message);
      expect(reply.json.text, text).toMatch(/Usage|workspace/);
    }
    await settle();
    expect(await queuedTotal()).toBe(queued);
    expect(dswCalls().length).toBe(calls);
  });
});

describe('dsw in prod', () => {
  const approvalFor = (title: string) =>
    h.slack.waitFor(() => h.slack.messages('C0PROD').find((m) => !m.thread_ts && m.text.includes(title)));

  it('stop becomes one approval request showing the call; approved by both approvers, StopInstance runs exactly once', async () => {
    const id = h.sim.addNotebook({ workspaceId: PROD, name: 'prod-bert' });
    const reply = await h.command(`dsw stop ${id} --yes`, { user: 'U0ALICE', channel: 'C0PROD' });
    expect(reply.json.text).toContain('nothing runs until the approval request posted here is approved');
    const request = await approvalFor(`dsw stop ${id}`);
    const card = JSON.stringify(request.blocks);
    expect(card).toContain(`StopInstance  PUT /api/v2/instances/${id}/stop`);
    expect(card).toContain('prod (100002)');
    expect(card).toContain('stop: Running → Stopped');
    await settle();
    expect(h.sim.callsOf('StopInstance').filter((c) => c.path.includes(id))).toHaveLength(0);

    // The requester's own approval does not count.
    await h.react('white_check_mark', request, { user: 'U0ALICE' });
    await h.react('white_check_mark', request, { user: 'U0APPR1' });
    await eventually(() => JSON.stringify(request.blocks).includes('1 of 2'), 5_000, 'one approval');
    await settle();
    expect(h.sim.callsOf('StopInstance').filter((c) => c.path.includes(id))).toHaveLength(0);
    await h.react('white_check_mark', request, { user: 'U0APPR2' });
    await eventually(() => JSON.stringify(request.blocks).includes('Approved and done'), 5_000, 'executed');
    await h.react('white_check_mark', request, { user: 'U0APPR2', eventId: 'EvAGAIN00001' });
    await settle(400);
    const stops = h.sim.callsOf('StopInstance').filter((c) => c.path.includes(id));
    expect(stops.filter(ok)).toHaveLength(1);
    expect(stops).toHaveLength(1);
    await h.slack.waitFor(() => posted('C0PROD', id)[0]);
  });

  it('the requester cannot approve their own idle-stop, even as an approver; one other approval is not enough', async () => {
    const id = h.sim.addNotebook({ workspaceId: PROD, name: 'prod-cull' });
    await h.command(`dsw idle-stop ${id} --after 1h`, { user: 'U0APPR1', channel: 'C0PROD' });
    const request = await approvalFor(`dsw idle-stop ${id}`);
    const card = JSON.stringify(request.blocks);
    expect(card).toContain(`CreateIdleInstanceCuller  POST /api/v2/instances/${id}/idleinstanceculler`);
    expect(card).toContain('\\"MaxIdleTimeInMinutes\\": 60');
    expect(card).toContain('idle-stop: none → 60 min idle, CPU &lt; 20 %, GPU &lt; 10 %');
    await h.react('white_check_mark', request, { user: 'U0APPR1' });
    await h.react('white_check_mark', request, { user: 'U0APPR2' });
    await eventually(() => JSON.stringify(request.blocks).includes('1 of 2'), 5_000, 'one approval');
    await settle(400);
    expect(JSON.stringify(request.blocks)).toContain('1 of 2');
    expect(h.sim.callsOf('CreateIdleInstanceCuller').filter((c) => c.path.includes(id))).toHaveLength(0);
  });
});

describe('operators', () => {
  it('a DSW change by someone who is not an operator is refused at once, confirmation or not; an operator is asked', async () => {
    const yaml = configYaml({ workspaces: [devWorkspace({ operators: ['U0OPS'] })] });
    const ops = await startHarness({ yaml });
    try {
      const id = ops.sim.addNotebook({ workspaceId: DEV });
      for (const text of [
        `dsw stop ${id}`,
        `dsw stop ${id} --yes`,
        `dsw start ${id}`,
        `dsw idle-stop ${id} --after 1h`,
      ]) {
        const reply = await ops.command(text, { user: 'U0MALLORY' });
        expect(reply.json.text, text).toContain(
          "Only the operators of workspace dev may make changes there (listed under operators: in the bot's config). Nothing was queued.",
        );
      }
      const asked = await ops.command(`dsw stop ${id}`, { user: 'U0OPS' });
      expect(asked.json.text).toBe(`Stop DSW notebook ${id}? Confirm with the button, or add --yes to the command.`);
      await settle();
      expect(Object.values(await ops.queueCounts()).reduce((a, b) => a + b, 0)).toBe(0);
      expect(ops.sim.callsOf('StopInstance')).toHaveLength(0);
    } finally {
      await ops.stop();
    }
  });
});
