// Pure: `/pai alerts`: the open on-call episodes, oldest first: what, which kind, which workspace, since
// when, who acknowledged it and until when it is muted. Within Slack's limits: at most 50 blocks, each
// section under 3,000 characters, titles and resources escaped and cut.

import type { KnownBlock } from '@slack/web-api';
import type { OpenEpisode } from '../actions/alerts/episodes.js';
import type { AlertKind } from '../config/file-schema.js';
import { formatDuration } from '../config/duration.js';
import type { SlackMessage } from '../slack-out/slack-output.js';
import { slackDate } from './alert-controls.js';
import { codeWithin, escapeWithin, mention } from './mrkdwn.js';
import { contextBlock, section } from './sections.js';

/** Episodes shown; the rest are counted (45 sections + heading + note stay under 50 blocks). */
export const ALERT_LIST_ROWS = 45;

const KIND_LABEL: Readonly<Record<AlertKind, string>> = {
  oss_403: 'OSS 403',
  cold_start: 'cold start',
  failed: 'failed',
};

export interface AlertListOptions {
  now: number;
  /** Workspace id -> its alias in the config, to show `dev` rather than `100001`. */
  workspaceNames: ReadonlyMap<string, string>;
  /** The alias given with -w, when the list is one workspace's. */
  workspace?: string;
}

const channelRef = (channel: string): string => (/^[CG][A-Z0-9]+$/.test(channel) ? ` in <#${channel}>` : '');

function row(e: OpenEpisode, o: AlertListOptions): string {
  const workspace = o.workspaceNames.get(e.workspaceId) ?? e.workspaceId;
  const kind = KIND_LABEL[e.kind] ?? e.kind;
  const lines = [
    `*${escapeWithin(e.title || e.resource, 200)}*`,
    `${escapeWithin(kind, 40)} · ${codeWithin(e.resource, 160)} · workspace ${codeWithin(workspace, 70)}`,
    `Since ${slackDate(e.openedAt)} (${formatDuration(Math.max(0, o.now - e.openedAt))} ago)${channelRef(e.channel)}`,
    e.ackedBy
      ? `:eyes: Acknowledged by ${mention(e.ackedBy)}${e.ackedAt !== undefined ? ` at ${slackDate(e.ackedAt)}` : ''}`
      : ':bell: Not acknowledged',
  ];
  if (e.mutedUntil !== undefined && e.mutedUntil > o.now) {
    lines.push(`:mute: Muted until ${slackDate(e.mutedUntil)}${e.mutedBy ? ` by ${mention(e.mutedBy)}` : ''}`);
  }
  return lines.join('\n');
}

export function renderAlertList(episodes: readonly OpenEpisode[], o: AlertListOptions): SlackMessage {
  const where = o.workspace !== undefined ? ` in workspace ${escapeWithin(o.workspace, 70)}` : '';
  if (episodes.length === 0) return { text: `No open alerts${where}.` };
  const shown = episodes.slice(0, ALERT_LIST_ROWS);
  const blocks: KnownBlock[] = [
    section(`*Open alerts${where}* (${episodes.length}, oldest first)`),
    ...shown.map((e) => section(row(e, o))),
  ];
  if (episodes.length > shown.length)
    blocks.push(contextBlock(`…and ${episodes.length - shown.length} more, newer than these.`));
  return { text: `${episodes.length} open alert(s)${where}`, blocks };
}
