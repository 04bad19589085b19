// Costs end to end against the simulator: the estimate on approval requests (exactly when a price is known, labelled
// with its source), what a finished job cost on its card, a service card's burn rate, and `/pai cost`, whose figures
// are worked out here independently from the simulator's state (its plans, replicas and the prices set here).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaiClients } from '../../src/pai/create-clients.js';
import { configYaml, DEV_WORKSPACE, oncallAlerts, prodWorkspace } from '../support/config-yaml.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';

const GPU = 'ecs.gn7i-c8g1.2xlarge';
const T4 = 'ecs.gn6i-c4g1.xlarge';
/** What the team pays, as the config says. Everything else has no price there. */
const PRICES: Record<string, number> = { [GPU]: 13.5, [T4]: 6.25 };
const CONFIG_SOURCE = 'price from pricing.per_hour in the config';
const LIST_SOURCE = "PAI's list price (DSW ListEcsSpecs, read as per hour)";

const YAML = `${configYaml({
  workspaces: [DEV_WORKSPACE, prodWorkspace({ approvers: ['U0APPR1'], required: 1 })],
  alerts: oncallAlerts(),
  // Every request here stays pending (but one): room for all of them.
  approvals: { max_pending_per_user: 20 },
})}pricing:
  currency: CNY
  per_hour:
    ${GPU}: ${PRICES[GPU]}
    ${T4}: ${PRICES[T4]}
`;

const HOUR = 3_600_000;
const cny = (n: number) => `CNY ${n.toFixed(2)}`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ yaml: YAML });
});
afterAll(async () => h?.stop());

const topLevel = (channel: string, text: string) =>
  h.slack.messages(channel).find((m) => !m.thread_ts && m.text.includes(text));
const shown = (m: { blocks: unknown[] | undefined }) => JSON.stringify(m.blocks ?? []);

async function approvalCard(title: string) {
  return h.slack.waitFor(() => topLevel('C0PROD', `for ${title}`), 5_000);
}

/** The estimate field of an approval card ("*Estimated cost*\n…"), or undefined. */
function estimateOf(card: { blocks: unknown[] | undefined }): string | undefined {
  const match = /\*Estimated cost\*\\n([^"]*)"/.exec(shown(card));
  return match?.[1];
}

async function answerTo(text: string, opts: { channel?: string } = {}) {
  const reply = await h.command(text, opts);
  expect(reply.status).toBe(200);
  const response = await h.slack.waitFor(() => h.slack.responses(reply.responseId).at(-1), 10_000);
  return { ack: reply.json as { text: string }, body: response.body as { text: string; blocks?: unknown[] } };
}

/** Advances simulated time and polls jobs and services until check() holds. */
async function pollUntil(check: () => boolean, what: string, stepMs = 60_000) {
  await eventually(
    async () => {
      h.clock.advance(stepMs);
      await h.bot.pollNow();
      await h.bot.pollServicesNow();
      return check();
    },
    15_000,
    what,
  );
}

async function createServiceAtPai(name: string, workspaceId: string, instances: number, type: string) {
  const { eas } = createPaiClients(h.config);
  await eas.createService(
    {
      metadata: { name, instance: instances, workspace_id: workspaceId },
      cloud: { computing: { instances: [{ type }] } },
      containers: [{ image: 'img:1', port: 8000 }],
    },
    { workspaceId },
  );
}

describe('approval requests carry an estimate exactly when a price is known', () => {
  it('dlc submit: pods × the price per hour, labelled with its source', async () => {
    await h.command(`dlc submit train-a --image img:1 --command run --workers 3 --instance ${GPU}`, {
      channel: 'C0PROD',
    });
    const card = await approvalCard('dlc submit train-a');
    expect(estimateOf(card)).toBe(
      `≈ ${cny(3 * PRICES[GPU]!)}/h (estimate: 3 × ${cny(PRICES[GPU]!)}/h for ${GPU}, ${CONFIG_SOURCE})`,
    );
  });

  it('dlc submit --spot: at the on-demand price, saying the spot discount is not known', async () => {
    await h.command(`dlc submit train-spot --image img:1 --command run --workers 2 --instance ${T4} --spot`, {
      channel: 'C0PROD',
    });
    const estimate = estimateOf(await approvalCard('dlc submit train-spot'));
    expect(estimate).toContain(`≈ ${cny(2 * PRICES[T4]!)}/h (estimate: 2 × ${cny(PRICES[T4]!)}/h for ${T4}`);
    expect(estimate).toContain('at the on-demand price: the spot discount is not known (PAI returns none)');
    expect(estimate).toContain('at most 90% of the pay-as-you-go price');
  });

  it('dlc submit on an instance type without a price: the no-price line, never a figure', async () => {
    await h.command('dlc submit train-np --image img:1 --command run --workers 2', { channel: 'C0PROD' });
    const estimate = estimateOf(await approvalCard('dlc submit train-np'));
    expect(estimate).toBe('no price for ecs.g6.xlarge (add it under pricing.per_hour in the config to see estimates)');
  });

  it('eas deploy: replicas × the price, and the no-price line for the default instance type', async () => {
    await h.command(`eas deploy priced_svc --image img:1 --instance ${T4} --replicas 2`, { channel: 'C0PROD' });
    expect(estimateOf(await approvalCard('eas deploy priced_svc'))).toBe(
      `≈ ${cny(2 * PRICES[T4]!)}/h (estimate: 2 × ${cny(PRICES[T4]!)}/h for ${T4}, ${CONFIG_SOURCE})`,
    );
    await h.command('eas deploy plain_svc --image img:1', { channel: 'C0PROD' });
    expect(estimateOf(await approvalCard('eas deploy plain_svc'))).toMatch(/^no price for ecs\.c7\.xlarge \(/);
  });

  it('eas scale: the running service’s instance type at the new count; the request still runs as approved', async () => {
    await createServiceAtPai('fraud_svc', '100002', 2, GPU);
    await h.command('eas scale fraud_svc 5', { channel: 'C0PROD' });
    const card = await approvalCard('eas scale fraud_svc');
    expect(estimateOf(card)).toBe(
      `≈ ${cny(5 * PRICES[GPU]!)}/h (estimate: 5 × ${cny(PRICES[GPU]!)}/h for ${GPU}, ${CONFIG_SOURCE})`,
    );
    await h.react('white_check_mark', card, { user: 'U0APPR1' });
    await eventually(() => h.sim.callsOf('ScaleService').length === 1, 10_000, 'the approved scale to run');
    expect(h.sim.callsOf('ScaleService')[0]!.body).toEqual({ Instance: 5 });
  });

  it('eas autoscale: the burn at min and at max replicas', async () => {
    await createServiceAtPai('auto_svc', '100002', 1, T4);
    await h.command('eas autoscale auto_svc --min 1 --max 4', { channel: 'C0PROD' });
    expect(estimateOf(await approvalCard('eas autoscale auto_svc'))).toBe(
      `at min 1 replicas: ≈ ${cny(PRICES[T4]!)}/h (estimate: 1 × ${cny(PRICES[T4]!)}/h for ${T4}, ${CONFIG_SOURCE}); ` +
        `at max 4 replicas: ≈ ${cny(4 * PRICES[T4]!)}/h (estimate: 4 × ${cny(PRICES[T4]!)}/h for ${T4}, ${CONFIG_SOURCE})`,
    );
  });

  it('eas scale of a service whose config names no instance type: says so, no figure', async () => {
    h.sim.addService({ name: 'console_svc', workspaceId: '100002', instances: 1 });
    await h.command('eas scale console_svc 2', { channel: 'C0PROD' });
    expect(estimateOf(await approvalCard('eas scale console_svc'))).toBe(
      'no estimate: its config names no instance type',
    );
  });

  it('changes that start no instances carry no estimate line', async () => {
    await h.command('eas restart fraud_svc', { channel: 'C0PROD' });
    expect(estimateOf(await approvalCard('eas restart fraud_svc'))).toBeUndefined();
  });
});

describe('cards', () => {
  it('a finished job’s card shows what its pods ran for at the price of their instance type', async () => {
    h.sim.planJobNamed('card-job', { runningMs: 45 * 60_000 });
    await h.command(`dlc submit card-job --image img:1 --command run --workers 2 --instance ${GPU}`);
    const card = await h.slack.waitFor(() => topLevel('C0DEV', 'DLC job card-job'), 5_000);
    expect(shown(card)).not.toContain('*Cost*');
    await pollUntil(() => card.text.includes('Succeeded'), 'card-job to succeed');
    // Worked out from the simulator's plan: both pods run exactly the Running phase.
    const sim = h.sim.jobs().find((j) => j.DisplayName === 'card-job')!;
    const instanceHours = (sim.plan.runningMs * sim.JobSpecs![0]!.PodCount) / HOUR;
    expect(shown(card)).toContain(
      `*Cost*\\n≈ ${cny(instanceHours * PRICES[GPU]!)} (estimate: ${instanceHours.toFixed(2)} instance-hours × ${cny(PRICES[GPU]!)}/h for ${GPU}, ${CONFIG_SOURCE})`,
    );
  });

  it('a finished job without a price shows no cost', async () => {
    await h.command('dlc submit card-np --image img:1 --command run');
    const card = await h.slack.waitFor(() => topLevel('C0DEV', 'DLC job card-np'), 5_000);
    await pollUntil(() => card.text.includes('Succeeded'), 'card-np to succeed');
    expect(shown(card)).not.toContain('*Cost*');
    expect(shown(card)).not.toContain('≈');
  });

  it('a service card shows its burn rate at its current replica count, and follows a scale', async () => {
    await h.command(`eas deploy burn_svc --image img:1 --instance ${T4} --replicas 2`);
    const card = await h.slack.waitFor(() => topLevel('C0DEV', 'EAS service burn_svc'), 5_000);
    const burn = (n: number) =>
      `*Burn rate*\\n≈ ${cny(n * PRICES[T4]!)}/h (estimate: ${n} × ${cny(PRICES[T4]!)}/h for ${T4}, ${CONFIG_SOURCE})`;
    expect(shown(card)).toContain(burn(2));
    await pollUntil(() => card.text.includes('2/2 running'), 'burn_svc ready', 2_000);
    await answerTo('eas scale burn_svc 3');
    await pollUntil(() => card.text.includes('3/3 running'), 'burn_svc scaled', 2_000);
    expect(shown(card)).toContain(burn(3));
  });

  it('a service card without a price shows no burn rate', async () => {
    await h.command('eas deploy free_svc --image img:1');
    const card = await h.slack.waitFor(() => topLevel('C0DEV', 'EAS service free_svc'), 5_000);
    await pollUntil(() => card.text.includes('1/1 running'), 'free_svc ready', 2_000);
    expect(shown(card)).not.toContain('Burn rate');
  });
});

describe('/pai cost', () => {
  it('adds up: services and notebooks per hour, jobs that ended in the window, each labelled, unpriced left out', async () => {
    // A job that ends well before the window: left out.
    h.sim.planJobNamed('old-job', { runningMs: 10 * 60_000 });
    await h.command(`dlc submit old-job --image img:1 --command run --instance ${GPU}`);
    const old = await h.slack.waitFor(() => topLevel('C0DEV', 'DLC job old-job'), 5_000);
    await pollUntil(() => old.text.includes('Succeeded'), 'old-job to finish');
    h.clock.advance(3 * HOUR);

    // Jobs that end inside the window: two priced ones of different sizes, one without a price, one with no type.
    h.sim.planJobNamed('big-job', { runningMs: 2 * HOUR });
    h.sim.planJobNamed('small-job', { runningMs: 20 * 60_000 });
    h.sim.planJobNamed('np-job', { runningMs: 30 * 60_000 });
    await h.command(`dlc submit big-job --image img:1 --command run --workers 4 --instance ${T4}`);
    await h.command(`dlc submit small-job --image img:1 --command run --workers 1 --instance ${GPU}`);
    await h.command('dlc submit np-job --image img:1 --command run');
    h.sim.addJob({ displayName: 'console-job', workspaceId: '100001', workers: 2, plan: { runningMs: HOUR } });
    const cards = await h.slack.waitFor(() => {
      const found = ['big-job', 'small-job', 'np-job'].map((n) => topLevel('C0DEV', `DLC job ${n}`));
      return found.every(Boolean) ? found : undefined;
    }, 5_000);
    await pollUntil(() => cards.every((c) => c!.text.includes('Succeeded')), 'the window’s jobs to finish', 5 * 60_000);

    // Notebooks: one at the config's price (PAI's list price differs and must lose), one at PAI's list price only,
    // one with no price anywhere, and a stopped one that costs nothing now.
    h.sim.setEcsSpecPrice(GPU, 99);
    h.sim.setEcsSpecPrice('ecs.g6.4xlarge', 5.5);
    h.sim.setEcsSpecPrice('ecs.c6.large', undefined);
    h.sim.addNotebook({ workspaceId: '100001', name: 'nb-gpu', ecsSpec: GPU });
    h.sim.addNotebook({ workspaceId: '100001', name: 'nb-cpu', ecsSpec: 'ecs.g6.4xlarge' });
    h.sim.addNotebook({ workspaceId: '100001', name: 'nb-np', ecsSpec: 'ecs.c6.large' });
    h.sim.addNotebook({ workspaceId: '100001', name: 'nb-off', ecsSpec: GPU, status: 'Stopped' });
    h.sim.addNotebook({ workspaceId: '100002', name: 'nb-prod', ecsSpec: GPU });

    const { body } = await answerTo('cost --since 2h');
    const text = shown({ blocks: body.blocks });
    const now = h.clock.now();

    // Expected, from the simulator's state: services of the dev workspace with replicas, at the type each was deployed
    // with (burn_svc and free_svc above); notebooks at the price set here; jobs whose plan ends inside the window.
    const deployedType: Record<string, string | undefined> = { burn_svc: T4, free_svc: 'ecs.c7.xlarge' };
    let hourly = 0;
    for (const s of h.sim.services().filter((x) => x.WorkspaceId === '100001' && x.TotalInstance > 0))
      hourly += s.TotalInstance * (PRICES[deployedType[s.ServiceName] ?? ''] ?? 0);
    hourly += PRICES[GPU]! + 5.5; // nb-gpu at the config's price, nb-cpu at the list price
    const jobCosts: [string, number][] = [];
    for (const j of h.sim.jobs().filter((x) => x.WorkspaceId === '100001')) {
      const p = j.plan;
      const finishedAt = j.createdAt + p.creatingMs + p.queuingMs + p.envPreparingMs + p.runningMs;
      const spec = j.JobSpecs![0]!;
      const price = PRICES[spec.EcsSpec ?? ''];
      if (finishedAt >= now - 2 * HOUR && price !== undefined)
        jobCosts.push([j.DisplayName, (p.runningMs * spec.PodCount * price) / HOUR]);
    }
    const ended = jobCosts.reduce((sum, [, c]) => sum + c, 0);
    expect(jobCosts.map(([n]) => n).sort()).toEqual(['big-job', 'small-job']);

    expect(body.text).toBe(
      `Estimated costs in dev: ≈ ${cny(hourly)}/h running now; ≈ ${cny(ended)} for jobs that ended in the last 2h`,
    );
    expect(text).toContain(`*Running now:* ≈ ${cny(hourly)}/h · *Jobs that ended in the last 2h:* ≈ ${cny(ended)}`);
    // Every figure labelled with its source; the config's price beats PAI's list price.
    expect(text).toContain(`\`nb-gpu\``);
    expect(text).toContain(
      `≈ ${cny(PRICES[GPU]!)}/h (estimate: 1 × ${cny(PRICES[GPU]!)}/h for ${GPU}, ${CONFIG_SOURCE})`,
    );
    expect(text).toContain(`≈ CNY 5.50/h (estimate: 1 × CNY 5.50/h for ecs.g6.4xlarge, ${LIST_SOURCE})`);
    expect(text).not.toContain('CNY 99.00');
    // Items without a price are named, not priced.
    expect(text).toContain('_no price for ecs.c6.large_');
    expect(text).toContain('_no price for ecs.c7.xlarge_');
    expect(text).toContain('_no price for ecs.g6.xlarge_');
    expect(text).toMatch(
      /`console-job` \(dlc[a-z0-9]+\) Succeeded, 2 pods: _no estimate: its job specs name no instance type/,
    );
    // Left out: the stopped notebook, another workspace's, and the job that ended before the window.
    for (const absent of ['nb-off', 'nb-prod', 'old-job']) expect(text).not.toContain(absent);
    // Largest first.
    expect(text.indexOf('`big-job`')).toBeLessThan(text.indexOf('`small-job`'));
    expect(text.indexOf('`small-job`')).toBeLessThan(text.indexOf('`np-job`'));
    expect(text.indexOf('`nb-gpu`')).toBeLessThan(text.indexOf('`nb-cpu`'));
    // Looked up in one pass: ListJobs sorted by finish time, notebooks listed Running only.
    const list = h.sim.callsOf('ListJobs').at(-1)!;
    expect(list.query).toMatchObject({ WorkspaceId: '100001', SortBy: 'GmtFinishTime', Order: 'desc' });
    expect(h.sim.callsOf('ListInstances').at(-1)!.query).toMatchObject({ WorkspaceId: '100001', Status: 'Running' });
  });

  it('refuses a bad --since and queues nothing', async () => {
    const lists = h.sim.callsOf('ListJobs').length;
    for (const since of ['45d', '10m', 'soon']) {
      const reply = await h.command(`cost --since ${since}`);
      expect(reply.json.text).toMatch(/--since must be a duration/);
      expect(reply.json.text).toContain('/pai cost [-w &lt;workspace&gt;] [--since &lt;duration&gt;]');
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(h.sim.callsOf('ListJobs')).toHaveLength(lists);
  });

  it('a part PAI refuses is reported as such, and the rest still adds up', async () => {
    h.sim.denyAction('ListInstances', 'paidsw:ListInstances');
    try {
      const { body } = await answerTo('cost');
      const text = shown({ blocks: body.blocks });
      expect(text).toMatch(/\*Running DSW notebooks, per hour\*\\n:warning: could not be read: .*paidsw:ListInstances/);
      expect(text).toContain('`burn_svc`');
    } finally {
      h.sim.allowAction('ListInstances');
    }
  });
});
