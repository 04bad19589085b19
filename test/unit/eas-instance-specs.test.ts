// The deploy form's instance list, alone: EAS's DescribeMachineSpec items put in the menu's shape
// (src/actions/inference/refresh-eas-specs.ts), the worker's refresh into the cache, and each product's own cache keys.
// The whole path runs in test/integration/deploy-form-menu.test.ts.

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ActionContext } from '../../src/actions/action-context.js';
import type { EasSpecsJob } from '../../src/actions/action-jobs.js';
import { listEasSpecs, machineSpecToEcsSpec, refreshEasSpecs } from '../../src/actions/inference/refresh-eas-specs.js';
import type { CachedSpecs, EcsSpecCache } from '../../src/actions/instance-menus/ecs-spec-cache.js';
import type { EasClient } from '../../src/pai/eas-client.js';
import { renderInstanceOptions } from '../../src/render/instance-options.js';

describe('machineSpecToEcsSpec', () => {
  it('takes the GPU model from GPU and the count from GPUAmount', () => {
    expect(
      machineSpecToEcsSpec({
        InstanceType: 'ml.gu7i.c32m188.1-gu30',
        CPU: 32,
        Memory: 188,
        GPU: 'GU30',
        GPUAmount: 1,
        GPUMemory: 24,
        IsAvailable: true,
        StockStatus: 'WithStock',
        Vendor: 'ECS',
      }),
    ).toEqual({
      InstanceType: 'ml.gu7i.c32m188.1-gu30',
      AcceleratorType: 'GPU',
      Cpu: 32,
      Memory: 188,
      Gpu: 1,
      GpuType: 'GU30',
      IsAvailable: true,
    });
  });

  it('a CPU type has no GPU model; a missing size stays missing', () => {
    expect(machineSpecToEcsSpec({ InstanceType: 'ecs.c7.xlarge', GPU: 'none', GPUAmount: 0 })).toEqual({
      InstanceType: 'ecs.c7.xlarge',
      AcceleratorType: 'CPU',
      Gpu: 0,
      IsAvailable: true,
    });
  });

  it('is unavailable when EAS says it cannot sell it or has none in stock', () => {
    expect(machineSpecToEcsSpec({ InstanceType: 'a.b', IsAvailable: false }).IsAvailable).toBe(false);
    expect(machineSpecToEcsSpec({ InstanceType: 'a.b', StockStatus: 'NoStock' }).IsAvailable).toBe(false);
    expect(machineSpecToEcsSpec({ InstanceType: 'a.b', StockStatus: 'ClosedWithStock' }).IsAvailable).toBe(true);
  });

  it('feeds the menu renderer: an out-of-stock type is left out', async () => {
    const eas = {
      describeMachineSpec: async () => ({
        RequestId: 'r',
        InstanceMetas: [
          { InstanceType: 'ecs.c7.xlarge', CPU: 4, Memory: 8 },
          { InstanceType: 'ecs.gn6v-c8g1.2xlarge', CPU: 8, GPU: 'V100', GPUAmount: 1, StockStatus: 'NoStock' },
        ],
      }),
    };
    const specs = await listEasSpecs(eas);
    const answer = renderInstanceOptions({ specs, perHour: {}, currency: 'CNY', query: '', defaultInstance: 'x.y' });
    expect(answer).toEqual({
      option_groups: [
        { label: { type: 'plain_text', text: 'CPU' }, options: [expect.objectContaining({ value: 'ecs.c7.xlarge' })] },
      ],
    });
  });
});

function memoryCache(): EcsSpecCache & { list?: CachedSpecs; state?: string } {
  const c: EcsSpecCache & { list?: CachedSpecs; state?: string } = {
    read: async () => c.list,
    write: async (l) => void (c.list = l),
    claimRefresh: async () => 'claimed',
    refreshState: async () => undefined,
    refreshFailed: async () => void (c.state = 'failed'),
    refreshDone: async () => void (c.state = 'done'),
  };
  return c;
}

const ctx = (eas: Pick<EasClient, 'describeMachineSpec'>) =>
  ({
    eas,
    clock: { now: () => 5_000 },
    log: pino({ level: 'silent' }),
    job: { type: 'eas.specs', requester: { userId: 'U1', channelId: 'C1' } },
  }) as unknown as ActionContext<EasSpecsJob>;

describe('refreshEasSpecs', () => {
  it('writes EAS’s list, in the menu’s shape, and ends the refresh', async () => {
    const cache = memoryCache();
    const eas = {
      describeMachineSpec: async () => ({ RequestId: 'r', InstanceMetas: [{ InstanceType: 'ecs.c7.xlarge', CPU: 4 }] }),
    };
    await refreshEasSpecs(cache)(ctx(eas));
    expect(cache.list).toEqual({
      fetchedAt: 5_000,
      specs: [{ InstanceType: 'ecs.c7.xlarge', AcceleratorType: 'CPU', Cpu: 4, Gpu: 0, IsAvailable: true }],
    });
    expect(cache.state).toBe('done');
  });

  it('a failed DescribeMachineSpec is recorded as a failed refresh, and nothing is written', async () => {
    const cache = memoryCache();
    const eas = {
      describeMachineSpec: async () => {
        throw new Error('403');
      },
    };
    await refreshEasSpecs(cache)(ctx(eas));
    expect(cache.list).toBeUndefined();
    expect(cache.state).toBe('failed');
  });
});
