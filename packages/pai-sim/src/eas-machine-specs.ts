// EAS's instance type list (DescribeMachineSpec, GET /api/v2/public/instance_types): the simulator's own catalogue,
// which a test replaces with setEasMachineSpecs. Like DLC's, it carries no price.

import { listParam } from './query-params.js';
import { ok, type Route, type RouteReply, type RouteRequest } from './routes.js';
import { EAS_API_VERSION, EAS_MACHINE_SPEC_QUERY_KEYS, type EasMachineSpec } from './wire/eas.js';

function spec(type: string, cpu: number, memory: number, gpu?: [number, string, number], stock = 'WithStock') {
  const [GPUAmount, GPU, GPUMemory] = gpu ?? [0, undefined, 0];
  const s: EasMachineSpec = {
    InstanceType: type,
    CPU: cpu,
    Memory: memory,
    GPUAmount,
    ...(GPU === undefined ? {} : { GPU, GPUMemory }),
    IsAvailable: stock !== 'NoStock',
    StockStatus: stock,
    Vendor: 'ECS',
  };
  return s;
}

/** Instance type, vCPUs, memory (GB), [GPUs, GPU model, GPU memory (GB)], stock. */
export const EAS_MACHINE_SPECS: readonly Readonly<EasMachineSpec>[] = Object.freeze([
  spec('ecs.c7.large', 2, 4),
  spec('ecs.c7.xlarge', 4, 8),
  spec('ecs.g7.2xlarge', 8, 32),
  spec('ecs.gn6i-c4g1.xlarge', 4, 15, [1, 'T4', 16]),
  spec('ecs.gn7i-c8g1.2xlarge', 8, 30, [1, 'A10', 24]),
  spec('ml.gu7i.c32m188.1-gu30', 32, 188, [1, 'GU30', 24]),
  // Sold out now: the bot must leave it out of its menu.
  spec('ecs.gn6v-c8g1.2xlarge', 8, 32, [1, 'V100', 16], 'NoStock'),
]);

/** What DescribeMachineSpec answers; `set(undefined)` restores the simulator's own list. */
export class EasMachineSpecCatalogue {
  private specs: EasMachineSpec[] = EAS_MACHINE_SPECS.map((s) => ({ ...s }));

  all(): EasMachineSpec[] {
    return this.specs.map((s) => ({ ...s }));
  }

  set(specs: readonly EasMachineSpec[] | undefined): void {
    this.specs = (specs ?? EAS_MACHINE_SPECS).map((s) => ({ ...s }));
  }
}

/** The whole list (the SDK has no paging); InstanceTypes, when sent, keeps only the types it names. */
export function describeMachineSpec(catalogue: EasMachineSpecCatalogue, req: RouteRequest): RouteReply {
  const types = listParam(req.query, 'InstanceTypes');
  const InstanceMetas = catalogue.all().filter((s) => types === undefined || types.includes(s.InstanceType ?? ''));
  return ok({ InstanceMetas, Types: [] });
}

export function easMachineSpecRoute(catalogue: EasMachineSpecCatalogue): Route {
  return {
    method: 'GET',
    template: '/api/v2/public/instance_types',
    action: 'DescribeMachineSpec',
    version: EAS_API_VERSION,
    query: EAS_MACHINE_SPEC_QUERY_KEYS,
    body: 'none',
    handle: (req) => describeMachineSpec(catalogue, req),
  };
}
