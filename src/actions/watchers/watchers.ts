// Everything the worker role does on its own every poll_interval, in order: follow the DLC jobs (and, `watch: all`,
// their failures), follow the EAS services, expire or requeue approval requests, and post the idle-notebook digests.
// Each part is also callable alone (tests and the bench drive them without the interval loop).

import type { ApprovalDeps } from '../approvals/approval-deps.js';
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
  };

export interface Watchers {
  pollNow(): Promise<PollReport>;
  pollServicesNow(): Promise<EasPollReport>;
  sweepApprovalsNow(): Promise<SweepReport>;
  pollNotebooksNow(): Promise<IdleDigestReport>;
  /** One whole cycle, each part after the other. */
  pollAll(): Promise<void>;
}

export function createWatchers(d: WatcherDeps): Watchers {
  const w: Watchers = {
    pollNow: () => pollTraining({ ...d, store: d.trackedJobs }),
    pollServicesNow: () => pollEasServices({ ...d, store: d.trackedServices }),
    sweepApprovalsNow: () => sweepRequests(d.approvals),
    pollNotebooksNow: () => postIdleDigests(d),
    async pollAll() {
      await w.pollNow();
      await w.pollServicesNow();
      await w.sweepApprovalsNow();
      await w.pollNotebooksNow();
    },
  };
  return w;
}
