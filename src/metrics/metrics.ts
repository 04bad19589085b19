// Live figures in Prometheus format. One registry per bot (tests run several bots in one process);
// counters are bumped through small hooks at the edges, gauges are read from Redis on scrape.

import {
  AggregatorRegistry,
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type MetricObjectWithValues,
  type MetricValue,
} from 'prom-client';

export interface GaugeSources {
  queueCounts?: () => Promise<Record<string, number>>;
  pendingApprovals?: () => Promise<number>;
  trackedJobs?: () => Promise<number>;
  trackedServices?: () => Promise<number>;
  /** Poll sources failing now, all replicas together (watchers/poll-health.ts). */
  failingPolls?: () => Promise<number>;
}

export interface Metrics {
  registry: Registry;
  command(verb: string, outcome: string): void;
  action(action: string, result: 'done' | 'retry' | 'failed', seconds: number): void;
  queueLatency(seconds: number): void;
  paiCall(action: string, result: string, seconds: number): void;
  slackCall(method: string, result: string): void;
  alert(kind: 'cold_start' | 'service_failed' | 'oss_permission' | 'job_failed'): void;
  /** An alert not posted: a dev job or service past its budget (see alerts/dev-alert-budget.ts). */
  alertSuppressed(kind: 'cold_start' | 'service_failed' | 'oss_permission' | 'job_failed', reason: string): void;
  /** A watcher poll failed (one source, one cycle): `poller` as in watchers/poll-health.ts, `code` the error's code. */
  pollFailure(poller: string, code: string): void;
  setSources(sources: GaugeSources): void;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'pai_bot_' });
  let sources: GaugeSources = {};
  const commands = new Counter({
    name: 'pai_bot_commands_total',
    help: 'Slash commands answered, by verb and outcome',
    labelNames: ['verb', 'outcome'],
    registers: [registry],
  });
  const actions = new Histogram({
    name: 'pai_bot_action_duration_seconds',
    help: 'Queued actions run by the workers, by action and result',
    labelNames: ['action', 'result'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'pai_bot_queue_latency_seconds',
    help: 'Time from queueing an action to a worker starting it',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
    registers: [registry],
  });
  const paiCalls = new Counter({
    name: 'pai_bot_pai_calls_total',
    help: 'PAI API calls, by action and result (ok or the error kind)',
    labelNames: ['action', 'result'],
    registers: [registry],
  });
  const paiDuration = new Histogram({
    name: 'pai_bot_pai_call_duration_seconds',
    help: 'PAI API call latency, by action',
    labelNames: ['action'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const slackCalls = new Counter({
    name: 'pai_bot_slack_calls_total',
    help: 'Slack Web API calls, by method and result (ok, rate_limited or the error)',
    labelNames: ['method', 'result'],
    registers: [registry],
  });
  const slack429 = new Counter({
    name: 'pai_bot_slack_rate_limited_total',
    help: 'Slack Web API answers of HTTP 429',
    labelNames: ['method'],
    registers: [registry],
  });
  const alerts = new Counter({
    name: 'pai_bot_alerts_total',
    help: 'Alerts posted to on-call, by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  const suppressed = new Counter({
    name: 'pai_bot_alerts_suppressed_total',
    help: 'Alerts not posted to on-call (dev workspace budget), by kind and reason',
    labelNames: ['kind', 'reason'],
    registers: [registry],
  });
  const pollFailures = new Counter({
    name: 'pai_bot_poll_failures_total',
    help: 'Watcher polls that failed, by poller (dlc-jobs, dlc-failures, eas-services, loop) and error code; one per source and cycle',
    labelNames: ['poller', 'code'],
    registers: [registry],
  });
  const gauge = (name: string, help: string, read: () => Promise<number> | undefined) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const value = await read()?.catch(() => undefined);
        if (value !== undefined) this.set(value);
      },
    });
  new Gauge({
    name: 'pai_bot_queue_jobs',
    help: 'Jobs in the action queue, by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const counts = await sources.queueCounts?.().catch(() => undefined);
      for (const [state, n] of Object.entries(counts ?? {})) this.set({ state }, n);
    },
  });
  gauge('pai_bot_pending_approvals', 'Approval requests waiting for a decision', () => sources.pendingApprovals?.());
  gauge('pai_bot_tracked_jobs', 'Training jobs the watcher follows', () => sources.trackedJobs?.());
  gauge('pai_bot_tracked_services', 'EAS services the watcher follows', () => sources.trackedServices?.());
  gauge(
    'pai_bot_pollers_failing',
    'Watcher poll sources (a poller in a workspace) failing now, since their last success',
    () => sources.failingPolls?.(),
  );

  return {
    registry,
    command: (verb, outcome) => commands.inc({ verb, outcome }),
    action: (action, result, seconds) => actions.observe({ action, result }, seconds),
    queueLatency: (seconds) => latency.observe(seconds),
    paiCall: (action, result, seconds) => {
      paiCalls.inc({ action, result });
      paiDuration.observe({ action }, seconds);
    },
    slackCall: (method, result) => {
      slackCalls.inc({ method, result });
      if (result === 'rate_limited') slack429.inc({ method });
    },
    alert: (kind) => alerts.inc({ kind }),
    alertSuppressed: (kind, reason) => suppressed.inc({ kind, reason }),
    pollFailure: (poller, code) => pollFailures.inc({ poller, code }),
    setSources: (s) => {
      sources = { ...sources, ...s };
    },
  };
}

/**
 * One registry from this one and metrics from elsewhere in the process (the worker thread), which has
 * the same application metrics and no process metrics: samples with the same name and labels are added.
 * Every metric is summed, because prom-client's cluster aggregators (average, omit) assume the same
 * process metrics in every part, and here they come from one part only.
 */
export async function mergedRegistry(
  registry: Registry,
  more: () => Promise<MetricObjectWithValues<MetricValue<string>>[]>,
): Promise<Registry> {
  const mine = (await registry.getMetricsAsJSON()).map((m) => ({ ...m, aggregator: 'sum' as const }));
  return AggregatorRegistry.aggregate([mine, await more()]);
}
