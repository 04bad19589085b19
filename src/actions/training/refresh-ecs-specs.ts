// The submit form's instance menu, the worker's side: every instance type DLC lists (ListEcsSpecs, paged), through
// the shared refresh (src/actions/instance-menus/refresh-specs.ts).

import type { ActionHandler } from '../action-context.js';
import type { DlcSpecsJob } from '../action-jobs.js';
import type { DlcClient } from '../../pai/dlc-client.js';
import type { EcsSpec } from '../../pai/dlc-types.js';
import type { EcsSpecCache } from '../instance-menus/ecs-spec-cache.js';
import { refreshSpecs } from '../instance-menus/refresh-specs.js';

const PAGE_SIZE = 100;
const MAX_PAGES = 10;

/** Every instance type DLC lists, CPU and GPU alike, page by page. */
export async function listAllEcsSpecs(dlc: Pick<DlcClient, 'listEcsSpecs'>): Promise<EcsSpec[]> {
  const specs: EcsSpec[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const r = await dlc.listEcsSpecs({ PageNumber: page, PageSize: PAGE_SIZE });
    specs.push(...r.EcsSpecs);
    if (r.EcsSpecs.length < PAGE_SIZE || specs.length >= r.TotalCount) break;
  }
  return specs;
}

export function refreshEcsSpecs(cache: EcsSpecCache): ActionHandler<DlcSpecsJob> {
  return refreshSpecs(cache, 'ListEcsSpecs', ({ dlc }) => listAllEcsSpecs(dlc));
}
