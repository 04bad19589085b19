// One poll cycle over every tracked EAS service (poll-cycle.ts): ListServices per workspace and page; details
// (instances, warning events, diagnosis) only for a service that is about to be alerted on.

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { mayAlert, type BudgetVerdict, type HeldVerdict } from '../alerts/dev-alert-budget.js';
import { reportHeldAlert } from '../alerts/held-alert.js';
import { alertRoute, alertsFor, watchOf, type WorkspaceAlerts } from '../alerts/alert-routing.js';
import { adoptServices, listServices } from './adopt-services.js';
import { runCycle, type Send } from './poll-cycle.js';
import type { PollHealth } from './poll-health.js';
import { closeAll, isMuted, opened, withControls, type OnCall } from '../alerts/on-call.js';
import { easConsoleUrl } from '../../render/console-links.js';
import type { Clock } from '../../time/clock.js';
import type { Metrics } from '../../metrics/metrics.js';
import type { FileConfig } from '../../config/file-schema.js';
import type { KeySpace } from '../../redis/redis.js';
import { snapshotOf } from '../inference/service-snapshot.js';
import type { Outbox } from '../../slack-out/outbox.js';
import type { SlackOutput } from '../../slack-out/slack-output.js';
import { eventTimeParam, type EasClient } from '../../pai/eas-client.js';
import type { Service } from '../../pai/eas-types.js';
import { renderServiceCard } from '../../render/service-card.js';
import { serviceBurn } from '../costs/service-burn.js';
import {
  renderAlertHeldNote,
  renderAlertReadyReply,
  renderColdStartAlert,
  renderFailedAlert,
  renderReadyReply,
  renderServiceTransition,
  type Diagnosis,
} from '../../render/service-messages.js';
import { decide, type ServiceDecision } from './service-readiness.js';
import { classifyServiceFailure } from '../../diagnosis/classify-failure.js';
import { renderCause, renderServiceFailedReply } from '../../render/failure-cause.js';
import { section } from '../../render/sections.js';
import type { ServiceSnapshot, TrackedService, TrackedServiceStore } from './tracked-services.js';

export interface EasPollDeps {
  store: TrackedServiceStore;
  eas: EasClient;
  slack: SlackOutput;
  /**
   * Card edits go here, versioned by the record's rev, like every other edit of a service card (the worker's and the
   * outbox's re-render of a card it just posted): an older state can then never land after a newer one.
   */
  outbox: Pick<Outbox, 'update'>;
  clock: Clock;
  log: Logger;
  /** Workspaces (their env, watch and alerts settings) and the top-level alerts block. */
  config: Pick<FileConfig, 'alerts' | 'workspaces' | 'region' | 'pricing'>;
  /** The dev alert budget's counts (shared by every replica). */
  redis: Redis;
  keys: KeySpace;
  metrics?: Pick<Metrics, 'alert' | 'alertSuppressed'>;
  /** On-call episodes: controls on every alert, mutes honoured, resolutions posted (src/actions/alerts/on-call.ts). */
  onCall?: OnCall;
  /** Where a ListServices (or an adoption) that keeps failing is reported (poller eas-services); every failure is a warn without it. */
  health?: PollHealth;
}

export interface EasPollReport {
  tracked: number;
  listCalls: number;
  detailCalls: number;
  alerts: number;
  /** Services found by `watch: all` and followed from this cycle on. */
  adopted: number;
}

const DEFAULT_COLD_START_AFTER_MS = 5 * 60_000;

export async function pollEasServices(deps: EasPollDeps): Promise<EasPollReport> {
  const tracked = await deps.store.all();
  const report: EasPollReport = { tracked: tracked.length, listCalls: 0, detailCalls: 0, alerts: 0, adopted: 0 };
  // `watch: all` workspaces are listed whole, every cycle, even with nothing tracked yet, and what they show is
  // adopted.
  const watchAll = deps.config.workspaces.filter((w) => watchOf(w) === 'all');
  const whole = (workspaceId: string) => watchAll.find((w) => w.id === workspaceId);
  const names = (services: TrackedService[]) => new Set(services.map((s) => s.service));
  await runCycle<TrackedService, Service>({
    items: tracked,
    workspaceOf: (s) => s.workspace.id,
    keyOf: (s) => s.service,
    alsoList: watchAll.map((w) => w.id),
    listName: 'ListServices',
    poller: 'eas-services',
    ...(deps.health ? { health: deps.health } : {}),
    log: deps.log,
    list: (workspaceId, services) =>
      listServices(deps.eas, workspaceId, whole(workspaceId) ? undefined : names(services), () => report.listCalls++),
    follow: (s, current, send) => follow({ ...deps, send }, s, current, report),
    followFailed: (err, s) => deps.log.error({ err, service: s.service }, 'could not follow a service this poll'),
    async afterWorkspace(workspaceId, listed, services) {
      const ws = whole(workspaceId);
      // A failed adoption fails the workspace's poll this cycle (runCycle reports it); the next cycle adopts.
      if (ws) report.adopted += await adoptServices({ ...deps, now: deps.clock.now() }, ws, listed, names(services));
    },
  });
  return report;
}

/** Card edits and thread replies go to the paced output without waiting one by one (see poll-cycle.ts). */
type CycleDeps = EasPollDeps & { send: Send };

async function follow(
  deps: CycleDeps,
  tracked: TrackedService,
  service: Service | undefined,
  report: EasPollReport,
): Promise<void> {
  const { store, slack, clock, log } = deps;
  const now = clock.now();
  if (!service) {
    // Gone from ListServices: deleted (by us or anyone).
    await store.untrack(tracked.service);
    const gone: ServiceSnapshot = { status: 'Deleted', running: 0, pending: 0, total: 0 };
    for (const e of await closeAll(deps.onCall, `eas:${tracked.service}`))
      deps.send(
        slack
          .post(
            e.channel,
            { text: `:wastebasket: \`${tracked.service}\` is gone from PAI (deleted); this alert is closed.` },
            e.ts,
          )
          .catch(() => undefined),
      );
    if (tracked.cardTs) {
      deps.send(
        deps.outbox
          .update(
            tracked.channelId,
            tracked.cardTs,
            renderServiceCard(
              { ...tracked, last: gone, readyTimes: tracked.readyTimes },
              now,
              undefined,
              deps.config.region,
            ),
            tracked.rev + 1,
          )
          .catch((err: unknown) => log.warn({ err }, 'card update failed')),
      );
      deps.send(
        slack
          .post(tracked.channelId, renderServiceTransition(tracked.last, gone), tracked.cardTs)
          .catch((err: unknown) => log.warn({ err }, 'thread reply failed')),
      );
    }
    return;
  }
  const current = snapshotOf(service);
  const { episode, decisions } = decide(
    tracked,
    current,
    now,
    alertsFor(deps.config, tracked.workspace.id)?.cold_start_after ?? DEFAULT_COLD_START_AFTER_MS,
  );
  const changed =
    current.status !== tracked.last.status ||
    current.running !== tracked.last.running ||
    current.pending !== tracked.last.pending ||
    current.total !== tracked.last.total;
  // A new weight alone is kept (the Traffic… form shows it) without touching the card or the thread.
  const reweighted = current.weight !== tracked.last.weight;
  if (!changed && !reweighted && decisions.length === 0 && JSON.stringify(episode) === JSON.stringify(tracked.episode))
    return;

  const readyTimes = [
    ...decisions.flatMap((d) => (d.kind === 'ready' ? [{ kind: d.episode.kind, ms: d.timeToReadyMs, at: now }] : [])),
    ...tracked.readyTimes,
  ].slice(0, 10);
  const next: TrackedService = { ...tracked, last: current, readyTimes, ...(episode ? { episode } : {}) };
  if (!episode) delete next.episode;
  const saved = await store.save(next);
  if (!saved) return; // another poller got there first and tells the story

  const logger = log.child({ service: tracked.service });
  if (changed && tracked.cardTs) {
    deps.send(
      deps.outbox
        .update(
          tracked.channelId,
          tracked.cardTs,
          renderServiceCard(saved, now, serviceBurn(deps.config.pricing, current), deps.config.region),
          saved.rev,
        )
        .catch((err: unknown) => logger.warn({ err }, 'card update failed')),
    );
    if (current.status !== tracked.last.status || decisions.length === 0) {
      deps.send(
        slack
          .post(tracked.channelId, renderServiceTransition(tracked.last, current), tracked.cardTs)
          .catch((err: unknown) => logger.warn({ err }, 'thread reply failed')),
      );
    }
  }
  for (const decision of decisions) await act(deps, saved, decision, report, logger);
}

async function act(
  deps: CycleDeps,
  s: TrackedService,
  d: ServiceDecision,
  report: EasPollReport,
  log: Logger,
): Promise<void> {
  const { slack, store } = deps;
  if (d.kind === 'ready') {
    log.info({ timeToReadyMs: d.timeToReadyMs, kind: d.episode.kind }, 'service ready');
    if (s.cardTs)
      deps.send(
        slack
          .post(
            s.channelId,
            renderReadyReply(s.service, s.requester, d.episode.kind, d.timeToReadyMs, s.last),
            s.cardTs,
          )
          .catch((err: unknown) => log.warn({ err }, 'ready reply failed')),
      );
    const channel = d.episode.alertChannel ?? alertsFor(deps.config, s.workspace.id)?.channel;
    if (d.episode.alertTs && channel)
      deps.send(
        slack
          .post(channel, renderAlertReadyReply(s.service, d.timeToReadyMs), d.episode.alertTs)
          .catch((err: unknown) => log.warn({ err }, 'alert thread reply failed')),
      );
    // Its open episodes (this cold start, an earlier failure) end here; each alert's thread hears it.
    for (const e of await closeAll(deps.onCall, `eas:${s.service}`)) {
      if (e.ts !== d.episode.alertTs)
        deps.send(
          slack.post(e.channel, renderAlertReadyReply(s.service, d.timeToReadyMs), e.ts).catch(() => undefined),
        );
    }
    return;
  }
  const kind = d.kind === 'failed' ? 'failed' : 'cold_start';
  const alerts = alertRoute(deps.config, s.workspace.id, kind);
  if (!alerts) {
    log.info(
      { decision: d.kind, workspace: s.workspace.name },
      'this kind of alert is off for the workspace (alerts.on), or no alerts channel; not alerting',
    );
  }
  const verdict = alerts ? await budgetFor(deps, s, alerts) : undefined;
  if (d.kind === 'failed') {
    // The requester hears the cause under the card whether or not on-call is paged.
    const diagnosis = await diagnose(deps, s.service, report);
    const cause = classifyServiceFailure({
      serviceName: s.service,
      ...(s.last.reason ? { message: s.last.reason } : {}),
      events: diagnosis.warnings,
      instances: diagnosis.instances,
      diagnosis: diagnosis.diagnosis,
    });
    const subject = {
      id: `eas:${s.service}:failed:${s.episode?.startedAt ?? deps.clock.now()}`,
      resource: `eas:${s.service}`,
      kind: 'failed' as const,
      workspaceId: s.workspace.id,
      title: `EAS service ${s.service} failed`,
    };
    if (alerts && verdict?.ok && !(await isMuted(deps.onCall, subject))) {
      log.warn({ cause: cause.cause }, 'service failed; alerting on-call');
      const alert = renderFailedAlert(alertContext(deps, s, alerts), diagnosis);
      alert.blocks = [
        ...(alert.blocks ?? []).slice(0, 1),
        section(renderCause(cause)),
        ...(alert.blocks ?? []).slice(1),
      ];
      report.alerts++;
      const { ts } = await slack.post(alerts.channel, withControls(alert, subject));
      await opened(deps.onCall, subject, alerts.channel, ts);
      deps.metrics?.alert('service_failed');
    }
    // The requester's mention is in the text too: Slack notifies from the text, not from blocks.
    if (s.cardTs)
      deps.send(
        slack
          .post(s.channelId, renderServiceFailedReply(s.service, s.requester, cause), s.cardTs)
          .catch(() => undefined),
      );
    if (alerts && verdict && !verdict.ok) holdBack(deps, s, 'service_failed', verdict, alerts, log);
    return;
  }
  if (!alerts || !verdict) return;
  if (!verdict.ok) {
    holdBack(deps, s, 'cold_start', verdict, alerts, log);
    return;
  }
  const subject = {
    id: `eas:${s.service}:cold_start:${s.episode?.startedAt ?? deps.clock.now()}`,
    resource: `eas:${s.service}`,
    kind: 'cold_start' as const,
    workspaceId: s.workspace.id,
    title: `EAS service ${s.service}: cold start`,
  };
  if (await isMuted(deps.onCall, subject)) return;
  const diagnosis = await diagnose(deps, s.service, report);
  report.alerts++;
  log.warn({ notReadyMs: d.notReadyMs }, 'cold start; alerting on-call');
  const { ts } = await slack.post(
    alerts.channel,
    withControls(
      renderColdStartAlert(alertContext(deps, s, alerts), s.episode?.kind ?? 'deploy', d.notReadyMs, diagnosis),
      subject,
    ),
  );
  await opened(deps.onCall, subject, alerts.channel, ts);
  deps.metrics?.alert('cold_start');
  // Remember where the alert is, so the ready reply can go in its thread.
  await store.update(
    s.service,
    (t) => t && (t.episode ? { ...t, episode: { ...t.episode, alertTs: ts, alertChannel: alerts.channel } } : t),
  );
}

function holdBack(
  deps: CycleDeps,
  s: TrackedService,
  kind: 'service_failed' | 'cold_start',
  v: HeldVerdict,
  alerts: WorkspaceAlerts,
  log: Logger,
): void {
  const note = renderAlertHeldNote({
    noun: 'service',
    name: s.service,
    workspace: s.workspace.name,
    reason: v.reason,
    recent: v.recent,
    maxPerHour: alerts.dev_max_per_hour,
    ...(s.episode ? { episode: s.episode.kind } : {}),
  });
  reportHeldAlert(
    { ...deps, log },
    {
      kind,
      reason: v.reason,
      recent: v.recent,
      note,
      ...(s.cardTs ? { card: { channelId: s.channelId, ts: s.cardTs } } : {}),
    },
  );
}

function alertContext(deps: CycleDeps, s: TrackedService, alerts: WorkspaceAlerts) {
  const consoleUrl = easConsoleUrl(deps.config.region, s.workspace.id, s.service);
  return {
    service: s.service,
    workspace: s.workspace.name,
    mention: alerts.mention,
    snapshot: s.last,
    consoleUrl,
    ...(s.external ? { external: true } : {}),
    ...(s.createdBy ? { createdBy: s.createdBy } : {}),
  };
}

/** Dev services alert once per episode and a few times an hour; prod ones always (see alerts/dev-alert-budget.ts). */
function budgetFor(deps: CycleDeps, s: TrackedService, alerts: WorkspaceAlerts): Promise<BudgetVerdict> {
  const env = deps.config.workspaces.find((w) => w.id === s.workspace.id)?.env;
  const episodeKey = s.episode ? `${s.episode.kind}:${s.episode.startedAt}` : 'none';
  return mayAlert(
    { redis: deps.redis, keys: deps.keys, clock: deps.clock, maxPerHour: alerts.dev_max_per_hour },
    { env, resource: `eas:${s.workspace.id}:${s.service}`, episodeKey },
  );
}

async function diagnose(deps: EasPollDeps, name: string, report: EasPollReport): Promise<Diagnosis> {
  const { eas, clock, log } = deps;
  report.detailCalls += 3;
  const soft = <T>(p: Promise<T>, empty: T, what: string) =>
    p.catch((err: unknown) => (log.warn({ err, service: name }, `${what} failed; alerting without it`), empty));
  const [instances, warnings, diagnosis] = await Promise.all([
    soft(
      eas.listServiceInstances(name).then((r) => r.Instances),
      [],
      'ListServiceInstances',
    ),
    soft(
      eas
        .describeServiceEvents(name, {
          EventType: 'Warning',
          StartTime: eventTimeParam(clock.now() - 3_600_000),
          PageSize: 20,
        })
        .then((r) => r.Events),
      [],
      'DescribeServiceEvent',
    ),
    soft(
      eas.describeServiceDiagnosis(name).then((r) => r.DiagnosisList),
      [],
      'DescribeServiceDiagnosis',
    ),
  ]);
  return { instances, warnings, diagnosis };
}
