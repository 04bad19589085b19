// The submit form's two menus (issue 21, item 2). The instance type is an external_select whose options Slack loads
// from the bot with a block_suggestion: DLC's ListEcsSpecs (from the simulator), fetched by the worker into Redis once
// per TTL whoever asks and however often, grouped GPU / CPU, priced from pricing.per_hour, filtered by what is typed,
// and the pricing list instead when ListEcsSpecs fails or is slower than the budget. The workspace menu lists only
// the workspaces the user may make changes in, and a user who may use none gets the reason and no form.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DlcEcsSpec } from '@pai-bot/pai-sim/index.js';
import { configYaml, DEV_WORKSPACE, devWorkspace, prodWorkspace } from '../support/config-yaml.js';
import { type FormView, openFormOf, suggestIn } from '../support/form-menus.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';

const PRICING = '\npricing:\n  currency: CNY\n  per_hour:\n    ecs.gn6i-c4g1.xlarge: 8.5\n    ecs.c7.xlarge: 0.9\n';
const SPECS: DlcEcsSpec[] = [
  { InstanceType: 'ecs.g6.xlarge', AcceleratorType: 'CPU', Cpu: 4, Memory: 16, Gpu: 0, IsAvailable: true },
  { InstanceType: 'ecs.c7.xlarge', AcceleratorType: 'CPU', Cpu: 4, Memory: 8, Gpu: 0, IsAvailable: true },
  { InstanceType: 'ecs.gn6i-c4g1.xlarge', AcceleratorType: 'GPU', Cpu: 4, Memory: 15, Gpu: 1, GpuType: 'T4' },
  { InstanceType: 'ecs.gn7i-c8g1.2xlarge', AcceleratorType: 'GPU', Cpu: 8, Memory: 30, Gpu: 1, GpuType: 'A10' },
  {
    InstanceType: 'ecs.gn5-c28g1.7xlarge',
    AcceleratorType: 'GPU',
    Cpu: 28,
    Gpu: 1,
    GpuType: 'P100',
    IsAvailable: false,
  },
];
const HOUR = 60 * 60_000;
/** The web role's wait for a list it does not have (SPECS_BUDGET_MS), and what HTTP and Bolt may add to it. */
const BUDGET_MS = 1_500;
const SLACK_LIMIT_MS = 3_000;

type View = FormView;

let h: Harness;

const openForm = (opts: { user?: string; channel?: string } = {}) => openFormOf(h, 'dlc submit', opts);

/** DLC's ListEcsSpecs calls (DSW has one of the same name, on /api/v2). */
const specCalls = () => h.sim.callsOf('ListEcsSpecs').filter((c) => c.path === '/api/v1/ecsspecs');

const suggest = (view: View, typed = '', user?: string) => suggestIn(h, view, 'dlc_instance', typed, user);

const workspaceMenu = (view: View) => {
  const el = view.blocks.find((b) => b.block_id === 'workspace')!.element as {
    options: { value: string }[];
    initial_option?: { value: string };
  };
  return { values: el.options.map((o) => o.value), initial: el.initial_option?.value };
};

describe('the instance menu', () => {
  beforeAll(async () => {
    const yaml = configYaml({
      workspaces: [DEV_WORKSPACE, prodWorkspace({ approvers: ['U0APPR1'], operators: ['U0MLOPS', 'S0MLOPS'] })],
    });
    h = await startHarness({ yaml: yaml + PRICING });
    h.sim.setDlcEcsSpecs(SPECS);
    h.slack.setUsergroup('S0MLOPS', ['U0CAROL']);
  });
  afterAll(async () => h?.stop());
  // Every test starts with no list in Redis and no refresh under way.
  beforeEach(async () => {
    h.sim.clearFaults();
    await h.redis.del(`${h.keyPrefix}:ecs-specs`, `${h.keyPrefix}:ecs-specs:refresh`);
    h.sim.calls.length = 0;
  });

  it('is an external_select of its own, loaded at once, the default instance preselected', async () => {
    const view = await openForm();
    const el = view.blocks.find((b) => b.block_id === 'instance')!.element;
    expect(el).toMatchObject({
      type: 'external_select',
      action_id: 'dlc_instance',
      min_query_length: 0,
      initial_option: { value: 'ecs.g6.xlarge', text: { text: 'ecs.g6.xlarge' } },
    });
    expect(el).not.toHaveProperty('options');
  });

  it("offers the simulator's types in GPU and CPU groups, priced from pricing, without the unavailable one", async () => {
    const view = await openForm();
    const all = await suggest(view);
    expect(all.labels).toEqual(['GPU', 'CPU']);
    expect(all.values).toEqual([
      ['ecs.gn6i-c4g1.xlarge', 'ecs.gn7i-c8g1.2xlarge'],
      ['ecs.c7.xlarge', 'ecs.g6.xlarge'],
    ]);
    expect(all.texts).toEqual([
      'ecs.gn6i-c4g1.xlarge · 1×T4 · 4 vCPU 15 GiB · CNY 8.50/h',
      'ecs.gn7i-c8g1.2xlarge · 1×A10 · 8 vCPU 30 GiB',
      'ecs.c7.xlarge · 4 vCPU 8 GiB · CNY 0.9000/h',
      'ecs.g6.xlarge · 4 vCPU 16 GiB',
    ]);
    expect(all.elapsedMs).toBeLessThan(SLACK_LIMIT_MS);
    expect(specCalls()).toHaveLength(1);
    // What is typed narrows the list; within the TTL nothing more is asked of PAI.
    expect((await suggest(view, 'a10')).values).toEqual([['ecs.gn7i-c8g1.2xlarge']]);
    expect((await suggest(view, '4 vcpu cny')).values).toEqual([['ecs.gn6i-c4g1.xlarge'], ['ecs.c7.xlarge']]);
    expect((await suggest(view, 'p100')).options).toEqual([]);
    expect((await suggest(view, 'A10', 'U0BOB')).values).toEqual([['ecs.gn7i-c8g1.2xlarge']]);
    await new Promise((r) => setTimeout(r, 100));
    expect(specCalls()).toHaveLength(1);
  });

  it('a list older than the TTL is still offered at once while one new ListEcsSpecs is made', async () => {
    const view = await openForm();
    await suggest(view);
    expect(specCalls()).toHaveLength(1);
    h.sim.setDlcEcsSpecs([...SPECS, { InstanceType: 'ecs.g7.xlarge', AcceleratorType: 'CPU', Cpu: 4, Memory: 16 }]);
    try {
      h.clock.advance(HOUR + 1);
      const stale = await suggest(view, 'g7');
      expect(stale.options).toEqual([]); // the old list, answered without waiting
      await eventually(() => specCalls().length === 2, 5_000, 'one refresh');
      expect((await eventually(async () => (await suggest(view, 'g7')).values.flat()[0])) ?? '').toBe('ecs.g7.xlarge');
      expect(specCalls()).toHaveLength(2);
    } finally {
      h.sim.setDlcEcsSpecs(SPECS);
    }
  });

  it('many menus opened at once on a cold cache make one ListEcsSpecs', async () => {
    const view = await openForm();
    // PAI slow enough that refreshes asked for together would overlap: only the refresh claim keeps them to one.
    h.sim.setLatency(() => 300);
    try {
      const answers = await Promise.all(['', 'gpu', 't4', '', 'cpu', ''].map((typed) => suggest(view, typed)));
      for (const a of answers) expect(a.labels.length).toBeGreaterThan(0);
      expect(answers[0]!.labels).toEqual(['GPU', 'CPU']);
      await new Promise((r) => setTimeout(r, 500));
      expect(specCalls()).toHaveLength(1);
    } finally {
      h.sim.setLatency(undefined);
    }
  });

  it('ListEcsSpecs failing: the pricing list, labelled so, within the budget; PAI is not asked again at once', async () => {
    h.sim.serverErrorNext(1, 'ListEcsSpecs', 503);
    const view = await openForm();
    const fallback = await suggest(view);
    // Told of the failure, the menu does not wait out its budget.
    expect(fallback.elapsedMs).toBeLessThan(BUDGET_MS - 300);
    expect(fallback.labels).toEqual(["pricing.per_hour (PAI's instance list is unavailable)"]);
    expect(fallback.values).toEqual([['ecs.g6.xlarge', 'ecs.c7.xlarge', 'ecs.gn6i-c4g1.xlarge']]);
    expect(fallback.texts).toContain('ecs.gn6i-c4g1.xlarge · CNY 8.50/h');
    expect(specCalls()).toHaveLength(1);
    expect(specCalls()[0]!.status).toBe(503);
    // A type typed in full that no list holds is offered as typed; the command's own check still applies.
    expect((await suggest(view, 'ecs.hfc7.2xlarge')).values).toEqual([['ecs.hfc7.2xlarge']]);
    expect(specCalls()).toHaveLength(1);
  });

  it('ListEcsSpecs slower than the budget: the pricing list within the budget, the real list once it came', async () => {
    h.sim.delayNext(2 * BUDGET_MS, 'ListEcsSpecs');
    const view = await openForm();
    const late = await suggest(view);
    expect(late.elapsedMs).toBeGreaterThanOrEqual(BUDGET_MS - 100);
    expect(late.elapsedMs).toBeLessThan(SLACK_LIMIT_MS - 500);
    expect(late.labels).toEqual(["pricing.per_hour (PAI's instance list is unavailable)"]);
    const listed = await eventually(async () => ((await suggest(view)).labels[0] === 'GPU' ? true : undefined), 5_000);
    expect(listed).toBe(true);
    expect(specCalls()).toHaveLength(1);
  });

  it('a submission with a type chosen from the menu queues one job on exactly that type', async () => {
    const view = await openForm();
    const chosen = (await suggest(view, 'a10')).values[0]![0]!;
    expect(chosen).toBe('ecs.gn7i-c8g1.2xlarge');
    const reply = await h.submitView(view, {
      name: 'menu-job',
      image: 'pytorch:2.1-gpu',
      command: 'python train.py',
      workers: '1',
      instance: chosen,
      workspace: 'dev',
    });
    expect(reply.json?.response_action).toBeUndefined();
    await eventually(() => h.sim.callsOf('CreateJob').length === 1, 5_000, 'one CreateJob');
    const body = h.sim.callsOf('CreateJob')[0]!.body as { JobSpecs: { EcsSpec?: string }[] };
    expect(body.JobSpecs.map((s) => s.EcsSpec)).toEqual(['ecs.gn7i-c8g1.2xlarge']);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.sim.callsOf('CreateJob')).toHaveLength(1);
  });

  describe('the workspace menu', () => {
    it('lists only the workspaces the user may use, the channel’s preselected when it is one of them', async () => {
      expect(workspaceMenu(await openForm({ user: 'U0ALICE', channel: 'C0DEV' }))).toEqual({
        values: ['dev'],
        initial: 'dev',
      });
      expect(workspaceMenu(await openForm({ user: 'U0MLOPS', channel: 'C0PROD' }))).toEqual({
        values: ['dev', 'prod'],
        initial: 'prod',
      });
      // A member of an operators' user group.
      expect(workspaceMenu(await openForm({ user: 'U0CAROL', channel: 'C0DEV' }))).toEqual({
        values: ['dev', 'prod'],
        initial: 'dev',
      });
    });

    it('a submission naming a workspace the menu left out is still refused by the operator check', async () => {
      const view = await openForm({ user: 'U0ALICE', channel: 'C0DEV' });
      const reply = await h.submitView(
        view,
        { name: 'sneaky', image: 'img:1', command: 'python x.py', workers: '1', workspace: 'prod' },
        { user: 'U0ALICE' },
      );
      expect(reply.json?.response_action).toBeUndefined();
      const said = await eventually(
        () =>
          h.slack.ephemerals('C0DEV').find((e) => e.user === 'U0ALICE' && /operators of workspace prod/.test(e.text)),
        5_000,
        'the refusal',
      );
      expect(said.text).toMatch(/Nothing was queued/);
      expect(
        h.sim.callsOf('CreateJob').filter((c) => (c.body as { DisplayName?: string }).DisplayName === 'sneaky'),
      ).toEqual([]);
    });
  });
});

describe('a user who may use no workspace', () => {
  beforeAll(async () => {
    const yaml = configYaml({
      workspaces: [
        devWorkspace({ operators: ['U0BOB'] }),
        prodWorkspace({ approvers: ['U0APPR1'], operators: ['U0MLOPS'] }),
      ],
    });
    h = await startHarness({ yaml });
  });
  afterAll(async () => h?.stop());

  it('gets the reason instead of a form, from the command and from the shortcut', async () => {
    const before = h.slack.openedViews().length;
    const reply = await h.command('dlc submit', { user: 'U0ALICE', channel: 'C0DEV' });
    expect(reply.json.response_type).toBe('ephemeral');
    expect(reply.json.text).toMatch(/you may not run \/pai dlc submit in any workspace/);
    expect(reply.json.text).toMatch(/\(dev, prod\) has operators/);
    expect(h.slack.openedViews()).toHaveLength(before);

    const deploy = await h.command('eas deploy', { user: 'U0ALICE', channel: 'C0DEV' });
    expect(deploy.json.text).toMatch(/you may not run \/pai eas deploy in any workspace/);
    expect(h.slack.openedViews()).toHaveLength(before);

    await h.shortcut('dlc_submit_form', { user: 'U0ALICE' });
    const opened = await eventually(() => h.slack.openedViews()[before], 5_000, 'the modal that says why');
    const view = opened.view as {
      callback_id: string;
      submit?: unknown;
      blocks: { type: string; text?: { text: string } }[];
    };
    expect(view.callback_id).toBe('form_refused');
    expect(view.submit).toBeUndefined();
    expect(view.blocks.map((b) => b.type)).toEqual(['section']);
    expect(view.blocks[0]!.text!.text).toMatch(/you may not run \/pai dlc submit in any workspace/);
  });

  it('while an operator of one of them gets the form with that workspace alone', async () => {
    expect(workspaceMenu(await openForm({ user: 'U0BOB', channel: 'C0PROD' }))).toEqual({
      values: ['dev'],
      initial: 'dev',
    });
  });
});
