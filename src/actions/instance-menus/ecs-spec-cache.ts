// A product's instance type list, kept in Redis for a form's instance menu (DLC's ListEcsSpecs for the submit form,
// EAS's DescribeMachineSpec for the deploy form, in the menu's shape: EcsSpec): per product one key holding the list
// and the time it was fetched, and one refresh key that lets a single caller, across every replica, ask the worker for a new list
// (`pending`) and keeps the others from asking again for a while when that failed (`failed`).

import type { Redis } from 'ioredis';
import type { EcsSpec } from '../../pai/dlc-types.js';
import type { KeySpace } from '../../redis/redis.js';

/** How long a fetched list is served before it is fetched again. */
export const ECS_SPECS_TTL_MS = 60 * 60_000;
/** A list older than its TTL is still served while a new one is fetched, and dropped after this. */
const KEEP_MS = 7 * 24 * 60 * 60_000;

export interface CachedSpecs {
  /** The cache's clock (src/time/clock.ts) when PAI answered. */
  fetchedAt: number;
  specs: EcsSpec[];
}

/** Whose list: each product has its own keys, its own refresh job and its own menu. */
export type SpecProduct = 'dlc' | 'eas';

export type RefreshClaim = 'claimed' | 'pending' | 'failed';

export interface EcsSpecCache {
  read(): Promise<CachedSpecs | undefined>;
  write(list: CachedSpecs): Promise<void>;
  /**
   * Takes the one refresh that may be asked for now, for `leaseMs`: 'claimed' (the caller asks the worker), 'pending'
   * (someone else did) or 'failed' (the last refresh failed less than its back-off ago).
   */
  claimRefresh(leaseMs: number): Promise<RefreshClaim>;
  /** Whether a refresh is pending or recently failed; undefined when neither. */
  refreshState(): Promise<Exclude<RefreshClaim, 'claimed'> | undefined>;
  /** The last refresh failed: nobody asks again for `backoffMs`. */
  refreshFailed(backoffMs: number): Promise<void>;
  /** The refresh is done; the next one may be claimed. */
  refreshDone(): Promise<void>;
}

/** The fields the menu shows; nothing else is stored. */
const KEPT = ['InstanceType', 'AcceleratorType', 'Cpu', 'Memory', 'Gpu', 'GpuType', 'IsAvailable'] as const;

function slim(spec: EcsSpec): EcsSpec {
  const out: Record<string, unknown> = {};
  for (const k of KEPT) if (spec[k] !== undefined) out[k] = spec[k];
  return out as unknown as EcsSpec;
}

function parse(raw: string | null): CachedSpecs | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<CachedSpecs>;
    if (typeof v.fetchedAt !== 'number' || !Array.isArray(v.specs)) return undefined;
    return { fetchedAt: v.fetchedAt, specs: v.specs.filter((s) => typeof s?.InstanceType === 'string') };
  } catch {
    return undefined;
  }
}

/** DLC's keys are `ecs-specs` as they were before EAS had a menu; EAS's are `eas-specs`. */
export function createEcsSpecCache(redis: Redis, keys: KeySpace, product: SpecProduct = 'dlc'): EcsSpecCache {
  const base = product === 'dlc' ? 'ecs-specs' : 'eas-specs';
  const listKey = keys.key(base);
  const refreshKey = keys.key(base, 'refresh');
  return {
    read: async () => parse(await redis.get(listKey)),
    async write(list) {
      const value = JSON.stringify({ fetchedAt: list.fetchedAt, specs: list.specs.map(slim) });
      await redis.set(listKey, value, 'PX', KEEP_MS);
    },
    async claimRefresh(leaseMs) {
      if ((await redis.set(refreshKey, 'pending', 'PX', leaseMs, 'NX')) === 'OK') return 'claimed';
      return (await redis.get(refreshKey)) === 'failed' ? 'failed' : 'pending';
    },
    async refreshState() {
      const state = await redis.get(refreshKey);
      return state === 'failed' || state === 'pending' ? state : undefined;
    },
    async refreshFailed(backoffMs) {
      await redis.set(refreshKey, 'failed', 'PX', backoffMs);
    },
    async refreshDone() {
      await redis.del(refreshKey);
    },
  };
}
