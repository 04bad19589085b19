// Which instance types the submit form's menu offers, answered within a budget (Slack waits 3 s for the options):
// the cached ListEcsSpecs list while it is fresh; a stale one at once while the worker fetches a new one; with none,
// a wait of at most the budget for the worker's first list. A failed or late list means the caller falls back (to the
// config's pricing list). Only one refresh is asked for at a time across replicas (ecs-spec-cache.ts), so opening
// many forms costs PAI one call per TTL.

import type { EcsSpec } from '../../pai/dlc-types.js';
import type { Clock } from '../../time/clock.js';
import { ECS_SPECS_TTL_MS, type EcsSpecCache } from './ecs-spec-cache.js';

/** How long a menu waits for a list it does not have: well within Slack's 3 s, with room for HTTP and Bolt. */
export const SPECS_BUDGET_MS = 1_500;
/** How long a refresh asked for may stay unanswered before another may be asked for (a worker that died on it). */
export const REFRESH_LEASE_MS = 30_000;
const POLL_MS = 50;

export type InstanceSpecs =
  | { source: 'pai'; specs: EcsSpec[]; fetchedAt: number }
  /** `failed`: the last ListEcsSpecs failed; `late`: no list within the budget. */
  | { source: 'fallback'; why: 'failed' | 'late' };

export interface InstanceSpecsDeps {
  cache: EcsSpecCache;
  /** Queues the worker's refresh (refresh-specs.ts). */
  requestRefresh(): Promise<void>;
  clock: Clock;
  budgetMs?: number;
  ttlMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function instanceSpecs(deps: InstanceSpecsDeps): Promise<InstanceSpecs> {
  const budgetMs = deps.budgetMs ?? SPECS_BUDGET_MS;
  const deadline = Date.now() + budgetMs;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<InstanceSpecs>((resolve) => {
    timer = setTimeout(() => resolve({ source: 'fallback', why: 'late' }), budgetMs);
  });
  // The race bounds Redis as well: a slow Redis makes the menu fall back, never miss Slack's 3 s.
  const work = lookUp(deps, deadline).catch((): InstanceSpecs => ({ source: 'fallback', why: 'failed' }));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function lookUp(deps: InstanceSpecsDeps, deadline: number): Promise<InstanceSpecs> {
  const { cache, clock } = deps;
  const ttlMs = deps.ttlMs ?? ECS_SPECS_TTL_MS;
  const cached = await cache.read();
  const found = (c: NonNullable<typeof cached>): InstanceSpecs => ({
    source: 'pai',
    specs: c.specs,
    fetchedAt: c.fetchedAt,
  });
  if (cached && clock.now() - cached.fetchedAt < ttlMs) return found(cached);
  const claim = await cache.claimRefresh(REFRESH_LEASE_MS);
  if (claim === 'claimed') {
    // Not queued: let the next menu ask again rather than wait out the lease.
    await deps.requestRefresh().catch(async (err: unknown) => {
      await cache.refreshDone().catch(() => undefined);
      throw err;
    });
  }
  if (cached) return found(cached);
  if (claim === 'failed') return { source: 'fallback', why: 'failed' };
  while (Date.now() + POLL_MS < deadline) {
    await sleep(POLL_MS);
    // The state first: a refresh that ends between the two reads has written its list before it says so.
    const state = await cache.refreshState();
    const fresh = await cache.read();
    if (fresh) return found(fresh);
    if (state === 'failed') return { source: 'fallback', why: 'failed' };
  }
  return { source: 'fallback', why: 'late' };
}
