// What a worker hands each use case: the clients and stores it may use, nothing global.

import type { Logger } from 'pino';
import type { AlertDeps } from './alerts/alert-once.js';
import type { Directory } from './approvals/approver-directory.js';
import type { Clock } from '../time/clock.js';
import type { FileConfig } from '../config/file-schema.js';
import type { Outbox } from '../slack-out/outbox.js';
import type { SlackOutput } from '../slack-out/slack-output.js';
import type { DlcClient } from '../pai/dlc-client.js';
import type { DswClient } from '../pai/dsw-client.js';
import type { EasClient } from '../pai/eas-client.js';
import type { WorkspaceClient } from '../pai/workspace-client.js';
import type { OssProbe } from '../oss/oss-client.js';
import type { TrackedJobStore } from './watchers/tracked-jobs.js';
import type { TrackedServiceStore } from './watchers/tracked-services.js';
import type { ActionJob, ActionProgress } from './action-jobs.js';

export interface ActionServices {
  dlc: DlcClient;
  eas: EasClient;
  dsw: DswClient;
  workspaces: WorkspaceClient;
  oss: OssProbe;
  /** Answers to one person (tell) and anything that must not wait on a channel's pace. */
  slack: SlackOutput;
  /** Cards and thread replies: stored in Redis, sent in the channel's turn, so an action never waits for it. */
  outbox: Outbox;
  trackedJobs: TrackedJobStore;
  trackedServices: TrackedServiceStore;
  config: FileConfig;
  region: string;
  clock: Clock;
  /** Resolves user groups in operators and approvers. */
  directory: Directory;
  /** On-call alerts, once per resource and cause. */
  alerting: AlertDeps;
  /**
   * What a job is called in messages ("dlc submit train-1"): derived from the grammar's verb table, which the use
   * cases may not import, so the composition root hands it in.
   */
  describeAction: (job: ActionJob) => string;
}

export interface ActionContext<T extends ActionJob = ActionJob> extends ActionServices {
  log: Logger;
  /** 0 on the first run of this job, 1 on the first retry, … */
  attempt: number;
  /** True when a failure now will not be retried. */
  lastAttempt: boolean;
  /** What earlier attempts of this queued job got done (empty on the first). */
  progress: ActionProgress;
  /** Saves progress in the queued job (not in its data) so a retry skips what already happened. */
  checkpoint(progress: ActionProgress): Promise<void>;
  job: T;
  /** The queued job's id (its idempotency key): what an approval request or a run is tied to. */
  queueJobId: string;
}

export type ActionHandler<T extends ActionJob> = (ctx: ActionContext<T>) => Promise<void>;

/**
 * A change as the worker runs it: wrapped by the prod gate (src/actions/approvals/with-approval-gate.ts), the only way
 * to make one, so a change handler cannot be registered ungated. `abandoned` settles what the gate opened when the
 * queued change fails for good.
 */
export type GatedHandler<T extends ActionJob> = ActionHandler<T> & {
  readonly gated: true;
  abandoned(ctx: ActionContext<T>, why: string): Promise<void>;
};
