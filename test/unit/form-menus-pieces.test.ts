// The pieces behind the submit form's menus, alone: the instance list's budget (a cache that never fills or a Redis
// that hangs still answers in time), the paging of ListEcsSpecs, and which workspaces a user may use when a user-group
// lookup is slow (left out, as the typed command fails closed). The whole path runs in
// test/integration/form-menus.test.ts.

import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { workspacesOpenTo } from '../../src/actions/approvals/change-policy.js';
import type { Directory } from '../../src/actions/approvals/approver-directory.js';
import type { CachedSpecs, EcsSpecCache } from '../../src/actions/instance-menus/ecs-spec-cache.js';
import { instanceSpecs } from '../../src/actions/instance-menus/instance-specs.js';
import { listAllEcsSpecs, refreshEcsSpecs } from '../../src/actions/training/refresh-ecs-specs.js';
import type { ActionContext } from '../../src/actions/action-context.js';
import type { DlcSpecsJob } from '../../src/actions/action-jobs.js';
import type { WorkspaceConfig } from '../../src/config/file-schema.js';
import type { DlcClient } from '../../src/pai/dlc-client.js';
import type { EcsSpec } from '../../src/pai/dlc-types.js';

const never = new Promise<never>(() => undefined);
const clock = { now: () => 1_000_000 };

function memoryCache(over: Partial<EcsSpecCache> = {}): EcsSpecCache & { refreshes: number } {
  let list: CachedSpecs | undefined;
  let state: 'pending' | 'failed' | undefined;
  const cache = {
    refreshes: 0,
    read: async () => list,
    write: async (l: CachedSpecs) => void (list = l),
    claimRefresh: async () => (state ? state : ((state = 'pending'), 'claimed' as const)),
    refreshState: async () => state,
    refreshFailed: async () => void (state = 'failed'),
    refreshDone: async () => void (state = undefined),
    ...over,
  };
  return cache;
}

describe('instanceSpecs', () => {
  it('without a list, waits no longer than its budget, and asks for one refresh', async () => {
    const cache = memoryCache();
    let asked = 0;
    const started = Date.now();
    const got = await instanceSpecs({ cache, clock, budgetMs: 200, requestRefresh: async () => void asked++ });
    expect(got).toEqual({ source: 'fallback', why: 'late' });
    expect(Date.now() - started).toBeLessThan(400);
    expect(asked).toBe(1);
  });

  it('a Redis that does not answer makes it fall back within the budget', async () => {
    const cache = memoryCache({ read: () => never });
    const started = Date.now();
    const got = await instanceSpecs({ cache, clock, budgetMs: 150, requestRefresh: async () => undefined });
    expect(got).toMatchObject({ source: 'fallback' });
    expect(Date.now() - started).toBeLessThan(350);
  });

  it('answers from a fresh list without asking, and from a stale one at once while asking', async () => {
    const cache = memoryCache();
    const specs: EcsSpec[] = [{ InstanceType: 'ecs.g6.xlarge' }];
    await cache.write({ fetchedAt: clock.now() - 10, specs });
    let asked = 0;
    const deps = { cache, clock, budgetMs: 200, ttlMs: 100, requestRefresh: async () => void asked++ };
    expect(await instanceSpecs(deps)).toMatchObject({ source: 'pai', specs });
    expect(asked).toBe(0);
    await cache.write({ fetchedAt: clock.now() - 1_000, specs });
    expect(await instanceSpecs(deps)).toMatchObject({ source: 'pai', specs });
    expect(await instanceSpecs(deps)).toMatchObject({ source: 'pai', specs });
    expect(asked).toBe(1);
  });
});

describe('refreshEcsSpecs', () => {
  it('lists every page, CPU and GPU alike, into the cache; a failure is recorded, not thrown', async () => {
    const all = Array.from({ length: 230 }, (_, i) => ({ InstanceType: `ecs.t${i}.xlarge` }));
    const pages: number[] = [];
    const dlc = {
      listEcsSpecs: async (q: { PageNumber?: number; PageSize?: number } = {}) => {
        pages.push(q.PageNumber ?? 0);
        const from = ((q.PageNumber ?? 1) - 1) * (q.PageSize ?? 10);
        return { RequestId: 'r', EcsSpecs: all.slice(from, from + (q.PageSize ?? 10)), TotalCount: all.length };
      },
    };
    expect((await listAllEcsSpecs(dlc)).length).toBe(230);
    expect(pages).toEqual([1, 2, 3]);

    const cache = memoryCache();
    const ctx = (client: Pick<DlcClient, 'listEcsSpecs'>) =>
      ({ dlc: client, clock, log: pino({ level: 'silent' }) }) as unknown as ActionContext<DlcSpecsJob>;
    await refreshEcsSpecs(cache)(ctx(dlc));
    expect((await cache.read())?.specs).toHaveLength(230);
    const failing = memoryCache();
    await refreshEcsSpecs(failing)(ctx({ listEcsSpecs: async () => Promise.reject(new Error('503')) }));
    expect(await failing.refreshState()).toBe('failed');
    expect(await failing.read()).toBeUndefined();
  });
});

describe('workspacesOpenTo', () => {
  const ws = (name: string, operators?: string[]): WorkspaceConfig =>
    ({
      name,
      id: name,
      env: 'dev',
      channels: [],
      approvers: [],
      approvals_required: 1,
      ...(operators ? { operators } : {}),
    }) as WorkspaceConfig;
  const directory: Directory = {
    includes: (list, user) =>
      list.some((id) => id.startsWith('S0SLOW')) ? never : Promise.resolve(list.includes(user)),
  };

  it('keeps the workspaces without operators and those the user operates; a lookup too slow leaves one out', async () => {
    const started = Date.now();
    const got = await workspacesOpenTo(
      [ws('open'), ws('mine', ['U0ALICE']), ws('theirs', ['U0BOB']), ws('slow', ['S0SLOW'])],
      'U0ALICE',
      directory,
      100,
    );
    expect(got.open.map((w) => w.name)).toEqual(['open', 'mine']);
    expect(got.unchecked).toBe(1);
    expect(Date.now() - started).toBeLessThan(300);
  });
});
