// `watch: all` for DLC: jobs the bot did not launch (CI, notebooks, the SDK, the console) that failed alert on-call
// like the bot's own: root cause, evidence, next step, who started them and a console link. Cost per cycle and
// workspace: one ListJobs of failed jobs, newest finish first, read until the last cycle's mark; details (the job,
// its events and its failed pod's log) only for a job about to be alerted on.
//
// No history storm: the first time a workspace is watched, the mark is set to now; failures before it are history.
// After the bot was down, failures that ended more than HISTORY_MS before the cycle are history too; within that
// window they still alert, once: every alert is claimed in Redis first, so restarts and replicas post it once.

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { alertOnce, type AlertDeps } from '../alerts/alert-once.js';
import { alertRoute } from '../alerts/alert-routing.js';
import { mayAlert } from '../alerts/dev-alert-budget.js';
import type { Clock } from '../../time/clock.js';
import type { FileConfig, WorkspaceConfig } from '../../config/file-schema.js';
import { jobRootCause } from './job-root-cause.js';
import { dlcTime, type DlcClient } from '../../pai/dlc-client.js';
import type { Job } from '../../pai/dlc-types.js';
import { runScript } from '../../redis/commands.js';
import { claimKey, type KeySpace } from '../../redis/redis.js';
import { dlcConsoleUrl } from '../../render/console-links.js';
import { renderJobFailedAlert, renderOssAlert, renderRepeat } from '../../render/failure-cause.js';
import { explainOssDenied } from '../../oss/oss-messages.js';
import { REQUEST_TAG } from '../training/build-create-job.js';
import { watchOf } from '../alerts/alert-routing.js';
import { isMuted, opened, withControls } from '../alerts/on-call.js';
import type { TrackedJobStore } from './tracked-jobs.js';
import type { PollHealth } from './poll-health.js';

/** Failures older than this when a cycle sees them (the bot was down) are history and do not alert. */
export const HISTORY_MS = 15 * 60_000;
const PAGE_SIZE = 50;
const MAX_PAGES = 20;
/** ListJobs' window is the creation time; a job may run this long before it fails and still be seen. */
const CREATED_WITHIN_MS = 30 * 86_400_000;
const CLAIM_S = 7 * 86_400;

export interface FailureScanDeps {
  dlc: DlcClient;
  tracked: TrackedJobStore;
  clock: Clock;
  log: Logger;
  config: FileConfig;
  alerting: AlertDeps;
  redis: Redis;
  keys: KeySpace;
  /** Where a scan that keeps failing is reported (poller dlc-failures); every failure is a warn without it. */
  health?: PollHealth;
}

export interface FailureScanReport {
  listCalls: number;
  alerts: number;
}

export async function scanDlcFailures(deps: FailureScanDeps): Promise<FailureScanReport> {
  const report: FailureScanReport = { listCalls: 0, alerts: 0 };
  const outcomes = new Map<string, unknown>();
  for (const ws of deps.config.workspaces.filter((w) => watchOf(w) === 'all')) {
    try {
      await scanWorkspace(deps, ws, report);
      outcomes.set(ws.id, undefined);
    } catch (err) {
      outcomes.set(ws.id, err);
      if (!deps.health)
        deps.log.warn({ err, workspace: ws.name }, 'ListJobs of failed jobs failed; the next poll tries again');
    }
  }
  await deps.health?.report('dlc-failures', outcomes);
  return report;
}

async function scanWorkspace(deps: FailureScanDeps, ws: WorkspaceConfig, report: FailureScanReport): Promise<void> {
  const now = deps.clock.now();
  const markKey = deps.keys.key('watch', 'dlc-failed', ws.id);
  // first watched now: what failed before is history
  if ((await deps.redis.set(markKey, String(now), 'NX')) === 'OK') return;
  const since = Math.max(Number(await deps.redis.get(markKey)), now - HISTORY_MS);
  const fresh: Job[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    report.listCalls++;
    const res = await deps.dlc.listJobs({
      WorkspaceId: ws.id,
      Status: 'Failed',
      SortBy: 'GmtFinishTime',
      Order: 'desc',
      StartTime: dlcTime(now - CREATED_WITHIN_MS),
      PageNumber: page,
      PageSize: PAGE_SIZE,
    });
    const newer = res.Jobs.filter((j) => finishedAt(j) > since);
    fresh.push(...newer);
    if (newer.length < res.Jobs.length || res.Jobs.length < PAGE_SIZE) break;
  }
  let mark = since;
  for (const job of fresh.sort((a, b) => finishedAt(a) - finishedAt(b))) {
    if (!(await launchedByTheBot(deps, job))) {
      const claim = deps.keys.key('watch', 'dlc-alerted', job.JobId);
      if (await claimKey(deps.redis, claim, CLAIM_S)) {
        try {
          if (await alertFailure(deps, ws, job)) report.alerts++;
        } catch (err) {
          await deps.redis.del(claim); // the next cycle tries this one again
          deps.log.error({ err, jobId: job.JobId }, 'could not alert on-call about a failed job');
          break;
        }
      }
    }
    mark = Math.max(mark, finishedAt(job));
  }
  // Only ever forward; a replica with an older view cannot move it back.
  await runScript(deps.redis, 'advanceFailureMark', [markKey], [String(mark)]);
}

function finishedAt(job: Job): number {
  const t = Date.parse(job.GmtFinishTime ?? '');
  return Number.isFinite(t) ? t : 0;
}

/** The bot's own jobs are followed through their cards (poll-dlc-jobs.ts); they must not alert twice. */
async function launchedByTheBot(deps: FailureScanDeps, job: Job): Promise<boolean> {
  if (job.Settings?.Tags?.[REQUEST_TAG]) return true;
  return (await deps.tracked.get(job.JobId)) !== undefined;
}

/** Alerts on one failed job; false when its workspace does not alert on this kind, or the dev budget held it back. */
async function alertFailure(deps: FailureScanDeps, ws: WorkspaceConfig, job: Job): Promise<boolean> {
  const log = deps.log.child({ jobId: job.JobId, workspace: ws.name });
  const cause = await jobRootCause(deps.dlc, job.JobId, job);
  const kind: 'oss_403' | 'failed' = cause.cause === 'oss_permission' ? 'oss_403' : 'failed';
  const route = alertRoute(deps.config, ws.id, kind);
  if (!route) return false;
  const verdict = await mayAlert(
    { redis: deps.redis, keys: deps.keys, clock: deps.clock, maxPerHour: route.dev_max_per_hour },
    { env: ws.env, resource: `dlc:${ws.id}:${job.DisplayName}`, episodeKey: job.JobId },
  );
  if (!verdict.ok) {
    log.info(
      { reason: verdict.reason, recent: verdict.recent },
      'dev workspace alert budget: on-call not paged about an external job',
    );
    return false;
  }
  const origin = {
    ...((job.Username ?? job.UserId) ? { creator: job.Username ?? job.UserId } : {}),
    consoleUrl: dlcConsoleUrl(deps.config.region, ws.id, job.JobId),
  };
  const name = { name: job.DisplayName, jobId: job.JobId };
  const subject = {
    id: `dlc:${job.JobId}:${kind}`,
    resource: `dlc:${ws.id}:${job.DisplayName}`,
    kind,
    workspaceId: ws.id,
    title: `DLC job ${job.DisplayName}: ${kind === 'oss_403' ? 'OSS permission denied' : 'failed'}`,
  };
  if (await isMuted(deps.alerting.onCall, subject)) return false;
  log.warn({ cause: cause.cause }, 'a job the bot did not launch failed; alerting on-call');
  const record = (ts: string) => opened(deps.alerting.onCall, subject, route.channel, ts);
  if (kind === 'oss_403') {
    const resource = `DLC job ${job.DisplayName} (${job.JobId})`;
    const explanation = explainOssDenied(cause.bucket ?? '(bucket not named in the logs)', '', cause.evidence[0]?.line);
    await alertOnce(
      deps.alerting,
      `oss:job:${job.JobId}`,
      withControls(renderOssAlert(route.mention, resource, ws.name, explanation, origin), subject),
      renderRepeat(resource, explanation.title),
      route.channel,
      record,
    );
  } else {
    const { ts } = await deps.alerting.slack.post(
      route.channel,
      withControls(renderJobFailedAlert(route.mention, name, ws.name, cause, origin), subject),
    );
    await record(ts);
    deps.alerting.metrics?.alert('job_failed');
  }
  return true;
}
