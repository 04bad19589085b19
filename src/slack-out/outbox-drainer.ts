// Sends what the outbox holds: each tick claims the channels whose turn has come (their next turn is then one
// interval later, for every replica: the pace is kept in Redis), sends one message for each, and hands the ts of
// a new message to its continuation. A 429 puts the message back at the head and the channel's turn after the
// Retry-After; a message Slack will never take (not in the channel, archived) is dropped, its requester told.
//
// The channel's turn is the one the paced output's lanes take too (channel-budget.ts: one key per channel holding
// its next free time), so watcher cards, alerts and outbox messages of every replica share one pace. A channel a
// lane holds is not skipped until the lanes fall quiet: its first free turn is booked (the key moves one interval
// on, so lanes queue behind it) and taken when it comes, as a lane's reservation would be.

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { runScript } from '../redis/commands.js';
import type { KeySpace } from '../redis/redis.js';
import { paceKeyPrefix } from './channel-budget.js';
import { rateLimitDelayMs } from './channel-lane.js';
import { outboxKeys, type Continuation, type Outbox, type OutboxItem } from './outbox.js';
import { slackErrorCode } from './slack-errors.js';
import type { SlackMessage, SlackOutput } from './slack-output.js';

/** Errors after which Slack will not take this message, whatever we do. */
const NEVER = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'no_text',
]);
const MAX_TRIES = 3;

export interface DrainerOptions {
  redis: Redis;
  keys: KeySpace;
  outbox: Outbox;
  /** Unpaced: the drainer keeps the pace itself, in Redis. */
  slack: SlackOutput;
  /** One message per channel per this many ms, across replicas. */
  intervalMs: number;
  /** The longest wait between two looks while nothing is queued here (other replicas may store messages). Default 1000. */
  idleMs?: number;
  /** Channels served per tick. Default 16. */
  channelsPerTick?: number;
  /** A message with a continuation was posted (ts), or given up on (undefined): what waited on it goes on. */
  onSettled(then: Continuation, channel: string, ts: string | undefined): Promise<void>;
  log: Logger;
  now?: () => number;
}

export interface OutboxDrainer {
  /** Sends what is due now, once; resolves to the number of messages handled. */
  tick(): Promise<number>;
  /** Stops the loop; sends what is due for at most `graceMs` first (a clean shutdown leaves little behind). */
  stop(graceMs?: number): Promise<void>;
}

export function startOutboxDrainer(o: DrainerOptions): OutboxDrainer {
  const k = outboxKeys(o.keys);
  const now = o.now ?? Date.now;
  const idleMs = o.idleMs ?? 1_000;
  let nextAt = -1;
  let running = true;
  let wake: (() => void) | undefined;
  o.outbox.onStored(() => wake?.());

  const pace = paceKeyPrefix(o.keys);
  const booked = o.keys.key('outbox', 'booked');
  const putBack = async (channel: string, item: OutboxItem, waitMs: number, message: string, rateLimited: boolean) => {
    const t = Math.round(now());
    const ts = item.k === 'update' ? item.ts : '';
    return runScript(
      o.redis,
      'outboxPutBack',
      [k.queue(channel), k.due, k.updates(channel), booked, pace + channel],
      [JSON.stringify(item), channel, String(t + Math.round(waitMs)), ts, message, String(t), rateLimited ? '1' : '0'],
    );
  };

  const sendOne = async (channel: string): Promise<number> => {
    const popped = await runScript(o.redis, 'outboxPop', [k.queue(channel), k.due, k.updates(channel)], [channel]);
    if (!popped) return 0;
    const item = JSON.parse(popped[0]) as OutboxItem;
    if (item.k === 'update' && !popped[1]) return 0; // folded into a later update that was already sent
    try {
      if (item.k === 'update') await o.slack.update(channel, item.ts, JSON.parse(popped[1]) as SlackMessage);
      else {
        const { ts } = await o.slack.post(channel, item.m, item.thread);
        if (item.then)
          await o
            .onSettled(item.then, channel, ts)
            .catch((err: unknown) =>
              o.log.error({ err, channel, then: item.then }, 'posted, but could not record where'),
            );
      }
    } catch (err) {
      const retryAfter = rateLimitDelayMs(err, 60_000);
      if (retryAfter !== undefined) {
        o.log.warn(
          { channel, retryAfterMs: retryAfter },
          'Slack rate limit: this channel waits, its messages stay queued',
        );
        await putBack(channel, item, retryAfter, popped[1], true);
        return 1;
      }
      const code = slackErrorCode(err);
      const tries = (item.tries ?? 0) + 1;
      if (!(code && NEVER.has(code)) && tries < MAX_TRIES) {
        o.log.warn({ err, channel, tries }, 'could not send a queued Slack message; trying again');
        await putBack(channel, { ...item, tries }, o.intervalMs, popped[1], false);
        return 1;
      }
      o.log.error({ err, channel, code }, 'dropped a queued Slack message Slack would not take');
      if (item.k === 'post' && item.then)
        await o
          .onSettled(item.then, channel, undefined)
          .catch((e: unknown) => o.log.error({ err: e, channel }, 'could not settle what waited on the message'));
      if (item.k === 'post' && item.tell) {
        await o.slack.tell(item.tell, { text: unpostableText(item.then?.kind, code) }).catch(() => undefined);
      }
    }
    return 1;
  };

  const tick = async (): Promise<number> => {
    const [channels, first] = await runScript(
      o.redis,
      'outboxClaimTurns',
      [k.due, booked],
      [String(Math.round(now())), String(Math.round(o.intervalMs)), String(o.channelsPerTick ?? 16), pace, k.queue('')],
    );
    nextAt = Number(first);
    const sent = await Promise.all(
      channels.map((c) =>
        sendOne(c).catch((err: unknown) => (o.log.error({ err, channel: c }, 'outbox send failed'), 0)),
      ),
    );
    return sent.reduce((a, b) => a + b, 0);
  };

  const loop = (async () => {
    while (running) {
      let handled = 0;
      try {
        handled = await tick();
      } catch (err) {
        o.log.warn({ err }, 'outbox tick failed');
      }
      if (handled > 0 || !running) continue;
      // Sleep until the next channel's turn, or until something is stored here; look now and then for other replicas'
      // messages.
      const waitMs = nextAt < 0 ? idleMs : Math.max(1, Math.min(idleMs, nextAt - now()));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done() {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        }
        wake = done;
      });
    }
  })();

  return {
    tick,
    async stop(graceMs = 2_000) {
      const until = now() + graceMs;
      running = false;
      wake?.();
      await loop;
      // A clean shutdown sends what is due; the rest waits in Redis for the next worker.
      while (now() < until && (await tick().catch(() => 0)) > 0);
    },
  };
}

/** What the requester is told when their card or approval request cannot be posted, and what to do about it. */
export function unpostableText(kind: Continuation['kind'] | undefined, code: string | undefined): string {
  const fix =
    code === 'is_archived'
      ? 'The channel is archived: unarchive it, or send the command from another channel of the workspace.'
      : 'Invite me with /invite @pai-bot (a private channel needs it before I can post there).';
  if (kind === 'approval-card')
    return `I could not post the approval request in this channel (${code ?? 'error'}), so nobody could approve it: it was withdrawn and nothing runs. ${fix} Then send the command again.`;
  return `I could not post the status card in this channel (${code ?? 'error'}). ${fix} The /pai status commands work meanwhile.`;
}
