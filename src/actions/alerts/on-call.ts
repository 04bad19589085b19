// What every alert carries for on-call: the Acknowledge and Mute controls, an open episode behind them, and
// silence while its job or service is muted. The watchers call this where they post an alert.

import type { Logger } from 'pino';
import type { AlertKind } from '../../config/file-schema.js';
import type { SlackMessage } from '../../slack-out/slack-output.js';
import { alertControlsBlock } from '../../render/alert-controls.js';
import { withMentionsInText } from '../../render/sections.js';
import type { AlertEpisodes } from './episodes.js';

export interface OnCall {
  episodes: AlertEpisodes;
  now(): number;
  log: Logger;
}

export interface AlertSubject {
  /** The episode: one alert, its controls and its resolution (≤ 200 characters). */
  id: string;
  /** What a mute silences: `eas:<service>`, or `dlc:<workspace>:<job name>` (a resubmitted job stays muted). */
  resource: string;
  kind: AlertKind;
  workspaceId: string;
  title: string;
}

/** Whether new alerts about this resource are muted now (logged, so a silent on-call channel can be explained). */
export async function isMuted(
  onCall: OnCall | undefined,
  subject: Pick<AlertSubject, 'resource' | 'id'>,
): Promise<boolean> {
  if (!onCall) return false;
  const until = await onCall.episodes.mutedUntil(subject.resource, onCall.now()).catch(() => undefined);
  if (until !== undefined)
    onCall.log.info(
      { resource: subject.resource, episode: subject.id, mutedUntil: new Date(until).toISOString() },
      'muted by on-call; not alerting',
    );
  return until !== undefined;
}

/**
 * The alert with the controls of its episode appended (within the 50-block limit), and whoever its
 * blocks mention in its text too: Slack notifies from the text, and a watcher may have added a block.
 */
export function withControls(message: SlackMessage, subject: Pick<AlertSubject, 'id'>): SlackMessage {
  return withMentionsInText({
    ...message,
    blocks: [...(message.blocks ?? []).slice(0, 49), alertControlsBlock(subject.id)],
  });
}

/** Records the alert just posted as an open episode (best effort: the alert itself is what matters). */
export async function opened(
  onCall: OnCall | undefined,
  subject: AlertSubject,
  channel: string,
  ts: string,
): Promise<void> {
  if (!onCall) return;
  await onCall.episodes
    .open({ ...subject, channel, ts, openedAt: onCall.now() })
    .catch((err: unknown) =>
      onCall.log.warn({ err, episode: subject.id }, 'alerted, but could not record the episode'),
    );
}

/** Ends every open episode of a resource; returns them so the caller can post the resolution in their threads. */
export async function closeAll(onCall: OnCall | undefined, resource: string) {
  if (!onCall) return [];
  const open = (await onCall.episodes.list().catch(() => [])).filter((e) => e.resource === resource);
  const closed = await Promise.all(open.map((e) => onCall.episodes.close(e.id, onCall.now()).catch(() => undefined)));
  return closed.filter((e) => e !== undefined);
}
