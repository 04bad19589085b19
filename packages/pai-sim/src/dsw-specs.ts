// DSW's ECS spec list (ListEcsSpecs), with list prices. The instance types are real ones; the prices are the
// simulator's round figures in CNY, shown as the SDK models Price/Currency (unit not given by the SDK; per hour here).

import { enumParam, intParam } from './query-params.js';
import { invalidParameter, ok, type RouteReply, type RouteRequest } from './routes.js';
import { DSW_ACCELERATOR_TYPES, DSW_ORDER, type WireEcsSpec } from './wire/dsw.js';

function spec(type: string, cpu: number, memory: number, price: number, gpu?: [number, string, number]): WireEcsSpec {
  const [GPU, GPUType, GPUMemorySize] = gpu ?? [0, undefined, 0];
  return {
    InstanceType: type,
    AcceleratorType: GPU > 0 ? 'GPU' : 'CPU',
    CPU: cpu,
    Memory: memory,
    GPU,
    ...(GPUType === undefined ? {} : { GPUType }),
    GPUMemorySize,
    Price: price,
    Currency: 'CNY',
    IsAvailable: true,
    SystemDiskCapacity: 100,
  };
}

/** Instance type, vCPUs, memory (GB), price, and [GPUs, GPU type, GPU memory (GB)]. */
export const DSW_ECS_SPECS: readonly Readonly<WireEcsSpec>[] = Object.freeze([
  spec('ecs.c6.large', 2, 4, 0.5),
  spec('ecs.g6.large', 2, 8, 0.65),
  spec('ecs.g6.xlarge', 4, 16, 1.3),
  spec('ecs.g6.4xlarge', 16, 64, 5.2),
  spec('ecs.gn6i-c4g1.xlarge', 4, 15, 8.6, [1, 'T4', 16]),
  spec('ecs.gn7i-c8g1.2xlarge', 8, 30, 13.5, [1, 'A10', 24]),
  spec('ecs.gn5-c28g1.7xlarge', 28, 112, 22.8, [1, 'P100', 16]),
  spec('ecs.gn6v-c8g1.2xlarge', 8, 32, 26.5, [1, 'V100', 16]),
  spec('ecs.gn7-c12g1.3xlarge', 12, 94, 34, [1, 'A100', 80]),
]);

/** The specs with their current prices; setPrice changes one (undefined: the spec shows no price). */
export class EcsSpecCatalogue {
  private readonly specs = new Map<string, WireEcsSpec>(DSW_ECS_SPECS.map((s) => [s.InstanceType ?? '', { ...s }]));

  get(instanceType: string): WireEcsSpec | undefined {
    return this.specs.get(instanceType);
  }

  all(): WireEcsSpec[] {
    return [...this.specs.values()].map((s) => ({ ...s }));
  }

  setPrice(instanceType: string, price: number | undefined, currency = 'CNY'): void {
    const spec = this.specs.get(instanceType);
    if (!spec) throw new Error(`setEcsSpecPrice: no instance type ${instanceType} in the simulator's spec list`);
    if (price !== undefined && (!Number.isFinite(price) || price < 0)) {
      throw new RangeError(`setEcsSpecPrice: price must be a finite number >= 0, got ${price}`);
    }
    const { Price: _p, Currency: _c, ...rest } = spec;
    this.specs.set(instanceType, price === undefined ? rest : { ...rest, Price: price, Currency: currency });
  }
}

/** ListEcsSpecs: AcceleratorType is required; SortBy takes only gmtCreate ("Set the value to gmtCreate"). */
export function listEcsSpecs(catalogue: EcsSpecCatalogue, req: RouteRequest): RouteReply {
  if (!req.query.AcceleratorType) return invalidParameter('The parameter AcceleratorType is required (CPU or GPU).');
  const accelerator = enumParam(req.query, 'AcceleratorType', DSW_ACCELERATOR_TYPES);
  if (!accelerator.ok) return invalidParameter(accelerator.message);
  const order = enumParam(req.query, 'Order', DSW_ORDER);
  if (!order.ok) return invalidParameter(order.message);
  const sortBy = enumParam(req.query, 'SortBy', ['gmtCreate'] as const);
  if (!sortBy.ok) return invalidParameter(sortBy.message);
  if (req.query.ResourceType !== undefined) {
    return invalidParameter('The simulator does not implement ResourceType (the SDK gives it no values).');
  }
  const pageNumber = intParam(req.query, 'PageNumber', { default: 1, min: 1 });
  if (!pageNumber.ok) return invalidParameter(pageNumber.message);
  const pageSize = intParam(req.query, 'PageSize', { default: 10, min: 1, max: 100 });
  if (!pageSize.ok) return invalidParameter(pageSize.message);
  const matched = catalogue.all().filter((s) => s.AcceleratorType === accelerator.value);
  if (order.value === 'DESC') matched.reverse();
  const from = (pageNumber.value - 1) * pageSize.value;
  return ok({ EcsSpecs: matched.slice(from, from + pageSize.value), TotalCount: matched.length, Success: true });
}
