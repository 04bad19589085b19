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
