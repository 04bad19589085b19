// The one status card per EAS service, updated in place as it deploys, scales, stops and starts. Re-rendered from
// the tracked state on each change, so its buttons are those that apply now: Events, and Stop while it runs or Start
// once it is stopped (src/slack/listeners/card-buttons.ts runs them as the typed commands), then Scale… and Traffic…,
// which open a modal (src/slack/listeners/service-forms.ts); none once it is being deleted.

import type { Button, KnownBlock } from '@slack/web-api';
import type { CostEstimate } from '../actions/costs/price-book.js';
import { formatDuration } from '../config/duration.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import type { TrackedService } from '../actions/watchers/tracked-services.js';
import { costText } from './cost-text.js';
import { consoleLinkBlock, easConsoleUrl } from './console-links.js';
import { codeWithin, escapeWithin, mention } from './mrkdwn.js';
import { contextBlock, fieldsSection, headerBlock } from './sections.js';
import { serviceEmoji } from './service-status-style.js';
import { truncate } from './truncate.js';

export const SERVICE_CARD_EVENTS_ACTION_ID = 'eas_card_events';
export const SERVICE_CARD_STOP_ACTION_ID = 'eas_card_stop';
export const SERVICE_CARD_START_ACTION_ID = 'eas_card_start';
/** Open the modals of render/service-forms.ts (src/slack/listeners/service-forms.ts). */
export const SERVICE_CARD_SCALE_ACTION_ID = 'eas_card_scale';
export const SERVICE_CARD_TRAFFIC_ACTION_ID = 'eas_card_traffic';
/** An EAS service name is at most 64 characters; one far longer does not ride in a button. */
const MAX_NAME_IN_BUTTON = 200;
/** No button applies to a service on its way out. */
const GONE = new Set(['Deleting', 'Deleted']);

/** A card button's value: the service, and the record's rev when the card was drawn (card-buttons.ts keys on it). */
export interface ServiceButtonValue {
  s: string;
  r: number;
}

export function parseServiceButtonValue(raw: string | undefined): ServiceButtonValue | undefined {
  try {
    const v = JSON.parse(raw ?? '') as Partial<ServiceButtonValue>;
    return typeof v.s === 'string' && v.s && typeof v.r === 'number' ? { s: v.s, r: v.r } : undefined;
  } catch {
    return undefined;
  }
}

function serviceButtons(s: TrackedService): KnownBlock | undefined {
  const status = s.last.status;
  if (GONE.has(status) || s.service.length > MAX_NAME_IN_BUTTON) return undefined;
  const value = JSON.stringify({ s: s.service, r: s.rev } satisfies ServiceButtonValue);
  const button = (action_id: string, text: string): Button => ({
    type: 'button',
    action_id,
    text: { type: 'plain_text', text },
    value,
  });
  const elements: Button[] = [button(SERVICE_CARD_EVENTS_ACTION_ID, 'Events')];
  if (status === 'Stopped') elements.push(button(SERVICE_CARD_START_ACTION_ID, 'Start'));
  else if (status !== 'Stopping')
    elements.push({
      ...button(SERVICE_CARD_STOP_ACTION_ID, 'Stop'),
      style: 'danger',
      confirm: {
        title: { type: 'plain_text', text: 'Stop this service?' },
        text: { type: 'plain_text', text: `${truncate(s.service, 200)} stops serving; its instances are released.` },
        confirm: { type: 'plain_text', text: 'Stop' },
        deny: { type: 'plain_text', text: 'Keep it running' },
      },
    });
  elements.push(button(SERVICE_CARD_SCALE_ACTION_ID, 'Scale…'), button(SERVICE_CARD_TRAFFIC_ACTION_ID, 'Traffic…'));
  return { type: 'actions', elements };
}

/** `burn`: what the service burns per hour at its current replica count, when a price is known (the caller's sum). */
/** `region`: with it the card links to the service in the PAI console and carries its buttons. */
export function renderServiceCard(s: TrackedService, now: number, burn?: CostEstimate, region?: string): SlackMessage {
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
  if (region !== undefined) {
    const link = consoleLinkBlock(easConsoleUrl(region, s.workspace.id, s.service));
    if (link) blocks.push(link);
    const buttons = serviceButtons(s);
    if (buttons) blocks.push(buttons);
  }
  return {
    text: `EAS service ${escapeWithin(s.service, 100)} in ${escapeWithin(s.workspace.name, 100)}: ${escapeWithin(last.status, 100)} (${last.running}/${last.total} running)`,
    blocks,
  };
}
