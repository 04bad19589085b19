// Before CreateJob: can the --data buckets be listed at all? A 403 here would otherwise surface
// minutes later as a data-loading crash that people debug as their own code.

import { alertOnce } from '../alerts/alert-once.js';
import { alertRoute } from '../alerts/alert-routing.js';
import { BotError } from '../../errors/catalogue.js';
import type { ActionContext } from '../action-context.js';
import type { DlcSubmitJob } from '../action-jobs.js';
import { dlcJobListConsoleUrl } from '../../render/console-links.js';
import { renderOssAlert, renderRepeat } from '../../render/failure-cause.js';
import { code } from '../../render/mrkdwn.js';
import { explainOssCheck } from '../../oss/oss-messages.js';
import type { OssCheckResult } from '../../oss/oss-types.js';

/** Failures that prove the job would fail; others (timeouts, the bot's own key problems) do not block. */
const BLOCKING = new Set(['access_denied', 'no_such_bucket', 'wrong_region']);

/** Throws when a --data location is unreadable; returns notes about checks that could not decide. */
export async function preflightData(ctx: Omit<ActionContext<DlcSubmitJob>, 'dlc' | 'eas' | 'dsw'>): Promise<string[]> {
  const { job, oss, region, config, log } = ctx;
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const d of job.command.data) {
    if (seen.has(d.uri)) continue;
    seen.add(d.uri);
    const result: OssCheckResult = await oss.check(d.bucket, d.path);
    if (result.ok) continue;
    if (!BLOCKING.has(result.kind)) {
      log.warn({ bucket: d.bucket, kind: result.kind }, 'preflight could not decide; submitting anyway');
      notes.push(`The OSS check of ${code(d.uri)} could not decide (${result.kind}); submitted anyway.`);
      continue;
    }
    const explanation = explainOssCheck(result, { region });
    const ws = config.workspaces.find((w) => w.id === job.workspace.id);
    const route = ws ? alertRoute(config, ws.id, 'oss_403') : undefined;
    if (result.kind === 'access_denied' && ws?.env === 'prod' && route) {
      const resource = `dlc submit ${job.command.name} (preflight)`;
      await alertOnce(
        ctx.alerting,
        `oss:preflight:${ws.id}:${d.bucket}`,
        // There is no job to link: the workspace's DLC jobs are where its owner looks next.
        renderOssAlert(route.mention, resource, ws.name, explanation, {
          consoleUrl: dlcJobListConsoleUrl(config.region, ws.id),
          launched: true,
          jobList: true,
        }),
        renderRepeat(resource, explanation.title),
        route.channel,
      ).catch((err: unknown) => log.error({ err }, 'could not alert on-call about a preflight 403'));
    }
    throw new BotError(
      'OSS_PREFLIGHT',
      [
        `Job ${job.command.name} was not submitted: ${explanation.title}.`,
        ...explanation.lines,
        `If only PAI's role (not the bot) is meant to read this bucket, add --skip-preflight.`,
      ].join('\n'),
    );
  }
  return notes;
}
