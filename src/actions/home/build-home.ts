// What one user's App Home shows, read from Redis only (no PAI call per open, so opening the tab costs nothing
// at PAI and answers at once): their jobs and services the watchers follow (tracked-jobs.ts, tracked-services.ts),
// the pending approval requests they may decide (approver directly or through a user group, never their own),
// the open alert episodes when they are on-call for that workspace, and the workspaces with their channels.
//
// In two steps, so the refresh (refresh-homes.ts) builds every user's Home from one read: readHomeSources reads
// Redis once, homeFor picks one user's part of it.

import type { FileConfig } from '../../config/file-schema.js';
import { isTerminalJobStatus } from '../../pai/dlc-types.js';
import type { OpenEpisode } from '../alerts/episodes.js';
import { alertsFor } from '../alerts/alert-routing.js';
import type { Directory } from '../approvals/approver-directory.js';
import type { ApprovalRequest, RequestStore } from '../approvals/request-store.js';
import type { TrackedJob } from '../watchers/tracked-jobs.js';
import type { TrackedService } from '../watchers/tracked-services.js';

export interface HomeDeps {
  trackedJobs: { all(): Promise<TrackedJob[]> };
  trackedServices: { all(): Promise<TrackedService[]> };
  requests: Pick<RequestStore, 'pendingIds' | 'get'>;
  directory: Directory;
  episodes: { list(): Promise<OpenEpisode[]> };
  config: Pick<FileConfig, 'region' | 'workspaces' | 'alerts'>;
  now(): number;
}

export interface HomeData {
  user: string;
  region: string;
  now: number;
  jobs: TrackedJob[];
  services: TrackedService[];
  /** Pending requests this user may approve or reject, oldest first. */
  decidable: ApprovalRequest[];
  /** Open episodes of the workspaces this user is on-call for, oldest first. */
  alerts: OpenEpisode[];
  workspaces: { name: string; id: string; env: 'dev' | 'prod'; channels: string[] }[];
}

/** Everything any user's Home is built from, read once. */
export interface HomeSources {
  now: number;
  jobs: TrackedJob[];
  services: TrackedService[];
  /** Pending requests not yet expired at `now`. */
  pending: ApprovalRequest[];
  open: OpenEpisode[];
}

/** Requests read per build at most: the pending set is bounded by the per-workspace limit, this bounds it again. */
const MAX_REQUESTS_READ = 200;

export async function readHomeSources(deps: HomeDeps): Promise<HomeSources> {
  const now = deps.now();
  const [jobs, services, pendingIds, open] = await Promise.all([
    deps.trackedJobs.all(),
    deps.trackedServices.all(),
    deps.requests.pendingIds(),
    deps.episodes.list(),
  ]);
  const requests = await Promise.all(pendingIds.slice(0, MAX_REQUESTS_READ).map((id) => deps.requests.get(id)));
  const pending = requests.filter((r): r is ApprovalRequest => r?.status === 'pending' && r.expiresAt > now);
  return { now, jobs, services, pending, open };
}

/** One user's part of the sources (user groups resolved through the directory, which caches them). */
export async function homeFor(
  deps: Pick<HomeDeps, 'directory' | 'config'>,
  sources: HomeSources,
  user: string,
): Promise<HomeData> {
  const decidable: ApprovalRequest[] = [];
  for (const r of sources.pending) {
    if (r.requester === user) continue;
    if (await deps.directory.includes(r.approvers, user)) decidable.push(r);
  }
  const onCall = new Map<string, boolean>();
  const alerts: OpenEpisode[] = [];
  for (const e of sources.open) {
    if (!onCall.has(e.workspaceId)) {
      // Nobody named to mention: whoever is in the alerts channel is on-call, so everyone sees them.
      const mention = alertsFor(deps.config, e.workspaceId)?.mention ?? [];
      onCall.set(e.workspaceId, mention.length === 0 || (await deps.directory.includes(mention, user)));
    }
    if (onCall.get(e.workspaceId)) alerts.push(e);
  }
  return {
    user,
    region: deps.config.region,
    now: sources.now,
    jobs: sources.jobs
      .filter((j) => j.requester === user && !isTerminalJobStatus(j.status))
      .sort((a, b) => b.submittedAt - a.submittedAt),
    services: sources.services
      .filter((s) => s.requester === user && !s.external)
      .sort((a, b) => a.service.localeCompare(b.service)),
    decidable: decidable.sort((a, b) => a.createdAt - b.createdAt),
    alerts,
    workspaces: deps.config.workspaces.map((w) => ({ name: w.name, id: w.id, env: w.env, channels: [...w.channels] })),
  };
}

export async function buildHome(deps: HomeDeps, user: string): Promise<HomeData> {
  return homeFor(deps, await readHomeSources(deps), user);
}
