// One refresh step of the App Homes (src/actions/home/refresh-homes.ts) over counting stand-ins for its stores: the
// tracked jobs and services, the pending requests and the open episodes are read once a step however many Homes it
// builds, and not at all when nobody opened theirs. Redis itself is covered by test/integration/app-home-refresh.test.ts.

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { HomeStore } from '../../src/actions/home/home-store.js';
import { refreshHomes, type HomeRefreshDeps } from '../../src/actions/home/refresh-homes.js';
import type { TrackedJob } from '../../src/actions/watchers/tracked-jobs.js';
import type { HomeView } from '../../src/render/app-home.js';
import { pendingRequest } from '../support/approval-request.js';

function job(requester: string, name: string): TrackedJob {
  return {
    jobId: `dlc-${name}`,
    name,
    workspace: { name: 'dev', id: '100001' },
    channelId: 'C0DEV',
    requester,
    status: 'Running',
    jobType: 'PyTorchJob',
    workers: 1,
    image: 'img:1',
    submittedAt: 1,
    misses: 0,
    rev: 1,
  };
}

/** The home store in memory: marks by user, claims as claimHomeView-2.lua decides them (no budget). */
function memoryHomes(users: string[]): HomeStore & { marks_: Map<string, string> } {
  const marks_ = new Map<string, string>();
  let n = 0;
  return {
    marks_,
    opened: async () => undefined,
    recentUsers: async () => [...users],
    marks: async (us) => us.map((u) => marks_.get(u) ?? ''),
    claim: async (user, read, hash) => {
      if ((marks_.get(user) ?? '') !== read) return 'changed';
      const mark = `${hash}|${++n}`;
      marks_.set(user, mark);
      return { user, mark, previous: read };
    },
    release: async (c) => {
      if (marks_.get(c.user) === c.mark) marks_.set(c.user, c.previous);
    },
    record: async (user, hash) => void marks_.set(user, `${hash}|${++n}`),
  };
}

function deps(users: string[]) {
  const reads = { jobs: 0, services: 0, pending: 0, requests: 0, episodes: 0 };
  const published: { user: string; view: HomeView }[] = [];
  const d: HomeRefreshDeps = {
    trackedJobs: { all: async () => (reads.jobs++, [job('U0A', 'a-job'), job('U0B', 'b-job')]) },
    trackedServices: { all: async () => (reads.services++, []) },
    requests: {
      pendingIds: async () => (reads.pending++, ['ar-00000001']),
      get: async (id) => (
        reads.requests++,
        pendingRequest({ id, action: {} as never, title: 'dlc submit x', details: [], expiresAt: 10_000_000 })
      ),
    },
    directory: { includes: async (list, user) => list.includes(user) },
    episodes: { list: async () => (reads.episodes++, []) },
    config: { region: 'cn-shanghai', workspaces: [], alerts: undefined },
    now: () => 1_000,
    homes: memoryHomes(users),
    views: { publishHome: async (user, view) => void published.push({ user, view }) },
    log: pino({ level: 'silent' }),
  };
  return { d, reads, published };
}

describe('refreshHomes', () => {
  it('reads the stores once for every Home of the step, and publishes each Home that changed', async () => {
    const users = ['U0A', 'U0B', 'U0APPR1', 'U0C'];
    const { d, reads, published } = deps(users);
    expect(await refreshHomes(d)).toMatchObject({ users: 4, published: 4 });
    expect(reads).toEqual({ jobs: 1, services: 1, pending: 1, requests: 1, episodes: 1 });
    expect(published.map((p) => p.user)).toEqual(users);
    expect(JSON.stringify(published[0]!.view)).toContain('a-job');
    expect(JSON.stringify(published[2]!.view)).toContain('ar-00000001'); // U0APPR1 may decide it

    // Nothing changed: read once more, nothing published.
    expect(await refreshHomes(d)).toMatchObject({ users: 4, published: 0, unchanged: 4 });
    expect(reads.jobs).toBe(2);
    expect(published).toHaveLength(4);
  });

  it('reads nothing when nobody opened their Home lately', async () => {
    const { d, reads } = deps([]);
    expect(await refreshHomes(d)).toMatchObject({ users: 0, published: 0 });
    expect(reads).toEqual({ jobs: 0, services: 0, pending: 0, requests: 0, episodes: 0 });
  });
});
