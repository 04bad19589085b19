// The deploy form's instance menu, the worker's side: EAS's own instance types (DescribeMachineSpec) put in the
// menu's shape (EcsSpec, as DLC's ListEcsSpecs gives them) so the cache, the budget and the renderer are the submit
// form's (src/actions/instance-menus/refresh-specs.ts).

import type { ActionHandler } from '../action-context.js';
import type { EasSpecsJob } from '../action-jobs.js';
import type { EcsSpec } from '../../pai/dlc-types.js';
import type { EasClient } from '../../pai/eas-client.js';
import type { MachineSpec } from '../../pai/eas-types.js';
import type { EcsSpecCache } from '../instance-menus/ecs-spec-cache.js';
import { refreshSpecs } from '../instance-menus/refresh-specs.js';

/**
 * Pure. A type EAS says it cannot sell (IsAvailable false) or has none of (StockStatus NoStock) is marked unavailable,
 * and the menu leaves it out; GPU is the model (e.g. GU30), GPUAmount the count.
 */
export function machineSpecToEcsSpec(m: MachineSpec): EcsSpec {
  const gpus = typeof m.GPUAmount === 'number' ? m.GPUAmount : 0;
  return {
    InstanceType: m.InstanceType,
    AcceleratorType: gpus > 0 ? 'GPU' : 'CPU',
    ...(typeof m.CPU === 'number' ? { Cpu: m.CPU } : {}),
    ...(typeof m.Memory === 'number' ? { Memory: m.Memory } : {}),
    Gpu: gpus,
    ...(gpus > 0 && typeof m.GPU === 'string' && m.GPU.trim() !== '' ? { GpuType: m.GPU.trim() } : {}),
    IsAvailable: m.IsAvailable !== false && m.StockStatus !== 'NoStock',
  };
}

export async function listEasSpecs(eas: Pick<EasClient, 'describeMachineSpec'>): Promise<EcsSpec[]> {
  return (await eas.describeMachineSpec()).InstanceMetas.map(machineSpecToEcsSpec);
}

export function refreshEasSpecs(cache: EcsSpecCache): ActionHandler<EasSpecsJob> {
  return refreshSpecs(cache, 'DescribeMachineSpec', ({ eas }) => listEasSpecs(eas));
}
