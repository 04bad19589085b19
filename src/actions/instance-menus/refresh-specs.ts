// The worker's side of a form's instance menu: one product's list from PAI into the Redis cache (ecs-spec-cache.ts),
// asked for by the web role when its list is missing or older than its TTL (instance-specs.ts): DLC's ListEcsSpecs
// (src/actions/training/refresh-ecs-specs.ts), EAS's DescribeMachineSpec (src/actions/inference/refresh-eas-specs.ts).
// A failure is recorded, not retried and not told to anyone: the menu falls back to the config's pricing list meanwhile.

import type { ActionContext, ActionHandler } from '../action-context.js';
import type { BackgroundJob } from '../action-jobs.js';
import type { EcsSpec } from '../../pai/dlc-types.js';
import { ECS_SPECS_TTL_MS, type EcsSpecCache } from './ecs-spec-cache.js';

/** After a failed refresh, how long the menu uses the pricing list before PAI is asked again. */
export const REFRESH_BACKOFF_MS = 60_000;
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
