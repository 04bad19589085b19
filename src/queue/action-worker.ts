// The worker side of the action queue: the only code path that calls PAI. Transient failures are
// retried by BullMQ with our jittered backoff; everything else fails once, with one message.

import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { describeFailure, isRetryableError } from '../errors/to-user-text.js';
import { backoffDelayMs } from '../pai/retry.js';
import type { ActionContext, ActionHandler, ActionServices } from './action-context.js';
import { ACTION_QUEUE, type ActionJob, type ActionType } from './action-jobs.js';
import { describeAction } from './describe-action.js';
import type { RetryPolicy } from './enqueue-action.js';

export type ActionHandlers = { [K in ActionType]: ActionHandler<Extract<ActionJob, { type: K }>> };

export interface ActionWorkerOptions {
  connection: Redis;
  prefix: string;
  services: ActionServices;
  handlers: ActionHandlers;
  retry: RetryPolicy;
  concurrency?: number;
  log: Logger;
}

export function createActionWorker({ connection, prefix, services, handlers, retry, concurrency = 8, log }: ActionWorkerOptions): Worker<ActionJob> {
  const processor = async (job: Job<ActionJob>) => {
    const data = job.data;
    const jobLog = log.child({ queueJobId: job.id, action: data.type, user: data.requester.userId, attempt: job.attemptsMade + 1 });
    const ctx: ActionContext = {
      ...services,
      log: jobLog,
      attempt: job.attemptsMade,
      job: data,
      async checkpoint(progress) {
        const next = { ...job.data, progress } as ActionJob;
        await job.updateData(next);
      },
    };
    try {
      await (handlers[data.type] as ActionHandler<ActionJob>)(ctx);
      jobLog.info('action done');
    } catch (err) {
      const attempts = job.opts.attempts ?? 1;
      const retryable = isRetryableError(err);
      if (retryable && job.attemptsMade + 1 < attempts) {
        jobLog.warn({ err }, 'action failed; will retry');
        throw err;
      }
      jobLog.error({ err }, retryable ? 'action failed; attempts exhausted' : 'action failed; not retryable');
      const text = describeFailure(err, { what: describeAction(data), attempts: job.attemptsMade + 1, exhausted: retryable, ref: String(job.id) });
      await services.slack.tell(data.requester, { text }).catch((tellErr: unknown) => jobLog.error({ err: tellErr }, 'could not tell the user about the failure'));
      throw new UnrecoverableError(text);
    }
  };

  return new Worker<ActionJob>(ACTION_QUEUE, processor, {
    connection,
    prefix,
    concurrency,
    settings: { backoffStrategy: (attemptsMade: number) => backoffDelayMs(attemptsMade, { baseMs: retry.baseDelayMs, maxMs: retry.maxDelayMs }) },
  });
}
