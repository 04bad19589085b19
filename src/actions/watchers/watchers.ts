// Everything the worker role does on its own every poll_interval, in order: follow the DLC jobs (and, `watch: all`,
// their failures), follow the EAS services, expire or requeue approval requests, post the idle-notebook digests, and
// republish the App Homes that what came before changed. Each part is also callable alone (tests and the bench drive
// them without the interval loop).

import type { ViewPublisher } from '../../slack-out/view-publisher.js';
import type { ApprovalDeps } from '../approvals/approval-deps.js';
import { createHomeStore } from '../home/home-store.js';
import { type HomeRefreshReport, refreshHomes } from '../home/refresh-homes.js';
import { type SweepReport, sweepRequests } from '../approvals/sweep-requests.js';
import type { DswClient } from '../../pai/dsw-client.js';
import type { PriceBook } from '../costs/price-book.js';
import { type IdleDigestDeps, type IdleDigestReport, postIdleDigests } from '../notebooks/post-idle-digest.js';
import type { PollReport } from './poll-dlc-jobs.js';
import { type EasPollDeps, type EasPollReport, pollEasServices } from './poll-eas-services.js';
import { pollTraining, type TrainingPollDeps } from './poll-training.js';

export type WatcherDeps = Omit<TrainingPollDeps, 'store'> &
  Omit<EasPollDeps, 'store'> &
  Pick<IdleDigestDeps, 'outbox'> & {
    trackedJobs: TrainingPollDeps['store'];
    trackedServices: EasPollDeps['store'];
    dsw: DswClient;
    prices: PriceBook;
    approvals: ApprovalDeps;
    /** views.publish, for the App Homes. */
    views: ViewPublisher;
  };

export interface Watchers {
  pollNow(): Promise<PollReport>;
  pollServicesNow(): Promise<EasPollReport>;
  sweepApprovalsNow(): Promise<SweepReport>;
  pollNotebooksNow(): Promise<IdleDigestReport>;
  refreshHomesNow(): Promise<HomeRefreshReport>;
  /** One whole cycle, each part after the other. */
  pollAll(): Promise<void>;
}

export function createWatchers(d: WatcherDeps): Watchers {
  const { app_home: appHome } = d.approvals.config;
  const home = {
    trackedJobs: d.trackedJobs,
    trackedServices: d.trackedServices,
    requests: d.approvals.store,
    directory: d.approvals.directory,
    episodes: { list: async () => (d.onCall ? d.onCall.episodes.list() : []) },
    config: d.approvals.config,
    now: () => d.clock.now(),
    homes: createHomeStore(d.redis, d.keys, {
      openedWithinMs: appHome.opened_within,
      publishesPerMinute: appHome.publishes_per_minute,
    }),
    views: d.views,
    log: d.log.child({ component: 'app-home' }),
  };
  const w: Watchers = {
    pollNow: () => pollTraining({ ...d, store: d.trackedJobs }),
    pollServicesNow: () => pollEasServices({ ...d, store: d.trackedServices }),
    sweepApprovalsNow: () => sweepRequests(d.approvals),
    pollNotebooksNow: () => postIdleDigests(d),
    refreshHomesNow: () => refreshHomes(home),
    async pollAll() {
      await w.pollNow();
      await w.pollServicesNow();
      await w.sweepApprovalsNow();
      await w.pollNotebooksNow();
      // Last: it shows what the steps before it changed.
      await w.refreshHomesNow();
    },
  };
  return w;
}
