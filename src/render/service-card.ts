// The one status card per EAS service, updated in place as it deploys, scales, stops and starts.

import type { KnownBlock } from '@slack/web-api';
import type { CostEstimate } from '../actions/costs/price-book.js';
import { formatDuration } from '../config/duration.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import type { TrackedService } from '../actions/watchers/tracked-services.js';
import { costText } from './cost-text.js';
import { codeWithin, escapeWithin, mention } from './mrkdwn.js';
import { contextBlock, fieldsSection, headerBlock } from './sections.js';
import { serviceEmoji } from './service-status-style.js';

/** `burn`: what the service burns per hour at its current replica count, when a price is known (the caller's sum). */
export function renderServiceCard(s: TrackedService, now: number, burn?: CostEstimate): SlackMessage {
  const { last } = s;
  const fields = [
    `*Service*\n${codeWithin(s.service, 100)}`,
    `*Workspace*\n${codeWithin(s.workspace.name, 100)}`,
    `*Status*\n${serviceEmoji(last.status)} ${escapeWithin(last.status, 100)}`,
    `*Instances*\n${last.running} running · ${last.pending} pending · ${last.total} total`,
    `*Requested by*\n${mention(s.requester)}`,
  ];
  if (s.image) fields.push(`*Image*\n${codeWithin(s.image, 400)}`);
  if (last.endpoint) fields.push(`*Endpoint*\n${codeWithin(last.endpoint, 400)}`);
  if (burn) fields.push(`*Burn rate*\n${escapeWithin(costText(burn), 400)}`);
  const notes: string[] = [];
  if (s.episode) notes.push(`not ready for ${formatDuration(now - s.episode.startedAt)} (${s.episode.kind})`);
  const latest = s.readyTimes[0];
  if (latest) notes.push(`last time to ready: ${formatDuration(latest.ms)} (${latest.kind})`);
  if (last.reason && last.status !== 'Running') notes.push(`reason: ${escapeWithin(last.reason, 1000)}`);
  const blocks: KnownBlock[] = [headerBlock(`EAS service ${s.service}`), fieldsSection(fields)];
  if (notes.length) blocks.push(contextBlock(notes.join(' · ')));
  return {
    text: `EAS service ${escapeWithin(s.service, 100)} in ${escapeWithin(s.workspace.name, 100)}: ${escapeWithin(last.status, 100)} (${last.running}/${last.total} running)`,
    blocks,
  };
}
