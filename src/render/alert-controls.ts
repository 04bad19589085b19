// Pure: the on-call controls under every alert (an Acknowledge button and a Mute menu, both carrying the
// episode id) and what an alert looks like once acknowledged.
//
// The episode id rides in the button's value and in the block_id (`alert_controls:<id>`): a static_select's
// option values are the durations ("1h", "4h", "24h"), and option values are limited to 150 characters
// while episode ids may have 200. A block_id holds up to 255.

import type { KnownBlock } from '@slack/web-api';
import { escapeWithin, mention } from './mrkdwn.js';
import { contextBlock, MAX_BLOCKS, section } from './sections.js';

export const ACK_ACTION_ID = 'alert_ack';
export const MUTE_ACTION_ID = 'alert_mute';
const CONTROLS_BLOCK_PREFIX = 'alert_controls:';
const ACKED_BLOCK_ID = 'alert_acked';

export type MuteChoice = '1h' | '4h' | '24h';
export const MUTE_CHOICES: Readonly<Record<MuteChoice, { label: string; ms: number }>> = {
  '1h': { label: '1 h', ms: 3_600_000 },
  '4h': { label: '4 h', ms: 4 * 3_600_000 },
  '24h': { label: '24 h', ms: 24 * 3_600_000 },
};

export function isMuteChoice(value: unknown): value is MuteChoice {
  return typeof value === 'string' && Object.hasOwn(MUTE_CHOICES, value);
}

/** `<!date^…>`: shown in each reader's own time zone; the fallback (UTC) where Slack cannot format it. */
export function slackDate(ms: number): string {
  const utc = new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${utc} UTC>`;
}

/** The episode id a controls block carries in its block_id, if it is one. */
export function episodeIdOfBlock(blockId: string | undefined): string | undefined {
  if (typeof blockId !== 'string' || !blockId.startsWith(CONTROLS_BLOCK_PREFIX)) return undefined;
  const id = blockId.slice(CONTROLS_BLOCK_PREFIX.length);
  return id === '' ? undefined : id;
}

const muteMenu = () => ({
  type: 'static_select' as const,
  action_id: MUTE_ACTION_ID,
  placeholder: { type: 'plain_text' as const, text: 'Mute…' },
  options: Object.entries(MUTE_CHOICES).map(([value, c]) => ({
    text: { type: 'plain_text' as const, text: `Mute ${c.label}` },
    value,
  })),
});

/**
 * The actions block appended to every alert: an Acknowledge button and a Mute static_select (1 h, 4 h, 24 h),
 * carrying the episode id. `acknowledged`: the alert has been acknowledged, only the Mute menu is left.
 */
export function alertControlsBlock(episodeId: string, opts: { acknowledged?: boolean } = {}): KnownBlock {
  const ackButton = {
    type: 'button' as const,
    action_id: ACK_ACTION_ID,
    text: { type: 'plain_text' as const, text: 'Acknowledge' },
    style: 'primary' as const,
    value: episodeId,
  };
  return {
    type: 'actions',
    block_id: `${CONTROLS_BLOCK_PREFIX}${episodeId}`,
    elements: opts.acknowledged ? [muteMenu()] : [ackButton, muteMenu()],
  };
}

/** "Acknowledged by @U at <time>", a context block shown just above the controls. */
export function acknowledgementBlock(user: string, at: number): KnownBlock {
  return contextBlock(`:eyes: Acknowledged by ${mention(user)} at ${slackDate(at)}`, ACKED_BLOCK_ID);
}

type AnyBlock = Record<string, unknown>;

const isControls = (b: AnyBlock, episodeId: string): boolean =>
  b.type === 'actions' &&
  (b.block_id === `${CONTROLS_BLOCK_PREFIX}${episodeId}` ||
    (Array.isArray(b.elements) && b.elements.some((el) => (el as AnyBlock | null)?.action_id === ACK_ACTION_ID)));

/**
 * An alert's blocks (as Slack sent them back in the click's payload) once acknowledged: the same blocks, the
 * acknowledgement line above the controls, and the controls without the Acknowledge button (Mute stays).
 * Blocks without controls (an alert posted before the controls existed) get both at the end.
 */
export function acknowledgedBlocks(
  blocks: readonly unknown[],
  episodeId: string,
  user: string,
  at: number,
): KnownBlock[] {
  const kept = blocks.filter(
    (b): b is AnyBlock => typeof b === 'object' && b !== null && (b as AnyBlock).block_id !== ACKED_BLOCK_ID,
  );
  const index = kept.findIndex((b) => isControls(b, episodeId));
  const controls = alertControlsBlock(episodeId, { acknowledged: true });
  const before = index < 0 ? kept : kept.slice(0, index);
  const after = index < 0 ? [] : kept.slice(index + 1);
  // Slack allows 50 blocks: a full alert keeps its content, and the thread reply says who acknowledged.
  const ackLine = before.length + after.length + 2 <= MAX_BLOCKS ? [acknowledgementBlock(user, at)] : [];
  return [...(before as unknown as KnownBlock[]), ...ackLine, controls, ...(after as unknown as KnownBlock[])].slice(
    0,
    MAX_BLOCKS,
  );
}

/** An alert re-rendered from its episode, when the click's payload did not carry the message. */
export function acknowledgedFallback(title: string, episodeId: string, user: string, at: number): KnownBlock[] {
  return [
    section(escapeWithin(title, 2_900)),
    acknowledgementBlock(user, at),
    alertControlsBlock(episodeId, { acknowledged: true }),
  ];
}
