// One poll cycle over every tracked training job (poll-cycle.ts): one ListJobs per workspace and page
// (JobIds filter, 100 at a time), never one GetJob per job. Transitions go to the card and its thread.

import type { Logger } from 'pino';
import type { Clock } from '../../time/clock.js';
import { dlcTime, type DlcClient } from '../../pai/dlc-client.js';
import { isTerminalJobStatus, type Job } from '../../pai/dlc-types.js';
import { PaiError } from '../../pai/errors.js';
import type { SlackOutput } from '../../slack-out/slack-output.js';
import { renderJobCard } from '../../render/job-card.js';
import { renderTransition } from '../../render/job-transition.js';
import { awaitingCard, type TrackedJob, type TrackedJobStore } from './tracked-jobs.js';
import { runCycle, type Send } from './poll-cycle.js';
import type { PollHealth } from './poll-health.js';
import { alertOnce, type AlertDeps } from '../alerts/alert-once.js';
import { mayAlert } from '../alerts/dev-alert-budget.js';
import { alertRoute } from '../alerts/alert-routing.js';
import { isMuted, opened, withControls } from '../alerts/on-call.js';
import { reportHeldAlert } from '../alerts/held-alert.js';
import type { FileConfig } from '../../config/file-schema.js';
import type { Classification } from '../../diagnosis/classify-failure.js';
import { jobRootCause } from './job-root-cause.js';
import { dlcConsoleUrl } from '../../render/console-links.js';
import { renderCause, renderOssAlert, renderRepeat } from '../../render/failure-cause.js';
import { section } from '../../render/sections.js';
import { renderAlertHeldNote } from '../../render/service-messages.js';
import { explainOssDenied } from '../../oss/oss-messages.js';
import { jobCost } from '../costs/job-cost.js';
import { configPriceBook } from '../costs/price-book.js';

export interface PollDeps {
  store: TrackedJobStore;
  dlc: DlcClient;
  slack: SlackOutput;
  clock: Clock;
  log: Logger;
  /** Workspaces (their env decides how often a job may alert on-call) and alert settings. */
  config: FileConfig;
  alerting: AlertDeps;
  pageSize?: number;
  /** Where a ListJobs that keeps failing is reported (poller dlc-jobs); every failure is a warn without it. */
  health?: PollHealth;
}

export interface PollReport {
  tracked: number;
  listCalls: number;
  transitions: number;
  /** Alerts about failed jobs the bot did not launch (`watch: all`), when any workspace is watched whole. */
  externalAlerts?: number;
}

/** After this many polls without seeing a job, ask for it by id once; a 404 then ends tracking. */
const MISSES_BEFORE_LOOKUP = 3;
const DAY_MS = 86_400_000;

export async function pollDlcJobs(deps: PollDeps): Promise<PollReport> {
  const { store, dlc } = deps;
  const pageSize = deps.pageSize ?? 100;
  const all = await store.all();
  const report: PollReport = { tracked: all.length, listCalls: 0, transitions: 0 };
  await runCycle<TrackedJob, Job>({
    // A job whose card is still waiting for its channel's turn is followed once the card is there.
    items: all.filter((job) => !awaitingCard(job, deps.clock.now())),
    workspaceOf: (job) => job.workspace.id,
    keyOf: (job) => job.jobId,
    listName: 'ListJobs',
    poller: 'dlc-jobs',
    ...(deps.health ? { health: deps.health } : {}),
    log: deps.log,
    async list(workspaceId, jobs) {
      // ListJobs only looks back 7 days by default; a long run would silently drop out of view.
      const oldest = Math.min(...jobs.map((j) => j.submittedAt));
      const seen = new Map<string, Job>();
      for (let i = 0; i < jobs.length; i += pageSize) {
        const ids = jobs.slice(i, i + pageSize).map((j) => j.jobId);
        report.listCalls++;
        const page = await dlc.listJobs({
          WorkspaceId: workspaceId,
          JobIds: ids,
          StartTime: dlcTime(oldest - DAY_MS),
          PageNumber: 1,
          PageSize: pageSize,
        });
        for (const job of page.Jobs) seen.set(job.JobId, job);
      }
      return seen;
    },
    async follow(job, current, send) {
      if (!current) return handleMissing(deps, job, send);
      if (current.Status !== job.status) report.transitions += (await announce(deps, job, current, send)) ? 1 : 0;
      else if (job.misses > 0) await store.save({ ...job, misses: 0 });
    },
  });
  return report;
}

async function handleMissing(deps: PollDeps, job: TrackedJob, send: Send): Promise<void> {
  const misses = job.misses + 1;
  if (misses < MISSES_BEFORE_LOOKUP) {
    await deps.store.save({ ...job, misses });
    return;
  }
  try {
    const current = await deps.dlc.getJob(job.jobId);
    if (current.Status !== job.status) await announce(deps, job, current, send);
    else await deps.store.save({ ...job, misses: 0 });
  } catch (err) {
    if (err instanceof PaiError && err.kind === 'not_found') {
      deps.log.info({ jobId: job.jobId }, 'tracked job no longer exists in PAI; untracking');
      await deps.store.untrack(job.jobId);
      if (job.cardTs)
        send(
          deps.slack
            .post(
              job.channelId,
              { text: `Job ${job.jobId} no longer exists in PAI (deleted?); no longer watching it.` },
              job.cardTs,
            )
            .catch(() => undefined),
        );
    } else {
      deps.log.warn({ err, jobId: job.jobId }, 'GetJob for a missing job failed');
    }
  }
}

/** Records the transition first (compare-and-set on the rev read this cycle), then tells Slack; returns false if another poller won. */
async function announce(deps: PollDeps, job: TrackedJob, current: Job, send: Send): Promise<boolean> {
  const next: TrackedJob = { ...job, status: current.Status, misses: 0 };
  if (!(await deps.store.save(next))) return false;
  const log = deps.log.child({ jobId: job.jobId, from: job.status, to: current.Status });
  log.info('job changed state');
  const elapsedMs = current.Duration !== undefined ? current.Duration * 1000 : undefined;
  const final = isTerminalJobStatus(current.Status);
  // A finished job's card says what it cost, when every pod's instance type has a price (job-cost.ts).
  const cost = final ? jobCost(current, configPriceBook(deps.config.pricing)) : undefined;
  const cause = current.Status === 'Failed' ? await rootCause(deps, job, current, log) : undefined;
  const failed = (what: string) => (err: unknown) =>
    log.error({ err }, `could not show the transition in Slack (${what})`);
  if (job.cardTs) {
    const reason =
      cause && cause.cause !== 'unknown' ? `${cause.title}: ${current.ReasonMessage ?? ''}` : current.ReasonMessage;
    send(
      deps.slack
        .update(
          job.channelId,
          job.cardTs,
          renderJobCard({
            ...cardView(next, deps.config.region),
            ...(final && reason && current.Status !== 'Succeeded' ? { reason } : {}),
            ...(elapsedMs !== undefined ? { elapsedMs } : {}),
            ...(cost?.priced && cost.estimates.length ? { cost } : {}),
          }),
        )
        .catch(failed('card')),
    );
  }
  const reply = renderTransition({
    name: job.name,
    jobId: job.jobId,
    from: job.status,
    to: current.Status,
    requester: job.requester,
    ...(current.ReasonCode ? { reasonCode: current.ReasonCode } : {}),
    ...(current.ReasonMessage ? { reasonMessage: current.ReasonMessage } : {}),
    ...(elapsedMs !== undefined ? { elapsedMs } : {}),
  });
  if (cause) reply.blocks = [...(reply.blocks ?? []), section(renderCause(cause))];
  send(deps.slack.post(job.channelId, reply, job.cardTs).catch(failed('thread reply')));
  if (cause?.cause === 'oss_permission')
    await alertOssDenied(deps, job, cause, send, log).catch((err: unknown) =>
      log.error({ err }, 'could not alert on-call'),
    );
  if (final) await deps.store.untrack(job.jobId);
  return true;
}

async function rootCause(deps: PollDeps, job: TrackedJob, current: Job, log: Logger): Promise<Classification> {
  const cause = await jobRootCause(deps.dlc, job.jobId, current);
  log.info({ cause: cause.cause, bucket: cause.bucket }, 'job failure classified');
  return cause;
}

/**
 * A job that failed on an OSS 403 alerts on-call: in prod always (once per job, as alertOnce does), in dev
 * within the dev budget, counted per job name so a resubmit loop of the same broken job pages a few times an hour.
 */
async function alertOssDenied(
  deps: PollDeps,
  job: TrackedJob,
  cause: Classification,
  send: Send,
  log: Logger,
): Promise<void> {
  const ws = deps.config.workspaces.find((w) => w.id === job.workspace.id);
  const alerts = alertRoute(deps.config, job.workspace.id, 'oss_403');
  if (!ws || !alerts) return; // nobody to page for this workspace and kind (alerts.on, the workspace's alerts block)
  const { redis, keys } = deps.alerting;
  const verdict = await mayAlert(
    { redis, keys, clock: deps.clock, maxPerHour: alerts?.dev_max_per_hour ?? 0 },
    { env: ws.env, resource: `dlc:${ws.id}:${job.name}`, episodeKey: job.jobId },
  );
  if (!verdict.ok) {
    const note = renderAlertHeldNote({
      noun: 'job',
      name: job.name,
      workspace: ws.name,
      reason: verdict.reason,
      recent: verdict.recent,
      maxPerHour: alerts?.dev_max_per_hour ?? 0,
      episode: 'job',
    });
    reportHeldAlert(
      { slack: deps.slack, log, ...(deps.alerting.metrics ? { metrics: deps.alerting.metrics } : {}), send },
      {
        kind: 'oss_permission',
        reason: verdict.reason,
        recent: verdict.recent,
        note,
        ...(job.cardTs ? { card: { channelId: job.channelId, ts: job.cardTs } } : {}),
      },
    );
    return;
  }
  const resource = `DLC job ${job.name} (${job.jobId})`;
  const explanation = explainOssDenied(cause.bucket ?? '(bucket not named in the logs)', '', cause.evidence[0]?.line);
  const subject = {
    id: `dlc:${job.jobId}:oss_403`,
    resource: `dlc:${ws.id}:${job.name}`,
    kind: 'oss_403' as const,
    workspaceId: ws.id,
    title: `DLC job ${job.name}: OSS permission denied`,
  };
  if (await isMuted(deps.alerting.onCall, subject)) return;
  const origin = { consoleUrl: dlcConsoleUrl(deps.config.region, ws.id, job.jobId), launched: true };
  const first = withControls(renderOssAlert(alerts.mention, resource, ws.name, explanation, origin), subject);
  await alertOnce(
    deps.alerting,
    `oss:job:${job.jobId}`,
    first,
    renderRepeat(resource, explanation.title),
    alerts.channel,
    (ts) => opened(deps.alerting.onCall, subject, alerts.channel, ts),
  );
}

/** With `region` the card links to the console and carries its buttons (job-card.ts). */
export function cardView(job: TrackedJob, region?: string) {
  return {
    ...(region !== undefined ? { place: { region, workspaceId: job.workspace.id } } : {}),
    name: job.name,
    jobId: job.jobId,
    workspace: job.workspace.name,
    status: job.status,
    requester: job.requester,
    jobType: job.jobType,
    workers: job.workers,
    image: job.image,
    ...(job.instance ? { instance: job.instance } : {}),
    ...(job.submit ? { rerun: true } : {}),
  };
}
