// The one paced, coalescing path to Slack. Channel messages (post/update) go through a FIFO lane per channel:
// at most one call per interval, pending updates of a card collapsed to the latest state, order kept, 429s
// waited out and retried on that channel only, nothing dropped. Answers to one person (ephemeral, respond,
// tell) skip the lanes but still get one retry after a 429's Retry-After. With a budget (channel-budget.ts),
// a channel's pace is shared with every replica and the outbox drainer through Redis, not kept per process.
//
// The inner SlackOutput's WebClient must be built with rejectRateLimitedCalls: true: otherwise WebClient itself
// pauses its whole request queue on a 429 (every channel waits) and this layer never sees the 429.

import type { Logger } from 'pino';
import type { ChannelBudget } from './channel-budget.js';
import { ChannelLane, rateLimitDelayMs, type LaneEvents, type SharedTurn } from './channel-lane.js';
import type { SlackMessage, SlackOutput } from './slack-output.js';

export interface PacingOptions {
  /** Minimum time between two calls in one channel (posts and updates both count). Default 1000. */
  perChannelIntervalMs?: number;
  /** Cap on a Retry-After pause. Default 60_000. */
  maxRetryAfterMs?: number;
  /** Injected for tests; defaults to a plain setTimeout promise (only armed while a lane has work). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Each channel's turn shared with other replicas through Redis; without it, pacing is per process. */
  budget?: ChannelBudget;
  log: Logger;
}

export interface PacingStats {
  /** Calls that succeeded (paced and pass-through). */
  sent: number;
  /** Updates folded into an already pending update of the same card. */
  coalesced: number;
  /** 429 answers seen (each one is waited out and retried). */
  rateLimited: number;
  /** Calls queued or in flight, lanes and pass-through together. */
  pending: number;
}

export type PacedSlackOutput = SlackOutput & {
  /** Resolves once every lane is empty and no pass-through call is in flight. */
  drain(): Promise<void>;
  stats(): PacingStats;
};

type LaneCall =
  | { kind: 'post'; message: SlackMessage; threadTs: string | undefined }
  | { kind: 'update'; ts: string; message: SlackMessage };
type LaneResult = { ts: string } | undefined;

/** Lanes kept before idle ones are forgotten (an idle lane past its interval holds no pacing state worth keeping). */
const LANE_SWEEP_THRESHOLD = 256;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createPacedOutput(inner: SlackOutput, opts: PacingOptions): PacedSlackOutput {
  const intervalMs = opts.perChannelIntervalMs ?? 1000;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 60_000;
  if (!(Number.isFinite(intervalMs) && intervalMs >= 0))
    throw new Error(`perChannelIntervalMs must be a finite number >= 0, got ${intervalMs}`);
  if (!(maxRetryAfterMs >= 0)) throw new Error(`maxRetryAfterMs must be >= 0, got ${maxRetryAfterMs}`);
  const sleep = opts.sleep ?? realSleep;
  const now = opts.now ?? Date.now;
  const log = opts.log;

  const counters = { sent: 0, coalesced: 0, rateLimited: 0, pending: 0 };
  let drainers: (() => void)[] = [];
  const begin = () => {
    counters.pending += 1;
  };
  const settle = () => {
    counters.pending -= 1;
    if (counters.pending === 0 && drainers.length > 0) {
      const done = drainers;
      drainers = [];
      for (const d of done) d();
    }
  };

  const lanes = new Map<string, ChannelLane<LaneCall, LaneResult>>();
  const methodOf = (c: LaneCall) => (c.kind === 'post' ? 'chat.postMessage' : 'chat.update');

  const laneFor = (channel: string): ChannelLane<LaneCall, LaneResult> => {
    const existing = lanes.get(channel);
    if (existing) return existing;
    if (lanes.size >= LANE_SWEEP_THRESHOLD) {
      const t = now();
      for (const [id, lane] of lanes) if (lane.isDisposable(t)) lanes.delete(id);
    }
    const events: LaneEvents<LaneCall> = {
      queued: begin,
      coalesced: (call) => {
        counters.coalesced += 1;
        log.debug({ channel, ts: call.kind === 'update' ? call.ts : undefined }, 'card update coalesced');
      },
      sent: () => {
        counters.sent += 1;
      },
      rateLimited: (call, delayMs) => {
        counters.rateLimited += 1;
        log.warn(
          { channel, method: methodOf(call), retryAfterMs: delayMs },
          'Slack rate limit: pausing this channel, then retrying',
        );
      },
      settled: settle,
    };
    const send = async (call: LaneCall): Promise<LaneResult> => {
      if (call.kind === 'post') return inner.post(channel, call.message, call.threadTs);
      await inner.update(channel, call.ts, call.message);
      return undefined;
    };
    const budget = opts.budget;
    const shared: SharedTurn | undefined = budget && {
      reserve: () => budget.reserve(channel, intervalMs),
      pushBack: (ms) => void budget.pushBack(channel, ms),
    };
    const lane = new ChannelLane<LaneCall, LaneResult>(
      channel,
      send,
      { intervalMs, maxRetryAfterMs, now, sleep },
      events,
      shared,
    );
    lanes.set(channel, lane);
    return lane;
  };

  /** Not paced; a 429 is waited out (Retry-After, capped) and the call retried once. */
  const direct = async <T>(method: string, channel: string | undefined, call: () => Promise<T>): Promise<T> => {
    begin();
    try {
      let result: T;
      try {
        result = await call();
      } catch (err) {
        const delayMs = rateLimitDelayMs(err, maxRetryAfterMs);
        if (delayMs === undefined) throw err;
        counters.rateLimited += 1;
        log.warn({ channel, method, retryAfterMs: delayMs }, 'Slack rate limit: retrying once after Retry-After');
        await sleep(delayMs);
        result = await call();
      }
      counters.sent += 1;
      return result;
    } finally {
      settle();
    }
  };

  return {
    async post(channel, message, threadTs) {
      const res = await laneFor(channel).push({ kind: 'post', message, threadTs });
      // cannot happen: posts resolve with { ts }
      if (!res) throw new Error('paced output: chat.postMessage returned no ts');
      return res;
    },
    async update(channel, ts, message) {
      await laneFor(channel).push({ kind: 'update', ts, message }, ts);
    },
    ephemeral(channel, user, message) {
      return direct('chat.postEphemeral', channel, () => inner.ephemeral(channel, user, message));
    },
    respond(responseUrl, message, respondOpts) {
      return direct('response_url', undefined, () => inner.respond(responseUrl, message, respondOpts));
    },
    tell(to, message) {
      return direct('tell', to.channelId, () => inner.tell(to, message));
    },
    drain() {
      if (counters.pending === 0) return Promise.resolve();
      return new Promise<void>((resolve) => drainers.push(resolve));
    },
    stats() {
      return { ...counters };
    },
  };
}
