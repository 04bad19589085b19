// The idle-notebook digest: which notebooks it lists and what they cost so far, and that it is posted once per
// workspace per digest_every — not per cycle, not per replica, not again after a restart.

import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_YAML, type Harness, startHarness } from '../support/harness.js';

const PRICE = 13.5;
const YAML = `${DEFAULT_YAML}pricing:\n  currency: CNY\n  per_hour:\n    ecs.gn7i-c8g1.2xlarge: ${PRICE}\nnotebooks:\n  idle_after: 2h\n  digest_every: 24h\n`;
const HOUR = 3_600_000;

const running: Harness[] = [];
async function harness(opts: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness({ yaml: YAML, ...opts });
  running.push(h);
  return h;
}
afterEach(async () => {
  for (const h of running.splice(0).reverse()) await h.stop();
});

const digests = (h: Harness, channel = 'C0DEV') =>
  h.slack.messages(channel).filter((m) => m.text.startsWith('Idle notebooks in'));

/** Four notebooks in dev: idle under a policy, without a policy, busy under a policy, stopped. */
function seed(h: Harness) {
  const quiet = { cpu: 1, gpu: 0 };
  const policy = { maxIdleTimeInMinutes: 24 * 60 };
  return {
    idle: h.sim.addNotebook({
      workspaceId: '100001',
      name: 'idle-nb',
      runningBeforeMs: 5 * HOUR,
      utilisation: quiet,
      culler: policy,
    }),
    noPolicy: h.sim.addNotebook({
      workspaceId: '100001',
      name: 'no-policy-nb',
      runningBeforeMs: 1 * HOUR,
      utilisation: { cpu: 90, gpu: 90 },
    }),
    busy: h.sim.addNotebook({
      workspaceId: '100001',
      name: 'busy-nb',
      utilisation: { cpu: 80, gpu: 70 },
      culler: policy,
    }),
    stopped: h.sim.addNotebook({
      workspaceId: '100001',
      name: 'stopped-nb',
      status: 'Stopped',
      runningBeforeMs: 9 * HOUR,
    }),
  };
}

describe('the idle notebook digest', () => {
  it('lists the notebooks idle past idle_after or without a policy, with what they cost so far', async () => {
    const h = await harness();
    const ids = seed(h);
    h.clock.advance(3 * HOUR); // idle-nb has been idle 3 h now
    await h.bot.pollNotebooksNow();
    const [digest] = await h.slack.waitFor(() => (digests(h).length ? digests(h) : undefined));
    expect(digests(h)).toHaveLength(1);
    const text = JSON.stringify(digest!.blocks);
    expect(text).toContain(ids.idle);
    expect(text).toContain(ids.noPolicy);
    expect(text).not.toContain(ids.busy);
    expect(text).not.toContain(ids.stopped);
    expect(text).toContain('no idle-stop policy');
    // Worked out here: running hours so far × the configured price.
    const byId = new Map(h.sim.notebooks().map((n) => [n.instanceId, n]));
    for (const id of [ids.idle, ids.noPolicy]) {
      const cost = ((byId.get(id)!.accumulatedRunningTimeMs / HOUR) * PRICE).toFixed(2);
      expect(text).toContain(`≈ CNY ${cost} (estimate:`);
    }
    expect(text).toContain('price from pricing.per_hour in the config');
    // Both buttons on each listed notebook.
    expect(text.match(/dsw_digest_stop/g)).toHaveLength(2);
    expect(text.match(/dsw_digest_idle_stop/g)).toHaveLength(2);
    // Each links the notebook's own page as ListInstances gives it (InstanceUrl).
    for (const id of [ids.idle, ids.noPolicy])
      expect(text).toContain(`<https://dsw-cn-shanghai.data.aliyun.com/notebook.htm?instance=${id}|open the notebook>`);
  });

  it('is posted once per digest_every: not again the next cycles, nor after a restart; again a day later', async () => {
    const h = await harness();
    seed(h);
    h.clock.advance(3 * HOUR);
    await h.bot.pollNotebooksNow();
    await h.slack.waitFor(() => digests(h)[0]);
    for (let i = 0; i < 3; i++) {
      h.clock.advance(HOUR);
      await h.bot.pollNotebooksNow();
    }
    await h.stopBot();
    const again = await harness({ restartOf: h });
    h.clock.advance(HOUR);
    const devLists = () => h.sim.callsOf('ListInstances').filter((c) => c.query.WorkspaceId === '100001').length;
    const before = devLists();
    expect(await again.bot.pollNotebooksNow()).toMatchObject({ digests: 0 });
    expect(devLists()).toBe(before); // dev's digest is not due: not even a PAI call for it
    expect(digests(h)).toHaveLength(1);
    h.clock.advance(19 * HOUR); // 23 h after the first: not yet
    expect(await again.bot.pollNotebooksNow()).toMatchObject({ digests: 0 });
    h.clock.advance(HOUR); // 24 h after the first
    expect(await again.bot.pollNotebooksNow()).toMatchObject({ digests: 1 });
    await again.slack.waitFor(() => (digests(h).length === 2 ? true : undefined));
    expect(digests(h)).toHaveLength(2);
  });

  it('a claim whose digest never reached the outbox (the process stopped in between) is posted by the next cycle', async () => {
    const h = await harness();
    seed(h);
    h.clock.advance(3 * HOUR);
    const key = `${h.keyPrefix}:dsw-digest:100001`;
    await h.redis.set(key, String(h.clock.now() - 60_000)); // claimed a minute ago, not posted
    await h.bot.pollNotebooksNow();
    await h.slack.waitFor(() => digests(h)[0]);
    expect(await h.redis.get(key)).toMatch(/\|posted$/);
    const devLists = () => h.sim.callsOf('ListInstances').filter((c) => c.query.WorkspaceId === '100001').length;
    const before = devLists();
    h.clock.advance(60_000);
    await h.bot.pollNotebooksNow();
    expect(devLists()).toBe(before); // posted: nothing to recover, no PAI call
    expect(digests(h)).toHaveLength(1);
  });

  it('two replicas polling at once post one digest', async () => {
    const a = await harness();
    const b = await harness({ restartOf: a });
    seed(a);
    a.clock.advance(3 * HOUR);
    const reports = await Promise.all([a.bot.pollNotebooksNow(), b.bot.pollNotebooksNow(), a.bot.pollNotebooksNow()]);
    expect(reports.reduce((n, r) => n + r.digests, 0)).toBe(1);
    await a.slack.waitFor(() => digests(a)[0]);
    await new Promise((r) => setTimeout(r, 200)); // time for a second one to show, if there were one
    expect(digests(a)).toHaveLength(1);
  });

  it('claims nothing while no notebook is idle, and posts as soon as one is', async () => {
    const h = await harness();
    const busy = h.sim.addNotebook({
      workspaceId: '100001',
      utilisation: { cpu: 80, gpu: 80 },
      culler: { maxIdleTimeInMinutes: 600 },
    });
    h.clock.advance(3 * HOUR);
    expect(await h.bot.pollNotebooksNow()).toMatchObject({ digests: 0 });
    h.sim.setNotebookUtilisation(busy, { cpu: 0, gpu: 0 });
    h.clock.advance(2 * HOUR + 60_000);
    expect(await h.bot.pollNotebooksNow()).toMatchObject({ digests: 1 });
    const [digest] = await h.slack.waitFor(() => (digests(h).length ? digests(h) : undefined));
    expect(JSON.stringify(digest!.blocks)).toContain(busy);
  });

  it('says "no price" instead of a figure when the instance type has none, and posts nothing for a workspace without notebooks', async () => {
    const h = await harness();
    h.sim.addNotebook({ workspaceId: '100001', ecsSpec: 'ecs.g6.xlarge', runningBeforeMs: HOUR });
    await h.bot.pollNotebooksNow();
    const [digest] = await h.slack.waitFor(() => (digests(h).length ? digests(h) : undefined));
    const text = JSON.stringify(digest!.blocks);
    expect(text).toContain('no price for ecs.g6.xlarge');
    expect(text).not.toContain('≈');
    expect(digests(h, 'C0PROD')).toHaveLength(0);
  });

  it('a failing ListInstances posts nothing and claims nothing; the next cycle that works posts', async () => {
    const h = await harness();
    seed(h);
    h.clock.advance(3 * HOUR);
    h.sim.denyAction('ListInstances', 'paidsw:ListInstances');
    expect(await h.bot.pollNotebooksNow()).toMatchObject({ digests: 0 });
    expect(digests(h)).toHaveLength(0);
    h.sim.allowAction('ListInstances');
    expect(await h.bot.pollNotebooksNow()).toMatchObject({ digests: 1 });
  });
});

describe("the digest's buttons run the typed command's path", () => {
  /** Posts a digest for one idle notebook of `workspaceId` and returns its buttons' value and the message ts. */
  async function digestFor(h: Harness, workspaceId: string, channel: string) {
    const id = h.sim.addNotebook({ workspaceId, name: 'left-on', runningBeforeMs: 3 * HOUR });
    await h.bot.pollNotebooksNow();
    const digest = await h.slack.waitFor(() => digests(h, channel)[0]);
    const value = /"value":"(\{[^}]*\})"/.exec(JSON.stringify(digest.blocks).replace(/\\"/g, '"'))?.[1];
    expect(value, 'a button value').toBeDefined();
    return { id, value: value!, ts: digest.ts };
  }

  it('Stop: one StopInstance however often it is clicked; the clicker is told, privately', async () => {
    const h = await harness();
    const { id, value, ts } = await digestFor(h, '100001', 'C0DEV');
    const clicks = await Promise.all([
      h.click('dsw_digest_stop', value, { messageTs: ts }),
      h.click('dsw_digest_stop', value, { messageTs: ts }),
    ]);
    for (const c of clicks) expect(c.status).toBe(200);
    await h.slack.waitFor(() => (h.sim.callsOf('StopInstance').length > 0 ? true : undefined));
    await new Promise((r) => setTimeout(r, 300)); // time for a second stop, were there one
    expect(h.sim.callsOf('StopInstance').map((c) => c.path)).toEqual([`/api/v2/instances/${id}/stop`]);
    const answers = clicks.map((c) => h.slack.responses(c.responseId).at(-1)?.body.text ?? '');
    expect(answers.join('\n')).toMatch(/Queued|runs once|already/);
  });

  it('Add idle-stop: one policy of 60 minutes with both thresholds', async () => {
    const h = await harness();
    const { id, value, ts } = await digestFor(h, '100001', 'C0DEV');
    await h.click('dsw_digest_idle_stop', value, { messageTs: ts });
    await h.slack.waitFor(() => (h.sim.callsOf('CreateIdleInstanceCuller').length > 0 ? true : undefined));
    const [call] = h.sim.callsOf('CreateIdleInstanceCuller');
    expect(call!.path).toBe(`/api/v2/instances/${id}/idleinstanceculler`);
    expect(call!.body).toMatchObject({ MaxIdleTimeInMinutes: 60, CpuPercentThreshold: 20, GpuPercentThreshold: 10 });
  });

  it('in prod a click becomes an approval request, and nothing is stopped', async () => {
    const h = await harness();
    const { value, ts } = await digestFor(h, '100002', 'C0PROD');
    const click = await h.click('dsw_digest_stop', value, { channel: 'C0PROD', messageTs: ts });
    // Queued first, then the worker's gate answers with the request it posted.
    await h.slack.waitFor(() =>
      h.slack.responses(click.responseId).find((r) => /Approval request ar-[a-z0-9]{8}/.test(r.body.text ?? '')),
    );
    await h.slack.waitFor(() => h.slack.messages('C0PROD').find((m) => m.text.includes('Approval needed')));
    expect(h.sim.callsOf('StopInstance')).toHaveLength(0);
  });

  it('a button whose value is not the digest’s changes nothing', async () => {
    const h = await harness();
    const click = await h.click('dsw_digest_stop', '{"w":"dev"}', { messageTs: '1.2' });
    const answer = await h.slack.waitFor(() => h.slack.responses(click.responseId).at(-1));
    expect(answer.body.text).toMatch(/not valid any more/);
    expect(h.sim.callsOf('StopInstance')).toHaveLength(0);
  });
});
