// The buttons on the job and service cards: Logs and Stop on a job's, Events and Stop or Start on a service's. A
// click runs the very command it stands for (`/pai dlc stop <id>`, `/pai eas start <svc>`, …) through the slash
// command's own path, as the idle digest's buttons do (notebook-digest-buttons.ts): the operator check, the prod
// approval and the once-only queueing are those of the typed command, and the answer goes to the clicker only.
// A change's key is the card and the button (and, on a service card, the record's rev it was drawn at), so a double
// click or a re-delivered payload queues it once while a Stop after a later Start is a new request; a read's key also
// holds the click's action_ts, so every click shows fresh lines. A click on a button the card has not yet dropped
// (Stop on a job that ended) is answered from the tracked state and changes nothing.

import type { App, BlockButtonAction } from '@slack/bolt';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createTrackedJobStore, type TrackedJob } from '../../actions/watchers/tracked-jobs.js';
import { createTrackedServiceStore, type TrackedService } from '../../actions/watchers/tracked-services.js';
import { isTerminalJobStatus } from '../../pai/dlc-types.js';
import type { KeySpace } from '../../redis/redis.js';
import { JOB_CARD_LOGS_ACTION_ID, JOB_CARD_RERUN_ACTION_ID, JOB_CARD_STOP_ACTION_ID } from '../../render/job-card.js';
import {
  parseServiceButtonValue,
  SERVICE_CARD_EVENTS_ACTION_ID,
  SERVICE_CARD_START_ACTION_ID,
  SERVICE_CARD_STOP_ACTION_ID,
} from '../../render/service-card.js';
import { runButtonCommand } from './button-command.js';
import type { CommandDeps } from './handle-pai-command.js';
import { rerunCommand } from './rerun-command.js';

const BUTTONS = new RegExp(
  `^(?:${[
    JOB_CARD_LOGS_ACTION_ID,
    JOB_CARD_STOP_ACTION_ID,
    JOB_CARD_RERUN_ACTION_ID,
    SERVICE_CARD_EVENTS_ACTION_ID,
    SERVICE_CARD_STOP_ACTION_ID,
    SERVICE_CARD_START_ACTION_ID,
  ].join('|')})$`,
);
/** What a job id or service name may hold to be put into a command line: no spaces, no flags, no quotes. */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;
const READS = new Set([JOB_CARD_LOGS_ACTION_ID, SERVICE_CARD_EVENTS_ACTION_ID]);

export interface CardClick {
  /** The command, as a user would type it after `/pai`. */
  text: string;
  /** Part of the idempotency key: the same on a re-delivered payload, different on a later Stop of the same card. */
  key: string;
  id: string;
}

/** The command a card button stands for, or undefined for a value the bot's cards do not carry. */
export function cardButtonCommand(actionId: string, value: string | undefined): CardClick | undefined {
  if (
    actionId === JOB_CARD_LOGS_ACTION_ID ||
    actionId === JOB_CARD_STOP_ACTION_ID ||
    actionId === JOB_CARD_RERUN_ACTION_ID
  ) {
    if (!value || !ID.test(value)) return undefined;
    // Rerun's command is the kept submit (rerun-command.ts), read when clicked; `dlc rerun` is a placeholder.
    const verb =
      actionId === JOB_CARD_LOGS_ACTION_ID ? 'logs' : actionId === JOB_CARD_STOP_ACTION_ID ? 'stop' : 'rerun';
    return { text: `dlc ${verb} ${value}`, key: value, id: value };
  }
  const v = parseServiceButtonValue(value);
  if (!v || !ID.test(v.s)) return undefined;
  const key = `${v.s}:${v.r}`;
  if (actionId === SERVICE_CARD_EVENTS_ACTION_ID) return { text: `eas events ${v.s}`, key, id: v.s };
  if (actionId === SERVICE_CARD_STOP_ACTION_ID) return { text: `eas stop ${v.s} --yes`, key, id: v.s };
  if (actionId === SERVICE_CARD_START_ACTION_ID) return { text: `eas start ${v.s}`, key, id: v.s };
  return undefined;
}

export interface TrackedState {
  trackedJobs: {
    get(jobId: string): Promise<TrackedJob | undefined>;
    ended(jobId: string): Promise<TrackedJob | undefined>;
  };
  trackedServices: { get(service: string): Promise<TrackedService | undefined> };
}

/** Why a change button no longer applies, from what the watcher last recorded; undefined to let the command decide. */
export async function staleReason(actionId: string, id: string, d: TrackedState): Promise<string | undefined> {
  // Redis not answering is no reason to refuse: the command path checks again with PAI (stop-job.ts).
  const read = <T>(p: Promise<T>) =>
    p.then(
      (v) => ({ v }),
      () => undefined,
    );
  if (actionId === JOB_CARD_STOP_ACTION_ID) {
    const got = await read(d.trackedJobs.get(id));
    if (!got) return undefined;
    // The watcher untracks a job once it has ended; its card loses Stop at the same transition.
    if (!got.v || isTerminalJobStatus(got.v.status)) {
      const status = got.v ? ` (${got.v.status})` : '';
      return `Job ${id} has already ended${status}; its card is not updated yet. Nothing was stopped.`;
    }
    return undefined;
  }
  const service = actionId === SERVICE_CARD_STOP_ACTION_ID || actionId === SERVICE_CARD_START_ACTION_ID;
  if (!service) return undefined;
  const got = await read(d.trackedServices.get(id));
  const status = got?.v?.last.status;
  if (actionId === SERVICE_CARD_STOP_ACTION_ID && (status === 'Stopped' || status === 'Stopping'))
    return `Service ${id} is already ${status.toLowerCase()}; its card is not updated yet. Nothing was changed.`;
  if (actionId === SERVICE_CARD_START_ACTION_ID && status !== undefined && status !== 'Stopped')
    return `Service ${id} is ${status}, not stopped; its card is not updated yet. Nothing was changed.`;
  return undefined;
}

export function registerCardButtons(app: App, deps: CommandDeps & { log: Logger; redis: Redis; keys: KeySpace }): void {
  const tracked: TrackedState = {
    trackedJobs: createTrackedJobStore(deps.redis, deps.keys),
    trackedServices: createTrackedServiceStore(deps.redis, deps.keys),
  };
  app.action<BlockButtonAction>(BUTTONS, async ({ ack, body, action, respond }) => {
    await ack();
    const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const click = cardButtonCommand(action.action_id, action.value);
    const channelId = body.channel?.id ?? body.container?.channel_id;
    if (!click || !channelId) {
      await say('That button is not valid any more; use /pai dlc or /pai eas.');
      return;
    }
    const rerun =
      action.action_id === JOB_CARD_RERUN_ACTION_ID
        ? await rerunCommand(click.id, tracked.trackedJobs).catch(() => ({
            stale: 'Could not read how the job was submitted; nothing was submitted. Try again.',
          }))
        : undefined;
    // The rerun's text holds env values: it goes to the command path only, the log says `dlc rerun <id>`.
    const text = rerun && 'text' in rerun ? rerun.text : click.text;
    const stale = rerun && 'stale' in rerun ? rerun.stale : await staleReason(action.action_id, click.id, tracked);
    if (stale) {
      deps.log.info({ user: body.user.id, command: click.text, outcome: 'stale' }, 'card button clicked');
      await say(stale);
      return;
    }
    const once = READS.has(action.action_id) ? `:${action.action_ts}` : '';
    const key = `card:${body.container?.message_ts ?? ''}:${action.action_id}:${click.key}${once}`;
    const answer = await runButtonCommand(body, channelId, text, key, deps);
    deps.log.info(
      { user: body.user.id, command: click.text, outcome: answer?.outcome ?? 'error' },
      'card button clicked',
    );
    await say(answer?.reply.text ?? 'Something went wrong; nothing was changed. Try the typed command.');
  });
}
