// The worker's side of a form's instance menu: one list from PAI (DLC's ListEcsSpecs, paged; EAS's
// DescribeMachineSpec, src/actions/inference/refresh-eas-specs.ts) into the Redis cache, asked for by the web role
// when its list is missing or older than its TTL (src/actions/training/instance-specs.ts). A failure is recorded, not
// retried and not told to anyone: the menu falls back to the config's pricing list meanwhile.

import type { ActionContext, ActionHandler } from '../action-context.js';
import type { BackgroundJob, DlcSpecsJob } from '../action-jobs.js';
import type { DlcClient } from '../../pai/dlc-client.js';
import type { EcsSpec } from '../../pai/dlc-types.js';
import { ECS_SPECS_TTL_MS, type EcsSpecCache } from './ecs-spec-cache.js';

/** After a failed refresh, how long the menu uses the pricing list before PAI is asked again. */
export const REFRESH_BACKOFF_MS = 60_000;
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

/** `list` fetches the product's whole list in the menu's shape; `action` names the PAI call in the log. */
export function refreshSpecs<T extends BackgroundJob>(
  cache: EcsSpecCache,
  action: string,
  list: (ctx: ActionContext<T>) => Promise<EcsSpec[]>,
): ActionHandler<T> {
  return async (ctx) => {
    const { clock, log } = ctx;
    try {
      // A refresh asked for twice (a lease that ran out while the first was queued) lists once per TTL.
      const cached = await cache.read();
      if (cached && clock.now() - cached.fetchedAt < ECS_SPECS_TTL_MS) {
        await cache.refreshDone();
        return;
      }
      const specs = await list(ctx);
      await cache.write({ fetchedAt: clock.now(), specs });
      await cache.refreshDone();
      log.info({ specs: specs.length, action }, 'instance types listed for a form');
    } catch (err) {
      log.warn({ err, action }, 'listing instance types failed; the form offers the pricing list for now');
      await cache.refreshFailed(REFRESH_BACKOFF_MS).catch(() => undefined);
    }
  };
}

export function refreshEcsSpecs(cache: EcsSpecCache): ActionHandler<DlcSpecsJob> {
  return refreshSpecs(cache, 'ListEcsSpecs', ({ dlc }) => listAllEcsSpecs(dlc));
}
