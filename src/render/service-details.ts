// `/pai eas status <service>`, `/pai eas list` and `/pai eas events <service>`.

import type { KnownBlock } from '@slack/web-api';
import { formatDuration } from '../config/duration.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import type { Service, ServiceEvent, ServiceInstance } from '../pai/eas-types.js';
import type { TimeToReady } from '../actions/watchers/tracked-services.js';
import { codeBlock, codeWithin, escapedLength, escapeWithin } from './mrkdwn.js';
import { fieldsSection, packWithin, section } from './sections.js';
import { serviceEmoji } from './service-status-style.js';
import { lastLinesFitting } from './truncate.js';

/** An EAS service name is at most 64 characters; anything longer is shown cut. */
const NAME_MAX = 100;
/** Escaped characters of events inside a fence, with room for the heading. */
const WARNINGS_BUDGET = 2_000;
const EVENTS_BUDGET = 2_700;

/** The service's autoscaler as DescribeServiceAutoScaler reports it (the Service model has no such field). */
export interface AutoscalerRange {
  min?: number;
  max?: number;
}

export function renderServiceDetails(
  s: Service,
  instances: readonly ServiceInstance[],
  warnings: readonly ServiceEvent[],
  readyTimes: readonly TimeToReady[],
  autoscaler?: AutoscalerRange,
): SlackMessage {
  const fields = [
    `*Status*\n${serviceEmoji(s.Status)} ${escapeWithin(s.Status, 100)}`,
    `*Instances*\n${s.RunningInstance ?? 0} running · ${s.PendingInstance ?? 0} pending · ${s.TotalInstance ?? 0} total`,
  ];
  if (s.InternetEndpoint) fields.push(`*Internet endpoint*\n${codeWithin(s.InternetEndpoint, 500)}`);
  if (s.IntranetEndpoint) fields.push(`*VPC endpoint*\n${codeWithin(s.IntranetEndpoint, 500)}`);
  if (s.Weight !== undefined) fields.push(`*Traffic weight*\n${s.Weight}`);
  if (autoscaler) fields.push(`*Autoscaler*\n${autoscaler.min ?? '?'}–${autoscaler.max ?? '?'} instances`);
  if (readyTimes.length)
    fields.push(
      `*Time to ready*\n${readyTimes
        .slice(0, 3)
        .map((t) => `${formatDuration(t.ms)} (${t.kind})`)
        .join(', ')}`,
    );
  if (s.Reason || s.Message)
    fields.push(`*Reason*\n${escapeWithin([s.Reason, s.Message].filter(Boolean).join(': '), 1000)}`);
  const blocks: KnownBlock[] = [
    section(`*EAS service* ${codeWithin(s.ServiceName, NAME_MAX)}${s.Image ? ` · ${codeWithin(s.Image, 300)}` : ''}`),
    fieldsSection(fields),
  ];
  const notRunning = instances.filter((i) => i.Status !== 'Running');
  if (notRunning.length) {
    const lines = notRunning
      .slice(0, 10)
      .map(
        (i) =>
          `${codeWithin(i.InstanceName, NAME_MAX)} ${escapeWithin(i.Status, 50)}${i.Reason ? ` (${escapeWithin(i.Reason, 200)})` : ''}`,
      );
    blocks.push(section(`*Instances not running*\n${lines.join('\n')}`));
  }
  if (warnings.length) {
    // Measured escaped: a warning full of & < > must not push the section past 3,000.
    const lines = lastLinesFitting(
      warnings.map((e) => `${e.Time} ${e.Reason}: ${e.Message}`),
      WARNINGS_BUDGET,
      { maxLine: 300, measure: escapedLength },
    ).lines;
    blocks.push(section(`*Last warning events*\n${codeBlock(lines.join('\n'))}`));
  }
  return {
    text: `EAS service ${escapeWithin(s.ServiceName, NAME_MAX)}: ${escapeWithin(s.Status, 50)} (${s.RunningInstance ?? 0}/${s.TotalInstance ?? 0} running)`,
    blocks,
  };
}

/** Services listed at most; the rest are counted. */
const MAX_ROWS = 50;
const MAX_SECTIONS = 40; // of Slack's 50 blocks per message

export function renderServiceList(workspace: string, services: readonly Service[], total: number): SlackMessage {
  const title = `*EAS services in ${escapeWithin(workspace, 200)}*`;
  const plainTitle = `EAS services in ${escapeWithin(workspace, 200)}`;
  if (services.length === 0) return { text: `${plainTitle}: none.`, blocks: [section(`${title}\nNo services.`)] };
  const rows = services
    .slice(0, MAX_ROWS)
    .map(
      (s) =>
        `${serviceEmoji(s.Status)} ${codeWithin(s.ServiceName, NAME_MAX)} ${escapeWithin(s.Status, 50)} · ${s.RunningInstance ?? 0}/${s.TotalInstance ?? 0} running`,
    );
  // The heading rides on the first row, so the count of rows left out is exact.
  const sections = packWithin([`${title}\n${rows[0]!}`, ...rows.slice(1)], MAX_SECTIONS, (n) => `…and ${n} more.`, {
    hidden: Math.max(total, services.length) - rows.length,
  });
  return { text: `${plainTitle}: ${total} service(s)`, blocks: sections.map(section) };
}

export function renderServiceEvents(service: string, events: readonly ServiceEvent[]): SlackMessage {
  if (events.length === 0)
    return {
      text: `No events for ${escapeWithin(service, NAME_MAX)}.`,
      blocks: [section(`No recent events for ${codeWithin(service, NAME_MAX)}.`)],
    };
  const kept = lastLinesFitting(
    events.map((e) => `${e.Time} ${e.Type.padEnd(7)} ${e.Reason}: ${e.Message}`),
    EVENTS_BUDGET,
    { maxLine: 400, measure: escapedLength },
  );
  return {
    text: `Events of ${escapeWithin(service, NAME_MAX)}: last ${kept.lines.length}`,
    blocks: [
      section(
        `Events of ${codeWithin(service, NAME_MAX)} (last ${kept.lines.length}${kept.omitted ? `, ${kept.omitted} earlier not shown` : ''})`,
      ),
      section(codeBlock(kept.lines.join('\n'))),
    ],
  };
}
