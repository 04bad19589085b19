// Thread replies under a service's card, and the alerts posted to on-call.

import type { KnownBlock } from '@slack/web-api';
import type { HeldReason } from '../actions/alerts/dev-alert-budget.js';
import { formatDuration } from '../config/duration.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import type { ServiceEvent, ServiceInstance } from '../pai/eas-types.js';
import type { EpisodeKind, ServiceSnapshot } from '../actions/watchers/tracked-services.js';
import { codeBlock, codeWithin, escapedLength, escapeWithin, groupMention, mention } from './mrkdwn.js';
import { contextBlock, messageText, section } from './sections.js';
import { serviceEmoji } from './service-status-style.js';
import { lastLinesFitting } from './truncate.js';

/** An EAS service name is at most 64 characters; anything longer is shown cut. */
const NAME_MAX = 100;
/** Escaped characters of evidence inside a fence, with room for the heading. */
const EVIDENCE_BUDGET = 2_400;
const codeName = (text: string) => codeWithin(text, NAME_MAX);

export function renderServiceTransition(from: ServiceSnapshot, to: ServiceSnapshot): SlackMessage {
  const counts = `${to.running}/${to.total} running${to.pending ? `, ${to.pending} pending` : ''}`;
  const line =
    from.status === to.status
      ? `${serviceEmoji(to.status)} ${escapeWithin(to.status, 100)}: ${counts}`
      : `${escapeWithin(from.status, 100)} → ${serviceEmoji(to.status)} *${escapeWithin(to.status, 100)}* (${counts})`;
  return {
    text: `${escapeWithin(from.status, 100)} → ${escapeWithin(to.status, 100)} (${counts})`,
    blocks: [section(line)],
  };
}

export function renderReadyReply(
  service: string,
  requester: string,
  kind: EpisodeKind,
  timeToReadyMs: number,
  s: ServiceSnapshot,
): SlackMessage {
  const text = `${mention(requester)} service ${codeName(service)} is ready: ${s.running}/${s.total} instances running, ${formatDuration(timeToReadyMs)} after the ${kind}.`;
  return { text, blocks: [section(text)] };
}

export interface Diagnosis {
  instances: readonly ServiceInstance[];
  warnings: readonly ServiceEvent[];
  diagnosis: readonly { Error: string; Causes: string[]; Advices: string[] }[];
}

const COLD_START_ADVICE = [
  'Large images pull slowly: keep the image small, or use an image in the same region (ACR VPC address).',
  'Model loading dominates: mount the model from OSS instead of baking it in, and load it lazily if you can.',
  'Scale-from-zero always pays the full cold start: keep a minimum of 1 replica for latency-sensitive services (e.g. `/pai eas autoscale <service> --min 1 --max 4`).',
  'Pending instances with no events often mean the instance type is out of stock in this zone: try another instance type.',
];

function mentionList(ids: readonly string[]): string {
  return ids.map(groupMention).join(' ');
}

function evidence(d: Diagnosis): string[] {
  const lines: string[] = [];
  const notReady = d.instances.filter(
    (i) => i.Status !== 'Running' || (i.TotalProcesses ?? 0) > (i.ReadyProcesses ?? 0),
  );
  for (const i of notReady.slice(0, 5))
    lines.push(
      `instance ${i.InstanceName}: ${i.Status}${i.Reason ? ` (${i.Reason})` : ''}${i.RestartCount ? `, ${i.RestartCount} restarts` : ''}`,
    );
  for (const e of d.warnings.slice(-5)) lines.push(`${e.Time} Warning ${e.Reason}: ${e.Message}`);
  for (const x of d.diagnosis.slice(0, 3))
    lines.push(`diagnosis: ${x.Error}${x.Causes.length ? ` — ${x.Causes.join('; ')}` : ''}`);
  return lines;
}

export interface AlertContext {
  service: string;
  workspace: string;
  mention: readonly string[];
  snapshot: ServiceSnapshot;
  /** The service's page in the PAI console. */
  consoleUrl?: string;
  /** Found by `watch: all`: not deployed or changed through the bot. */
  external?: boolean;
  /** Who created it, as PAI shows it (CallerUid). */
  createdBy?: string;
}

/** Where the service came from and where to look at it, under every alert. */
function originLine(a: AlertContext): KnownBlock | undefined {
  const parts = [
    a.external
      ? `Not deployed through the bot (console, SDK or pipeline)${a.createdBy ? `; created by account ${escapeWithin(a.createdBy, 64)} as PAI records it` : ''}; followed because the workspace has \`watch: all\`.`
      : undefined,
    a.consoleUrl ? `<${a.consoleUrl}|Open in the PAI console>` : undefined,
  ].filter(Boolean);
  return parts.length ? contextBlock(parts.join(' ')) : undefined;
}

export function renderColdStartAlert(
  a: AlertContext,
  kind: EpisodeKind,
  notReadyMs: number,
  d: Diagnosis,
): SlackMessage {
  const head = `${mentionList(a.mention)} :snowflake: *Cold start:* EAS service ${codeName(a.service)} in ${codeName(a.workspace)} is not ready ${formatDuration(notReadyMs)} after its ${kind}: ${a.snapshot.running}/${a.snapshot.total} running, ${a.snapshot.pending} pending (status ${escapeWithin(a.snapshot.status, 50)}).`;
  const why = evidence(d);
  const advice = [...d.diagnosis.flatMap((x) => x.Advices).slice(0, 3), ...COLD_START_ADVICE];
  const blocks: KnownBlock[] = [section(head)];
  if (why.length)
    blocks.push(
      section(
        `*Why*\n${codeBlock(lastLinesFitting(why, EVIDENCE_BUDGET, { maxLine: 400, measure: escapedLength }).lines.join('\n'))}`,
      ),
    );
  blocks.push(section(`*What usually helps*\n${advice.map((x) => `• ${escapeWithin(x, 400)}`).join('\n')}`));
  blocks.push(contextBlock('One alert per episode; the bot replies in this thread when the service is ready.'));
  const origin = originLine(a);
  if (origin) blocks.push(origin);
  return {
    text: messageText(
      `${mentionList(a.mention)} Cold start: ${escapeWithin(a.service, NAME_MAX)} in ${escapeWithin(a.workspace, NAME_MAX)} not ready after ${formatDuration(notReadyMs)}`,
    ),
    blocks,
  };
}

export function renderFailedAlert(a: AlertContext, d: Diagnosis): SlackMessage {
  const head = `${mentionList(a.mention)} :x: *Failed:* EAS service ${codeName(a.service)} in ${codeName(a.workspace)} went ${escapeWithin(a.snapshot.status, 50)}${a.snapshot.reason ? `: ${escapeWithin(a.snapshot.reason, 500)}` : ''}.`;
  const why = evidence(d);
  const advice = d.diagnosis.flatMap((x) => x.Advices);
  const blocks: KnownBlock[] = [section(head)];
  if (why.length)
    blocks.push(
      section(
        `*Events*\n${codeBlock(lastLinesFitting(why, EVIDENCE_BUDGET, { maxLine: 400, measure: escapedLength }).lines.join('\n'))}`,
      ),
    );
  if (advice.length)
    blocks.push(
      section(
        `*What to do*\n${advice
          .slice(0, 5)
          .map((x) => `• ${escapeWithin(x, 400)}`)
          .join('\n')}`,
      ),
    );
  const origin = originLine(a);
  if (origin) blocks.push(origin);
  return {
    text: messageText(
      `${mentionList(a.mention)} Failed: ${escapeWithin(a.service, NAME_MAX)} in ${escapeWithin(a.workspace, NAME_MAX)}`,
    ),
    blocks,
  };
}

export function renderAlertReadyReply(service: string, timeToReadyMs: number): SlackMessage {
  const text = `:white_check_mark: ${codeName(service)} is ready; time to ready ${formatDuration(timeToReadyMs)}.`;
  return { text, blocks: [section(text)] };
}

export interface HeldAlertNote {
  /** 'service' or 'job': what the hourly cap is counted per. */
  noun: 'service' | 'job';
  name: string;
  workspace: string;
  reason: HeldReason;
  /** Alerts the service (or job) raised in the last hour. */
  recent: number;
  maxPerHour: number;
  /** What started the episode, e.g. 'deploy' or 'restart'. */
  episode?: string;
}

/** The line under a card when a dev service's (or job's) alert was held back, so the requester knows on-call was not told. */
export function renderAlertHeldNote(h: HeldAlertNote): SlackMessage {
  const subject = `${h.noun} ${codeName(h.name)} is in dev workspace ${codeName(h.workspace)}`;
  const text =
    h.reason === 'episode_alerted'
      ? `:mute: On-call was not paged again: ${subject}, and they were already alerted about this ${escapeWithin(h.episode ?? 'episode', 50)} (one alert per episode in dev).`
      : h.maxPerHour === 0
        ? `:mute: On-call was not paged: ${subject}, and alerts from dev workspaces are off (alerts.dev_max_per_hour is 0).`
        : `:mute: On-call was not paged again: ${subject} and raised ${h.recent} ${h.recent === 1 ? 'alert' : 'alerts'} in the last hour (at most ${h.maxPerHour} an hour per ${h.noun} in dev, alerts.dev_max_per_hour).`;
  return { text, blocks: [section(text)] };
}
