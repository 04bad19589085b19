// DLC's instance type list (ListEcsSpecs, GET /api/v1/ecsspecs): the simulator's own catalogue of real instance
// types, which a test replaces with setDlcEcsSpecs. DLC's EcsSpec carries no price (unlike DSW's, dsw-specs.ts).

import { enumParam, intParam, listParam } from './query-params.js';
import { invalidParameter, ok, type RouteReply, type RouteRequest } from './routes.js';
import {
  DLC_ACCELERATOR_TYPES,
  DLC_LIST_ORDER,
  DLC_RESOURCE_TYPES,
  DLC_SPEC_SORT_BY,
  type DlcEcsSpec,
} from './wire/dlc.js';

function spec(type: string, cpu: number, memory: number, gpu?: [number, string, number], available = true): DlcEcsSpec {
  const [Gpu, GpuType, GpuMemory] = gpu ?? [0, undefined, 0];
  return {
    InstanceType: type,
    AcceleratorType: Gpu > 0 ? 'GPU' : 'CPU',
    Cpu: cpu,
    Memory: memory,
    Gpu,
    ...(GpuType === undefined ? {} : { GpuType }),
    GpuMemory,
    IsAvailable: available,
    ResourceType: 'ECS',
    PaymentTypes: ['PostPaid', 'Spot'],
    SpotStockStatus: 'WithStock',
  };
}

/** Instance type, vCPUs, memory (GiB), [GPUs, GPU type, GPU memory (GiB)], and whether it can be bought now. */
export const DLC_ECS_SPECS: readonly Readonly<DlcEcsSpec>[] = Object.freeze([
  spec('ecs.c6.large', 2, 4),
  spec('ecs.g6.large', 2, 8),
  spec('ecs.g6.xlarge', 4, 16),
  spec('ecs.g6.4xlarge', 16, 64),
  spec('ecs.c7.xlarge', 4, 8),
  spec('ecs.gn6i-c4g1.xlarge', 4, 15, [1, 'T4', 16]),
  spec('ecs.gn6i-c24g1.24xlarge', 96, 372, [4, 'T4', 64]),
  spec('ecs.gn7i-c8g1.2xlarge', 8, 30, [1, 'A10', 24]),
  spec('ecs.gn6v-c8g1.2xlarge', 8, 32, [1, 'V100', 16]),
  spec('ecs.gn7-c12g1.3xlarge', 12, 94, [1, 'A100', 80]),
  // An older generation PAI lists but cannot sell now: the bot must leave it out of its menu.
  spec('ecs.gn5-c28g1.7xlarge', 28, 112, [1, 'P100', 16], false),
]);

/** The specs ListEcsSpecs answers with; `set` replaces them (a test's own list), `set(undefined)` restores the default. */
export class DlcSpecCatalogue {
  private specs: DlcEcsSpec[] = DLC_ECS_SPECS.map((s) => ({ ...s }));

  all(): DlcEcsSpec[] {
    return this.specs.map((s) => ({ ...s }));
  }

  set(specs: readonly DlcEcsSpec[] | undefined): void {
    this.specs = (specs ?? DLC_ECS_SPECS).map((s) => ({ ...s }));
  }
}

const SORT_FIELD = { CPU: 'Cpu', GPU: 'Gpu', Memory: 'Memory' } as const;

/**
 * ListEcsSpecs. The SDK gives the filters and closed lists; PageSize's default (10, the SDK's example) and maximum
 * (100), and the order of an unsorted list (the catalogue's), are the simulator's.
 */
export function listDlcEcsSpecs(catalogue: DlcSpecCatalogue, req: RouteRequest): RouteReply {
  const accelerator = enumParam(req.query, 'AcceleratorType', DLC_ACCELERATOR_TYPES);
  if (!accelerator.ok) return invalidParameter(accelerator.message);
  const resource = enumParam(req.query, 'ResourceType', DLC_RESOURCE_TYPES);
  if (!resource.ok) return invalidParameter(resource.message);
  const sortBy = enumParam(req.query, 'SortBy', DLC_SPEC_SORT_BY);
  if (!sortBy.ok) return invalidParameter(sortBy.message);
  const order = enumParam(req.query, 'Order', DLC_LIST_ORDER);
  if (!order.ok) return invalidParameter(order.message);
  const pageNumber = intParam(req.query, 'PageNumber', { default: 1, min: 1 });
  if (!pageNumber.ok) return invalidParameter(pageNumber.message);
  const pageSize = intParam(req.query, 'PageSize', { default: 10, min: 1, max: 100 });
  if (!pageSize.ok) return invalidParameter(pageSize.message);
  const types = listParam(req.query, 'InstanceTypes');
  const matched = catalogue
    .all()
    .filter((s) => accelerator.value === undefined || s.AcceleratorType === accelerator.value)
    .filter((s) => resource.value === undefined || s.ResourceType === resource.value)
    .filter((s) => types === undefined || types.includes(s.InstanceType ?? ''));
  if (sortBy.value && sortBy.value !== 'GmtCreateTime') {
    const field = SORT_FIELD[sortBy.value];
    matched.sort((a, b) => (a[field] ?? 0) - (b[field] ?? 0));
  }
  if (order.value === 'desc') matched.reverse();
  const from = (pageNumber.value - 1) * pageSize.value;
  return ok({ EcsSpecs: matched.slice(from, from + pageSize.value), TotalCount: matched.length });
}
