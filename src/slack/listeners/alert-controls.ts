// On-call controls under every alert: Acknowledge (once; the alert and its thread say who and when) and Mute
// 1 h / 4 h / 24 h (no new alerts for that job or service until the mute is up or the episode ends). Both are
// recorded in the audit stream. Also `/pai alerts [-w <workspace>]`, answered from Redis without queueing.
//
// Who may press: anyone who can see the alert, i.e. anyone in the alerts channel (that is on-call). Nothing
// is checked beyond Slack's own signature: acknowledging and muting change no PAI resource, and both are
// audited with the presser's id.
//
// One listener for both controls: Bolt runs every registered listener's middleware on every request (see
// approval-buttons.ts).
//
// Idempotency: the store decides in one Lua script per press. A press carries an id (action_id, user,
// action_ts): the same press delivered again (a Slack retry, a second replica) is a 'repeat' and does
// nothing at all; a second press on Acknowledge is 'already' and only tells the presser who acknowledged.
// So each acknowledgement and each distinct mute press is audited, announced in the thread, once.
//
// The acknowledged alert is updated with chat.update using the blocks Slack sent back in the click's payload
// (`body.message.blocks`), minus the Acknowledge button, with an "Acknowledged by … at …" line above the Mute
// menu; when the payload carries no message blocks, the alert is re-rendered from the episode's title.
//
// The same controls are on the on-call's App Home. A press there has no channel to answer in privately: what it did
// (or why it did nothing) is said in a notice at the top of the presser's Home, republished at once
// (src/actions/home/publish-home.ts).

import type { App, BlockAction } from '@slack/bolt';
import type { Logger } from 'pino';
import type { AlertEpisodes, OpenEpisode } from '../../actions/alerts/episodes.js';
import type { AuditLog } from '../../actions/approvals/audit-log.js';
import { type HomePublishing, publishHome } from '../../actions/home/publish-home.js';
import type { Clock } from '../../time/clock.js';
import type { FileConfig } from '../../config/file-schema.js';
import type { SlackMessage, SlackOutput } from '../../slack-out/slack-output.js';
import type { AlertsList } from '../grammar/commands.js';
import {
  ACK_ACTION_ID,
  MUTE_ACTION_ID,
  MUTE_CHOICES,
  acknowledgedBlocks,
  acknowledgedFallback,
  episodeIdOfBlock,
  isMuteChoice,
  slackDate,
} from '../../render/alert-controls.js';
import { renderAlertList } from '../../render/alert-list.js';
import { code, escapeMrkdwn, escapeWithin, mention } from '../../render/mrkdwn.js';
import { resolveWorkspace } from '../resolve-workspace.js';
import { withTimeout } from './queue-with-receipt.js';

export interface AlertControlsDeps {
  episodes: AlertEpisodes;
  audit: Pick<AuditLog, 'append'>;
  slack: Pick<SlackOutput, 'post' | 'update' | 'ephemeral'>;
  clock: Clock;
  log: Logger;
  /** Answers a press on the App Home there; without it such a press is answered nowhere. */
  home?: HomePublishing;
}

/** What a press did, said to the presser: privately in the channel, or on their App Home. */
type Tell = (text: string) => Promise<void>;

export const EPISODE_OVER = "This alert's episode is over or unknown; nothing changed.";

const CONTROLS = new RegExp(`^(?:${ACK_ACTION_ID}|${MUTE_ACTION_ID})$`);

export function registerAlertControls(app: App, deps: AlertControlsDeps): void {
  app.action<BlockAction>(CONTROLS, async ({ ack, body }) => {
    await ack();
    await handleAlertControl(deps, body);
  });
}

/** What one press does; never throws (failures are logged and the presser is told). */
export async function handleAlertControl(deps: AlertControlsDeps, body: BlockAction): Promise<void> {
  const action = body.actions?.[0];
  if (!action) return;
  const user = body.user.id;
  const channel =
    body.channel?.id ?? (typeof body.container?.channel_id === 'string' ? body.container.channel_id : undefined);
  const fromHome = body.container?.type === 'view';
  let notice: string | undefined;
  const tell: Tell = async (text) => {
    if (fromHome) notice = text;
    if (fromHome || !channel) return;
    await deps.slack
      .ephemeral(channel, user, { text })
      .catch((err: unknown) => deps.log.warn({ err, channel, user }, 'could not answer an alert control privately'));
  };
  // A press that did something says so only on the Home: in a channel, the alert's thread does.
  const done: Tell = async (text) => {
    if (fromHome) notice = text;
  };
  const episodeId = (action.type === 'button' && action.value) || episodeIdOfBlock(action.block_id);
  if (!episodeId) await tell(EPISODE_OVER);
  else await press(deps, body, action, { episodeId, user, tell, done });
  if (fromHome && notice !== undefined && deps.home) await publishHome(deps.home, user, notice);
}

async function press(
  deps: AlertControlsDeps,
  body: BlockAction,
  action: NonNullable<BlockAction['actions']>[number],
  { episodeId, user, tell, done }: { episodeId: string; user: string; tell: Tell; done: Tell },
): Promise<void> {
  // The same press delivered twice carries the same action_ts (and trigger id).
  const clickId = `${action.action_id}:${user}:${action.action_ts ?? body.trigger_id}`;
  try {
    if (action.action_id === ACK_ACTION_ID) await acknowledge(deps, body, episodeId, user, clickId, tell, done);
    else if (action.action_id === MUTE_ACTION_ID)
      await mute(
        deps,
        action.type === 'static_select' ? action.selected_option?.value : undefined,
        episodeId,
        user,
        clickId,
        tell,
        done,
      );
  } catch (err) {
    deps.log.error({ err, episodeId, user, action: action.action_id }, 'alert control failed');
    await tell(':warning: That did not go through (the bot could not reach its store); try again.');
  }
}

async function acknowledge(
  deps: AlertControlsDeps,
  body: BlockAction,
  id: string,
  user: string,
  clickId: string,
  tell: Tell,
  done: Tell,
): Promise<void> {
  const at = deps.clock.now();
  const outcome = await deps.episodes.acknowledgeClick(id, user, at, clickId);
  if (outcome === 'repeat') {
    deps.log.debug({ episodeId: id, user }, 'alert acknowledge delivered again; already handled');
    return;
  }
  if (outcome === 'missing') return tell(EPISODE_OVER);
  const episode = await deps.episodes.get(id);
  if (outcome === 'already') {
    if (!episode?.ackedBy) return tell('This alert was already acknowledged.');
    const who =
      episode.ackedBy === user
        ? 'You acknowledged this alert'
        : `This alert was already acknowledged by ${mention(episode.ackedBy)}`;
    return tell(`${who}${episode.ackedAt !== undefined ? ` at ${slackDate(episode.ackedAt)}` : ''}.`);
  }
  if (!episode) return; // closed between the two calls: nothing left to show it on
  await deps.audit.append({
    event: 'acknowledged',
    requestId: id,
    user,
    detail: `${episode.kind} ${episode.resource}`,
    at,
  });
  // From the App Home the click carries no alert message: rebuilt from the title it would lose its reasons, so the
  // alert stays as it is and its thread says who acknowledged.
  if (body.container?.type !== 'view')
    await deps.slack
      .update(episode.channel, episode.ts, acknowledgedMessage(body, episode, user, at))
      .catch((err: unknown) =>
        deps.log.warn({ err, episodeId: id }, 'could not show the acknowledgement on the alert'),
      );
  await deps.slack.post(episode.channel, { text: `Acknowledged by ${mention(user)}` }, episode.ts);
  // A job's failure has already ended: acknowledging it is its resolution. A service's episode runs on until the
  // service is ready or gone (the watcher closes it and says so in this thread).
  const closed = episode.resource.startsWith('dlc:') && (await deps.episodes.close(id, at)) !== undefined;
  if (closed) {
    await deps.slack
      .post(episode.channel, { text: 'The job has ended, so this alert is closed.' }, episode.ts)
      .catch(() => undefined);
  }
  const title = `*${escapeWithin(episode.title || episode.resource, 300)}*`;
  await done(
    `:eyes: You acknowledged ${title}${closed ? '; the job has ended, so the alert is closed' : ''}. ` +
      'Its thread says so.',
  );
}

function acknowledgedMessage(body: BlockAction, episode: OpenEpisode, user: string, at: number): SlackMessage {
  const message = body.message;
  const blocks: unknown = message?.blocks;
  const sameMessage = message !== undefined && message.ts === episode.ts;
  if (sameMessage && Array.isArray(blocks) && blocks.length > 0) {
    return {
      text: typeof message.text === 'string' && message.text ? message.text : episode.title,
      blocks: acknowledgedBlocks(blocks, episode.id, user, at),
    };
  }
  return { text: episode.title, blocks: acknowledgedFallback(episode.title, episode.id, user, at) };
}

async function mute(
  deps: AlertControlsDeps,
  choice: string | undefined,
  id: string,
  user: string,
  clickId: string,
  tell: Tell,
  done: Tell,
): Promise<void> {
  if (!isMuteChoice(choice))
    return tell(
      `Choose how long to mute: ${Object.values(MUTE_CHOICES)
        .map((c) => c.label)
        .join(', ')}.`,
    );
  const { label, ms } = MUTE_CHOICES[choice];
  const at = deps.clock.now();
  const outcome = await deps.episodes.muteClick(id, user, at + ms, at, clickId);
  if (outcome === 'repeat') {
    deps.log.debug({ episodeId: id, user }, 'alert mute delivered again; already handled');
    return;
  }
  if (outcome === 'missing') return tell(EPISODE_OVER);
  const episode = await deps.episodes.get(id);
  if (!episode) return;
  // Muting again keeps the later end, which may be an earlier, longer mute's.
  const until = (await deps.episodes.mutedUntil(episode.resource, at)) ?? at + ms;
  await deps.audit.append({
    event: 'muted',
    requestId: id,
    user,
    detail: `${choice} ${episode.resource} until ${new Date(until).toISOString()}`,
    at,
  });
  await deps.slack.post(
    episode.channel,
    {
      text: `Muted for ${label} by ${mention(user)}: no new alerts for ${code(episode.resource)} until ${slackDate(until)} (or until it ends)`,
    },
    episode.ts,
  );
  await done(
    `:mute: You muted ${code(episode.resource)} for ${label}: no new alerts for it until ${slackDate(until)} ` +
      '(or until it ends).',
  );
}

/** `/pai alerts [-w <workspace>]`: the open episodes, of the workspace given or of all. */
export async function listOpenAlerts(
  command: AlertsList,
  config: Pick<FileConfig, 'workspaces'>,
  episodes: AlertEpisodes | undefined,
  now: number,
): Promise<SlackMessage> {
  if (!episodes) return { text: 'This bot does not keep track of alerts.' };
  let workspaceId: string | undefined;
  let workspace: string | undefined;
  if (command.workspace !== undefined) {
    const resolved = resolveWorkspace(command.workspace, '', config.workspaces);
    if (!resolved.ok) return { text: `:warning: ${escapeMrkdwn(resolved.message)}` };
    workspaceId = resolved.workspace.id;
    workspace = resolved.workspace.name;
  }
  let open: OpenEpisode[];
  try {
    // Bounded, so the answer always comes (after the ack when Redis is slow: src/slack/listeners/pai-command.ts).
    open = await withTimeout(episodes.list(workspaceId), 10_000);
  } catch {
    return { text: ':warning: Could not read the open alerts (the bot could not reach its store); try again.' };
  }
  const workspaceNames = new Map(config.workspaces.map((w) => [w.id, w.name]));
  return renderAlertList(open, { now, workspaceNames, ...(workspace !== undefined ? { workspace } : {}) });
}
