// The deploy form's instance menu (issue 21, item 2): the submit form's pattern (form-menus.test.ts) for EAS. Its
// options come from EAS's own DescribeMachineSpec (from the simulator), fetched by the worker into Redis once per TTL,
// priced from pricing.per_hour, filtered by what is typed, a type out of stock left out; the pricing list instead
// when DescribeMachineSpec fails. A service deployed from the form runs on the type chosen.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EasMachineSpec } from '@pai-bot/pai-sim/index.js';
import { configYaml, DEV_WORKSPACE } from '../support/config-yaml.js';
import { type FormView, openFormOf, suggestIn } from '../support/form-menus.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';

const PRICING = '\npricing:\n  currency: CNY\n  per_hour:\n    ml.gu7i.c32m188.1-gu30: 19.5\n    ecs.c7.xlarge: 0.9\n';
const SPECS: EasMachineSpec[] = [
  { InstanceType: 'ecs.c7.xlarge', CPU: 4, Memory: 8, GPUAmount: 0, IsAvailable: true, StockStatus: 'WithStock' },
  { InstanceType: 'ecs.g7.2xlarge', CPU: 8, Memory: 32, IsAvailable: true, StockStatus: 'WithStock' },
  {
    InstanceType: 'ml.gu7i.c32m188.1-gu30',
    CPU: 32,
    Memory: 188,
    GPU: 'GU30',
    GPUAmount: 1,
    IsAvailable: true,
    StockStatus: 'WithStock',
  },
  // Out of stock, and not sellable: both left out.
  { InstanceType: 'ecs.gn6v-c8g1.2xlarge', CPU: 8, Memory: 32, GPU: 'V100', GPUAmount: 1, StockStatus: 'NoStock' },
  { InstanceType: 'ecs.gn5-c28g1.7xlarge', CPU: 28, Memory: 112, GPU: 'P100', GPUAmount: 1, IsAvailable: false },
];
const FALLBACK = "pricing.per_hour (PAI's instance list is unavailable)";
const BUDGET_MS = 1_500;
const SLACK_LIMIT_MS = 3_000;

type View = FormView;

let h: Harness;

const openForm = () => openFormOf(h, 'eas deploy', { channel: 'C0DEV' });

const specCalls = () => h.sim.callsOf('DescribeMachineSpec');

const suggest = (view: View, typed = '') => suggestIn(h, view, 'eas_instance', typed);

describe('the deploy form’s instance menu', () => {
  beforeAll(async () => {
    h = await startHarness({ yaml: configYaml({ workspaces: [DEV_WORKSPACE] }) + PRICING });
    h.sim.setEasMachineSpecs(SPECS);
  });
  afterAll(async () => h?.stop());
  beforeEach(async () => {
    h.sim.clearFaults();
    await h.redis.del(`${h.keyPrefix}:eas-specs`, `${h.keyPrefix}:eas-specs:refresh`);
    h.sim.calls.length = 0;
  });

  it('is an external_select of its own, the deploy default preselected', async () => {
    const el = (await openForm()).blocks.find((b) => b.block_id === 'instance')!.element;
    expect(el).toMatchObject({
      type: 'external_select',
      action_id: 'eas_instance',
      min_query_length: 0,
      initial_option: { value: 'ecs.c7.xlarge' },
    });
    expect(el).not.toHaveProperty('options');
  });

  it("offers EAS's types, priced from pricing, narrowed by what is typed, one DescribeMachineSpec per TTL", async () => {
    const view = await openForm();
    const all = await suggest(view);
    expect(all.labels).toEqual(['GPU', 'CPU']);
    expect(all.values).toEqual([['ml.gu7i.c32m188.1-gu30'], ['ecs.c7.xlarge', 'ecs.g7.2xlarge']]);
    expect(all.texts).toEqual([
      'ml.gu7i.c32m188.1-gu30 · 1×GU30 · 32 vCPU 188 GiB · CNY 19.50/h',
      'ecs.c7.xlarge · 4 vCPU 8 GiB · CNY 0.9000/h',
      'ecs.g7.2xlarge · 8 vCPU 32 GiB',
    ]);
    expect(all.elapsedMs).toBeLessThan(SLACK_LIMIT_MS);
    expect(specCalls()).toHaveLength(1);
    expect((await suggest(view, 'gu30')).values).toEqual([['ml.gu7i.c32m188.1-gu30']]);
    expect((await suggest(view, 'cny')).values).toEqual([['ml.gu7i.c32m188.1-gu30'], ['ecs.c7.xlarge']]);
    expect((await suggest(view, 'g7')).values).toEqual([['ecs.g7.2xlarge']]);
    expect((await suggest(view, 'v100')).options).toEqual([]);
    expect((await suggest(view, 'p100')).options).toEqual([]);
    // DLC's list is not asked for: the two menus are apart.
    expect(h.sim.callsOf('ListEcsSpecs')).toEqual([]);
    await new Promise((r) => setTimeout(r, 100));
    expect(specCalls()).toHaveLength(1);
  });

  it('DescribeMachineSpec failing: the pricing list, labelled so, within the budget', async () => {
    h.sim.serverErrorNext(1, 'DescribeMachineSpec', 503);
    const view = await openForm();
    const fallback = await suggest(view);
    expect(fallback.elapsedMs).toBeLessThan(BUDGET_MS);
    expect(fallback.labels).toEqual([FALLBACK]);
    expect(fallback.values).toEqual([['ecs.c7.xlarge', 'ml.gu7i.c32m188.1-gu30']]);
    expect(fallback.texts).toContain('ml.gu7i.c32m188.1-gu30 · CNY 19.50/h');
    expect(specCalls()).toHaveLength(1);
    expect(specCalls()[0]!.status).toBe(503);
    await suggest(view, 'gu30');
    expect(specCalls()).toHaveLength(1);
  });

  it('a submission with a type chosen from the menu creates one service on exactly that type', async () => {
    const view = await openForm();
    const chosen = (await suggest(view, 'gu30')).values[0]![0]!;
    expect(chosen).toBe('ml.gu7i.c32m188.1-gu30');
    const reply = await h.submitView(view, {
      service: 'menu_svc',
      image: 'registry.example.com/team/iris:1.0',
      instance: chosen,
      replicas: '1',
      workspace: 'dev',
    });
    expect(reply.json?.response_action).toBeUndefined();
    await eventually(() => h.sim.callsOf('CreateService').length === 1, 5_000, 'one CreateService');
    const create = h.sim.callsOf('CreateService')[0]!;
    const config = typeof create.body === 'string' ? JSON.parse(create.body) : create.body;
    expect(config.metadata.name).toBe('menu_svc');
    expect(config.cloud.computing.instances).toEqual([{ type: 'ml.gu7i.c32m188.1-gu30' }]);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.sim.callsOf('CreateService')).toHaveLength(1);
  });
});
