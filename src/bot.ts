// Composition root shared by main.ts, the sandbox and the integration tests: config in, a running
// web and/or worker role out. Every dependency is created here and passed down.

import { Queue, type Worker } from 'bullmq';
import type { Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { ApprovalDeps } from './actions/approvals/approval-deps.js';
import { createDirectory } from './actions/approvals/approver-directory.js';
import { createAuditLog } from './actions/approvals/audit-log.js';
import { createRequestStore } from './actions/approvals/request-store.js';
import type { SweepReport } from './actions/approvals/sweep-requests.js';
import { systemClock, type Clock } from './time/clock.js';
import { configSecrets } from './config/config-secrets.js';
import type { Config } from './config/load-config.js';
import { createScrubber } from './log/scrub.js';
import { createOutbox } from './slack-out/outbox.js';
import { startOutboxDrainer } from './slack-out/outbox-drainer.js';
import { createWebClient } from './slack-out/slack-output.js';
import { createOutput } from './slack-out/create-output.js';
import { createPaiClients } from './pai/create-clients.js';
import { opsRoutes, startOpsServer } from './ops/ops-routes.js';
import { createMetrics, mergedRegistry } from './metrics/metrics.js';
import { createQueueDashboardRoutes } from './ops/queue-dashboard.js';
import { ACTION_QUEUE, type ActionJob } from './actions/action-jobs.js';
import { createActionWorker } from './queue/action-worker.js';
import { actionHandlers } from './queue/action-handlers.js';
import type { HomeRefreshReport } from './actions/home/refresh-homes.js';
import {
  createEnqueuer,
  DEFAULT_RETRY,
  LOOKUP_BATCH,
  type LookupBatch,
  type RetryPolicy,
} from './queue/enqueue-action.js';
import { createRedis, keySpace, redisHealthy } from './redis/redis.js';
import { createSlackApp } from './slack/create-slack-app.js';
import { describeAction } from './slack/grammar/describe-action.js';
import { createAlertEpisodes } from './actions/alerts/episodes.js';
import { registerListeners } from './slack/register-listeners.js';
import { createOssProbe, ossProbeOptions } from './oss/oss-client.js';
import { createEcsSpecCache } from './actions/instance-menus/ecs-spec-cache.js';
import type { PollReport } from './actions/watchers/poll-dlc-jobs.js';
import type { EasPollReport } from './actions/watchers/poll-eas-services.js';
import { startPollLoop, type PollLoop } from './actions/watchers/poll-loop.js';
import { createPollHealth } from './actions/watchers/poll-health.js';
import { createTrackedJobStore } from './actions/watchers/tracked-jobs.js';
import { createTrackedServiceStore } from './actions/watchers/tracked-services.js';
import { recordPostedCard } from './actions/record-posted-card.js';
import { configPriceBook } from './actions/costs/price-book.js';
import type { IdleDigestReport } from './actions/notebooks/post-idle-digest.js';
import { createWatchers } from './actions/watchers/watchers.js';

export interface BotOptions {
  config: Config;
  log: Logger;
  clock?: Clock;
  /** Prefix of every Redis key, queues included; tests use one per test. */
  keyPrefix?: string;
  retry?: RetryPolicy;
  /** false = do not start the interval poller (tests call the poll functions). */
  autoPoll?: boolean;
  /** PAI read/connect timeout; the transport's default (10 s) when unset. */
  paiTimeoutMs?: number;
  /** BullMQ lock and stalled-check intervals (see createActionWorker); BullMQ's defaults when unset. */
  worker?: { lockDurationMs?: number; stalledIntervalMs?: number };
  /** Slack output pacing; about one message per second per channel when unset, shared by all replicas (perProcess: each process alone, as before; the bench compares them). */
  slackPacing?: { perChannelIntervalMs?: number; perProcess?: boolean };
  /** How lookups share queue writes (see enqueue-action.ts); LOOKUP_BATCH when unset. */
  lookupBatch?: LookupBatch;
  /** How long a change's queue write may take before it is abandoned (src/slack/listeners/queue-with-receipt.ts); tests shorten it. */
  enqueueTimeoutMs?: number;
  /**
   * The worker role of an all-in-one process, in a thread of its own (see start-process.ts): no HTTP
   * server, and no process-wide metrics or shared-state gauges, which the main thread reports.
   */
  workerThread?: boolean;
  /** Metrics from elsewhere in this process (the worker thread), merged into /metrics. */
  moreMetrics?: () => Promise<MetricObjectWithValues<MetricValue<string>>[]>;
}

export interface RunningBot {
  /** The HTTP port: the Slack receiver of the web role, or /healthz and /metrics of a worker-only process. */
  port: number;
  /** Runs one poll cycle over tracked training jobs now (worker role). */
  pollNow(): Promise<PollReport>;
  /** Runs one poll cycle over tracked EAS services now (worker role). */
  pollServicesNow(): Promise<EasPollReport>;
  /** Posts the idle-notebook digest of each workspace whose digest is due (worker role). */
  pollNotebooksNow(): Promise<IdleDigestReport>;
  /** Expires due approval requests and queues approved ones that were never queued (worker role). */
  sweepApprovalsNow(): Promise<SweepReport>;
  /** Republishes the App Homes opened lately whose view changed (worker role). */
  refreshHomesNow(): Promise<HomeRefreshReport>;
  /** This bot's metrics, for a main thread to merge (`moreMetrics`). */
  metricsJson(): Promise<MetricObjectWithValues<MetricValue<string>>[]>;
  stop(): Promise<void>;
}

export async function startBot({
  config,
  log,
  clock = systemClock,
  keyPrefix = 'paibot',
  retry = DEFAULT_RETRY,
  autoPoll = true,
  paiTimeoutMs,
  worker: workerTuning = {},
  slackPacing = {},
  lookupBatch = LOOKUP_BATCH,
  workerThread = false,
  moreMetrics,
  enqueueTimeoutMs,
}: BotOptions): Promise<RunningBot> {
  const keys = keySpace(keyPrefix);
  const redis = createRedis(config.redisUrl, 'pai-bot', log);
  const scrub = createScrubber(configSecrets(config));
  const webClient = createWebClient(config.slack.botToken, config.slack.apiUrl, log);
  // Lookups (user groups) use a client that waits out 429s itself; all output goes through one
  // paced, coalescing path whose client reports 429s so only that channel pauses.
  const metrics = createMetrics({ defaultMetrics: !workerThread });
  const output = createOutput({
    botToken: config.slack.botToken,
    ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}),
    redis,
    keys,
    scrub,
    observe: metrics.slackCall,
    pacing: slackPacing,
    log,
  });
  const { direct: directSlack, paced: slack, postJson, views } = output;
  // What worker actions post waits here, in Redis, for its channel's turn (src/slack-out/outbox.ts).
  const outbox = createOutbox(redis, keys);
  const trackedJobs = createTrackedJobStore(redis, keys);
  const trackedServices = createTrackedServiceStore(redis, keys);
  const directory = createDirectory(webClient, clock, log.child({ component: 'directory' }));
  // Both roles queue work: the web role for commands and approvals, the worker for approved requests it finds unqueued.
  const queue = new Queue<ActionJob>(ACTION_QUEUE, { connection: redis, prefix: keyPrefix });
  queue.on('error', () => undefined); // the shared connection's own 'error' listener logs it
  const enqueuer = createEnqueuer(queue, redis, keys, retry, lookupBatch, {
    queuedChangesPerUser: config.file.limits.queued_changes_per_user,
  });
  const approvals: ApprovalDeps = {
    outbox,
    store: createRequestStore(redis, keys),
    audit: createAuditLog(redis, keys, log.child({ component: 'audit' })),
    directory,
    slack,
    enqueuer,
    config: config.file,
    clock,
    log: log.child({ component: 'approvals' }),
  };
  // On-call episodes (Acknowledge, Mute, /pai alerts); the watchers open and close them where alerts are posted.
  const episodes = createAlertEpisodes(redis, keys);
  // Watcher polls that keep failing: one warn per episode, a metric, and /healthz detail (watchers/poll-health.ts).
  const pollHealth = createPollHealth({
    redis,
    keys,
    log: log.child({ component: 'watcher' }),
    counted: metrics.pollFailure,
    now: () => clock.now(),
  });
  // Closed last: pending Slack output drains (bounded) after the receiver and the worker have stopped.
  // Shutdown runs in two phases. First everything that takes in work stops, together (`intake`): the HTTP
  // receiver refuses new commands, the worker fetches no new job and waits for its in-flight actions, the
  // poller finishes its cycle. Only then do the `closers` run, last opened first.
  const intake: (() => Promise<unknown>)[] = [];
  // Lookups acknowledged just before the receiver stopped may still wait for their batch: queued before the queue
  // closes.
  const closers: (() => Promise<unknown>)[] = [
    async () => postJson.close(),
    () => queue.close(),
    () => Promise.race([slack.drain(), delay(10_000)]),
    () => enqueuer.flush(),
  ];
  // Gauges of state kept in Redis are reported once per process, by the main thread.
  if (!workerThread) {
    metrics.setSources({
      queueCounts: () => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'),
      pendingApprovals: async () => (await approvals.store.pendingIds()).length,
      trackedJobs: () => trackedJobs.count(),
      trackedServices: () => trackedServices.count(),
      failingPolls: () => pollHealth.count(),
    });
  }
  const routes = opsRoutes(
    () => redisHealthy(redis),
    moreMetrics ? () => mergedRegistry(metrics.registry, moreMetrics) : metrics.registry,
    async () => ({ polls: await pollHealth.failing() }),
  );
  let port = 0;
  const notAWorker = async (): Promise<never> => {
    throw new Error('this process does not run the worker role');
  };
  let pollNow: () => Promise<PollReport> = notAWorker;
  let pollServicesNow: () => Promise<EasPollReport> = notAWorker;
  let sweepApprovalsNow: () => Promise<SweepReport> = notAWorker;
  let pollNotebooksNow: () => Promise<IdleDigestReport> = notAWorker;
  let refreshHomesNow: () => Promise<HomeRefreshReport> = notAWorker;

  try {
    if (config.role !== 'worker') {
      // The queue dashboard (read-only, behind ADMIN_TOKEN) is served by the web role only.
      const dashboard = createQueueDashboardRoutes({
        ...(config.adminToken ? { token: config.adminToken } : {}),
        queues: [queue],
        log: log.child({ component: 'dashboard' }),
      });
      const app = createSlackApp({ config, log, routes: [...routes, ...dashboard] });
      registerListeners(app, {
        config: config.file,
        enqueuer,
        approvals,
        slack,
        episodes,
        metrics,
        redis,
        keys,
        clock,
        views,
        log,
        ...(enqueueTimeoutMs ? { enqueueTimeoutMs } : {}),
      });
      await app.init();
      const server = (await app.start(config.port)) as Partial<Server> | undefined;
      intake.push(() => app.stop());
      const address = server?.address?.();
      port = address && typeof address === 'object' ? address.port : config.port;
      log.info({ port, mode: config.slack.appToken ? 'socket' : 'http' }, 'web role listening');
    }

    if (config.role !== 'web') {
      const pai = createPaiClients(config, {
        observe: metrics.paiCall,
        ...(paiTimeoutMs ? { timeoutMs: paiTimeoutMs } : {}),
      });
      const oss = createOssProbe(ossProbeOptions(config));
      const onCall = { episodes, now: () => clock.now(), log: log.child({ component: 'on-call' }) };
      const alerting = {
        redis,
        keys,
        slack,
        alerts: config.file.alerts,
        metrics,
        onCall,
        log: log.child({ component: 'alerts' }),
      };
      const services = {
        ...pai,
        oss,
        slack,
        outbox,
        trackedJobs,
        trackedServices,
        directory,
        alerting,
        config: config.file,
        region: config.file.region,
        clock,
        describeAction,
      };
      const drainer = startOutboxDrainer({
        redis,
        keys,
        outbox,
        slack: directSlack,
        intervalMs: slackPacing.perChannelIntervalMs ?? 1_000,
        log: log.child({ component: 'outbox' }),
        onSettled: recordPostedCard({ approvals, trackedJobs, trackedServices, outbox, clock }),
      });
      // After the worker has stopped (closers run after intake): what its last actions queued is sent if due.
      closers.push(() => drainer.stop());
      const workerRedis = createRedis(config.redisUrl, 'pai-bot-worker', log);
      const worker: Worker<ActionJob> = createActionWorker({
        connection: workerRedis,
        prefix: keyPrefix,
        services,
        retry,
        onChangeSettled: (job, queueJobId) => enqueuer.settled(job, queueJobId),
        metrics,
        ...workerTuning,
        log: log.child({ component: 'worker' }),
        // Every change runs through the prod gate: approval requests in prod, approved runs once.
        handlers: actionHandlers(approvals, (product) => createEcsSpecCache(redis, keys, product)),
      });
      worker.on('error', (err) => log.error({ err }, 'worker error'));
      intake.push(() => worker.close());
      closers.push(async () => workerRedis.disconnect());
      const pollLog = log.child({ component: 'watcher' });
      const watchers = createWatchers({
        trackedJobs,
        trackedServices,
        dlc: pai.dlc,
        eas: pai.eas,
        dsw: pai.dsw,
        slack,
        outbox,
        clock,
        log: pollLog,
        config: config.file,
        alerting,
        redis,
        keys,
        metrics,
        onCall,
        health: pollHealth,
        approvals,
        views,
        prices: configPriceBook(config.file.pricing),
      });
      ({ pollNow, pollServicesNow, sweepApprovalsNow, pollNotebooksNow, refreshHomesNow } = watchers);
      if (autoPoll) {
        const poller: PollLoop = startPollLoop({
          name: 'pai',
          intervalMs: config.file.poll_interval,
          redis,
          lockKey: keys.key('lock', 'poll'),
          log: pollLog,
          poll: () => watchers.pollAll(),
          health: pollHealth,
        });
        intake.push(() => poller.stop());
      }
      if (config.role === 'worker' && !workerThread) {
        // A worker-only process serves /healthz and /metrics on PORT for probes and scrapes.
        const server = await startOpsServer(routes, config.port);
        closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
        const address = server.address();
        port = address && typeof address === 'object' ? address.port : config.port;
      }
      log.info({ pollIntervalMs: config.file.poll_interval }, 'worker role running');
    }
  } catch (err) {
    await closeAll(intake, closers, redis, log);
    throw err;
  }

  return {
    port,
    pollNow: () => pollNow(),
    pollServicesNow: () => pollServicesNow(),
    sweepApprovalsNow: () => sweepApprovalsNow(),
    pollNotebooksNow: () => pollNotebooksNow(),
    refreshHomesNow: () => refreshHomesNow(),
    metricsJson: () => metrics.registry.getMetricsAsJSON(),
    stop: () => closeAll(intake, closers, redis, log),
  };
}

async function closeAll(
  intake: (() => Promise<unknown>)[],
  closers: (() => Promise<unknown>)[],
  redis: ReturnType<typeof createRedis>,
  log: Logger,
): Promise<void> {
  // Stop taking work at once, all together: waiting for the worker's in-flight actions must not keep the
  // HTTP port open (a command accepted meanwhile would be queued by a process on its way out).
  await Promise.all(
    intake.splice(0).map((close) => close().catch((err: unknown) => log.warn({ err }, 'error while shutting down'))),
  );
  // Then last opened, first closed.
  for (const close of closers.splice(0).reverse()) {
    await close().catch((err: unknown) => log.warn({ err }, 'error while shutting down'));
  }
  await redis.quit().catch(() => redis.disconnect());
}
