// The worker side of the action queue: the only code path that calls PAI. Transient failures are
// retried by BullMQ with our jittered backoff; everything else fails once, with one message.

import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { BotError } from '../errors/catalogue.js';
import { describeFailure, isRetryableError } from '../errors/to-user-text.js';
import { backoffDelayMs } from '../pai/retry.js';
import type { Metrics } from '../metrics/metrics.js';
import type { ActionContext, ActionHandler, ActionServices, GatedHandler } from '../actions/action-context.js';
import { ACTION_QUEUE, isMutatingJob } from '../actions/action-jobs.js';
import type { ActionJob, ActionProgress, ActionType, JobOf, MutatingJob } from '../actions/action-jobs.js';
import { settleTicket } from './ack-ticket.js';
import type { RetryPolicy } from './enqueue-action.js';
import { keySpace } from '../redis/redis.js';

/** Lookups are plain handlers; a change must be wrapped by the prod gate (src/actions/approvals/with-approval-gate.ts). */
export type ActionHandlers = {
  [K in ActionType]: JobOf<K> extends MutatingJob ? GatedHandler<JobOf<K>> : ActionHandler<JobOf<K>>;
};

export interface ActionWorkerOptions {
  connection: Redis;
  prefix: string;
  services: ActionServices;
  handlers: ActionHandlers;
  retry: RetryPolicy;
  concurrency?: number;
  log: Logger;
  /** Called once a queued change is finished for good (done or failed), e.g. to release its fair-use slot. */
  onChangeSettled?: (job: MutatingJob, queueJobId: string) => Promise<void>;
  /**
   * How long a worker holds a job before another may take it over as stalled (BullMQ lockDuration),
   * and how often stalled jobs are looked for. BullMQ's defaults (30 s each) suit production;
   * tests shorten them to show recovery after a SIGKILL.
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  metrics?: Metrics;
}

/**
 * An action whose worker dies part-way (SIGKILL, OOM, a lost node) is handed to another worker by BullMQ's
 * stalled-job recovery and run again; that is safe, every action is checkpointed. It is run at most this many
 * times, so an action that kills its worker cannot take down one worker after another. BullMQ itself fails a
 * job that stalls more than maxStalledCount times inside a Lua script, silently (no processor runs, nobody is
 * told); so it is allowed as many recoveries as there are runs, and the pickup after the last interrupted run
 * does nothing but tell the requester.
 */
export const MAX_INTERRUPTED_RUNS = 2;

export function createActionWorker({
  connection,
  prefix,
  services,
  handlers,
  retry,
  concurrency = 8,
  log,
  onChangeSettled,
  lockDurationMs,
  stalledIntervalMs,
  metrics,
}: ActionWorkerOptions): Worker<ActionJob> {
  const keys = keySpace(prefix);
  const { describeAction } = services;
  const processor = async (job: Job<ActionJob>) => {
    const data = job.data;
    const started = performance.now();
    if (job.attemptsMade === 0) metrics?.queueLatency(Math.max(0, Date.now() - job.timestamp) / 1000);
    const jobLog = log.child({
      queueJobId: job.id,
      action: data.type,
      user: data.requester.userId,
      attempt: job.attemptsMade + 1,
    });
    const ctx: ActionContext = {
      ...services,
      log: jobLog,
      attempt: job.attemptsMade,
      lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      job: data,
      queueJobId: String(job.id),
      progress: typeof job.progress === 'object' && job.progress !== null ? (job.progress as ActionProgress) : {},
      async checkpoint(progress) {
        // Into the job's progress, never its data: the data is what was asked and approved.
        await job.updateProgress(progress as object);
        ctx.progress = progress;
      },
    };
    const settled = () =>
      isMutatingJob(data)
        ? onChangeSettled?.(data, String(job.id)).catch((err: unknown) =>
            jobLog.warn({ err }, 'could not release the fair-use slot'),
          )
        : undefined;
    try {
      if (job.stalledCounter >= MAX_INTERRUPTED_RUNS) {
        throw new BotError(
          'INTERNAL',
          `${describeAction(data)} was stopped: the worker running it was interrupted ${job.stalledCounter} times (restarted or killed part-way), so the bot gave up on it (reference ${String(job.id)}). Part of it may have reached PAI already: check /pai dlc list --mine or /pai eas list before you run it again.`,
        );
      }
      if (isMutatingJob(data) && (await settleTicket(connection, keys, String(job.id), 'run')) === 'void') {
        // The web role told the requester this was not queued (Redis was too slow to confirm it); it never runs.
        jobLog.warn('change dropped unrun: its requester was told it was not queued');
        await settled();
        metrics?.action(data.type, 'failed', (performance.now() - started) / 1000);
        return;
      }
      await (handlers[data.type] as ActionHandler<ActionJob>)(ctx);
      jobLog.info('action done');
      await settled();
      metrics?.action(data.type, 'done', (performance.now() - started) / 1000);
    } catch (err) {
      const attempts = job.opts.attempts ?? 1;
      const retryable = isRetryableError(err);
      if (retryable && job.attemptsMade + 1 < attempts) {
        jobLog.warn({ err }, 'action failed; will retry');
        metrics?.action(data.type, 'retry', (performance.now() - started) / 1000);
        throw err;
      }
      jobLog.error({ err }, retryable ? 'action failed; attempts exhausted' : 'action failed; not retryable');
      metrics?.action(data.type, 'failed', (performance.now() - started) / 1000);
      const failure = describeFailure(err, {
        what: describeAction(data),
        attempts: job.attemptsMade + 1,
        exhausted: retryable,
        ref: String(job.id),
      });
      const text = ctx.progress.applied
        ? `PAI made the change (it is not sent again); what failed afterwards: ${failure}`
        : failure;
      if (isMutatingJob(data))
        await (handlers[data.type] as GatedHandler<MutatingJob>)
          .abandoned(ctx as ActionContext<MutatingJob>, text)
          .catch((gateErr: unknown) => jobLog.error({ err: gateErr }, 'could not settle the approval request'));
      await settled();
      await services.slack
        .tell(data.requester, { text })
        .catch((tellErr: unknown) => jobLog.error({ err: tellErr }, 'could not tell the user about the failure'));
      throw new UnrecoverableError(text);
    }
  };

  return new Worker<ActionJob>(ACTION_QUEUE, processor, {
    connection,
    prefix,
    concurrency,
    maxStalledCount: MAX_INTERRUPTED_RUNS,
    ...(lockDurationMs ? { lockDuration: lockDurationMs } : {}),
    ...(stalledIntervalMs ? { stalledInterval: stalledIntervalMs } : {}),
    settings: {
      backoffStrategy: (attemptsMade: number) =>
        backoffDelayMs(attemptsMade, { baseMs: retry.baseDelayMs, maxMs: retry.maxDelayMs }),
    },
  });
}
