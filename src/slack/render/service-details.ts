// `/pai eas status <service>`, `/pai eas list` and `/pai eas events <service>`.

import type { KnownBlock } from '@slack/web-api';
import { formatDuration } from '../../config/duration.js';
import type { SlackMessage } from '../../notify/slack-output.js';
import type { Service, ServiceEvent, ServiceInstance } from '../../pai/eas-types.js';
import type { TimeToReady } from '../../watchers/tracked-services.js';
import { code, codeBlock, codeWithin, escapeWithin } from './mrkdwn.js';
import { packLines } from './sections.js';
import { serviceEmoji } from './service-status-style.js';
import { lastLinesFitting } from './truncate.js';

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

export function renderServiceDetails(s: Service, instances: readonly ServiceInstance[], warnings: readonly ServiceEvent[], readyTimes: readonly TimeToReady[]): SlackMessage {
  const fields = [
    `*Status*\n${serviceEmoji(s.Status)} ${escapeWithin(s.Status, 100)}`,
    `*Instances*\n${s.RunningInstance ?? 0} running · ${s.PendingInstance ?? 0} pending · ${s.TotalInstance ?? 0} total`,
  ];
  if (s.InternetEndpoint) fields.push(`*Internet endpoint*\n${codeWithin(s.InternetEndpoint, 500)}`);
  if (s.IntranetEndpoint) fields.push(`*VPC endpoint*\n${codeWithin(s.IntranetEndpoint, 500)}`);
  if (s.Weight !== undefined) fields.push(`*Traffic weight*\n${s.Weight}`);
  if (s.AutoscalerEnabled) fields.push('*Autoscaler*\non');
  if (readyTimes.length) fields.push(`*Time to ready*\n${readyTimes.slice(0, 3).map((t) => `${formatDuration(t.ms)} (${t.kind})`).join(', ')}`);
  if (s.Reason || s.Message) fields.push(`*Reason*\n${escapeWithin([s.Reason, s.Message].filter(Boolean).join(': '), 1000)}`);
  const blocks: KnownBlock[] = [section(`*EAS service* ${code(s.ServiceName)}${s.Image ? ` · ${codeWithin(s.Image, 300)}` : ''}`), { type: 'section', fields: fields.slice(0, 10).map((text) => ({ type: 'mrkdwn', text })) }];
  const notRunning = instances.filter((i) => i.Status !== 'Running');
  if (notRunning.length) {
    const lines = notRunning.slice(0, 10).map((i) => `${code(i.InstanceName)} ${escapeWithin(i.Status, 50)}${i.Reason ? ` (${escapeWithin(i.Reason, 200)})` : ''}`);
    blocks.push(section(`*Instances not running*\n${lines.join('\n')}`));
  }
  if (warnings.length) {
    const lines = lastLinesFitting(warnings.map((e) => `${e.Time} ${e.Reason}: ${e.Message}`), 2_000, { maxLine: 300 }).lines;
    blocks.push(section(`*Last warning events*\n${codeBlock(lines.join('\n'))}`));
  }
  return { text: `EAS service ${escapeWithin(s.ServiceName, 100)}: ${escapeWithin(s.Status, 50)} (${s.RunningInstance ?? 0}/${s.TotalInstance ?? 0} running)`, blocks };
}

export function renderServiceList(workspace: string, services: readonly Service[], total: number): SlackMessage {
  const title = `EAS services in ${workspace}`;
  if (services.length === 0) return { text: `${escapeWithin(title, 200)}: none.`, blocks: [section(`*${escapeWithin(title, 200)}*\nNo services.`)] };
  const rows = services.slice(0, 50).map((s) => `${serviceEmoji(s.Status)} ${code(s.ServiceName)} ${escapeWithin(s.Status, 50)} · ${s.RunningInstance ?? 0}/${s.TotalInstance ?? 0} running`);
  if (total > rows.length) rows.push(`…and ${total - rows.length} more.`);
  const [first, ...rest] = packLines([`*${escapeWithin(title, 200)}*`, ...rows]);
  return { text: `${escapeWithin(title, 200)}: ${total} service(s)`, blocks: [first!, ...rest].slice(0, 40).map(section) };
}

export function renderServiceEvents(service: string, events: readonly ServiceEvent[]): SlackMessage {
  if (events.length === 0) return { text: `No events for ${service}.`, blocks: [section(`No recent events for ${code(service)}.`)] };
  const kept = lastLinesFitting(events.map((e) => `${e.Time} ${e.Type.padEnd(7)} ${e.Reason}: ${e.Message}`), 2_700, { maxLine: 400 });
  return {
    text: `Events of ${escapeWithin(service, 100)}: last ${kept.lines.length}`,
    blocks: [section(`Events of ${code(service)} (last ${kept.lines.length}${kept.omitted ? `, ${kept.omitted} earlier not shown` : ''})`), section(codeBlock(kept.lines.join('\n')))],
  };
}
