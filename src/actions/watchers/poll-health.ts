// A poll that keeps failing must be visible, not a silent `continue`. Each poller says, once a cycle, how each of its
// sources (a workspace's listing) fared. A failure opens an episode: one warn, then only a count (the metric
// pai_bot_poll_failures_total{poller,code}) while it lasts, and one info when the source answers again. Open episodes
// are named in /healthz (poller, workspace, since when, how many failures, the last error code: never a message,
// which may carry account details) and counted by the gauge pai_bot_pollers_failing.
//
// The episodes of sources live in Redis, in the hash {p}:poll:failing: the poll lease moves between replicas every
// interval, so one replica's memory would open (and warn about) the same episode again on each of them, and /healthz
// of any process (the web role's too, whose worker may run on a thread of its own) should name them. The poll loop's
// own failures (no cycle ran: typically Redis itself out of reach, where nothing can be written) stay in the memory
// of the process they happen in.

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { runScript } from '../../redis/commands.js';
import { redisWithin, type KeySpace } from '../../redis/redis.js';

/** The poll loop itself, as a poller (kept in process memory). */
export const LOOP_POLLER = 'loop';

export interface PollFailure {
  poller: string;
  /** The workspace whose listing fails; absent for the loop. */
  workspace?: string;
  /** ISO time of the first failure of the episode. */
  since: string;
  failures: number;
  /** The last error's code (PAI's error code, a socket error code, or the kind of error). */
  lastError: string;
  lastAt: string;
}

export interface PollHealth {
  /**
   * One cycle of `poller`: each source polled, with undefined when it worked or the error when it did not. Open
   * episodes of this poller for sources it no longer polls (nothing tracked there any more) are closed too.
   */
  report(poller: string, outcomes: ReadonlyMap<string, unknown>): Promise<void>;
  /** The poll loop could not run a cycle (this process only). */
  loopFailed(err: unknown): void;
  /** The poll loop ran (or found another replica holding the lease): its episode, if any, is over. */
  loopOk(): void;
  /** The open episodes, loop first; from this process alone when Redis does not answer in time. */
  failing(): Promise<{ failing: PollFailure[]; complete: boolean }>;
  /** How many sources are failing now (the gauge). */
  count(): Promise<number>;
}

export interface PollHealthOptions {
  redis: Redis;
  keys: KeySpace;
  log: Logger;
  /** Counts every failure (metrics.pollFailure). */
  counted?: (poller: string, code: string) => void;
  now: () => number;
  /** The longest a report or a read waits for Redis. Default 1000. */
  timeoutMs?: number;
}

/** An error's code, safe to show and to use as a metric label: never its message. */
export function errorCode(err: unknown): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; kind?: unknown; name?: unknown };
  const raw = [e.code, e.kind, e.name].find((v): v is string => typeof v === 'string' && v.length > 0) ?? 'error';
  return /^[A-Za-z0-9_.:-]{1,64}$/.test(raw) ? raw : 'error';
}

interface Episode {
  poller: string;
  source: string;
  since: number;
  lastAt: number;
  failures: number;
  code: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

function view(e: Episode): PollFailure {
  return {
    poller: e.poller,
    ...(e.source ? { workspace: e.source } : {}),
    since: iso(e.since),
    failures: e.failures,
    lastError: e.code,
    lastAt: iso(e.lastAt),
  };
}

export function createPollHealth(o: PollHealthOptions): PollHealth {
  const hash = o.keys.key('poll', 'failing');
  const timeoutMs = o.timeoutMs ?? 1_000;
  let loop: Episode | undefined;

  const inTime = <T>(call: () => Promise<T>): Promise<T> => redisWithin(o.redis, timeoutMs, call);

  const opened = (e: Episode, err: unknown) =>
    o.log.warn(
      { err, poller: e.poller, ...(e.source ? { workspace: e.source } : {}), code: e.code },
      `poll failing (${e.poller}${e.source ? `, workspace ${e.source}` : ''}): logged once; counted in pai_bot_poll_failures_total and shown in /healthz until it recovers`,
    );
  const closed = (e: Episode, now: number) =>
    o.log.info(
      {
        poller: e.poller,
        ...(e.source ? { workspace: e.source } : {}),
        failures: e.failures,
        failingForMs: now - e.since,
        lastError: e.code,
      },
      `poll recovered (${e.poller}${e.source ? `, workspace ${e.source}` : ''})`,
    );

  return {
    async report(poller, outcomes) {
      const now = o.now();
      const rows: [string, string][] = [];
      const errors = new Map<string, unknown>();
      for (const [source, err] of outcomes) {
        const code = err === undefined ? '' : errorCode(err);
        rows.push([source, code]);
        if (err !== undefined) {
          errors.set(source, err);
          o.counted?.(poller, code);
          o.log.debug({ err, poller, workspace: source }, 'poll failed');
        }
      }
      let result: [string[], string[]];
      try {
        // One script opens and closes the episodes, so exactly one replica logs each change.
        const args: [string, string, string] = [String(Math.round(now)), poller, JSON.stringify(rows)];
        result = await inTime(() => runScript(o.redis, 'reportPollOutcomes', [hash], args));
      } catch (err) {
        // Without Redis there is no episode to compare with: say what failed now rather than nothing.
        if (errors.size > 0)
          o.log.warn(
            { err, poller, failed: Object.fromEntries(rows.filter(([, c]) => c)) },
            'poll failing, and Redis could not record it',
          );
        return;
      }
      const [open, shut] = result;
      for (const raw of open) {
        const e = JSON.parse(raw) as Episode;
        opened(e, errors.get(e.source));
      }
      for (const raw of shut) closed(JSON.parse(raw) as Episode, now);
    },
    loopFailed(err) {
      const now = o.now();
      const code = errorCode(err);
      o.counted?.(LOOP_POLLER, code);
      if (loop) {
        loop = { ...loop, failures: loop.failures + 1, lastAt: now, code };
        o.log.debug({ err }, 'poll loop failed again');
        return;
      }
      loop = { poller: LOOP_POLLER, source: '', since: now, lastAt: now, failures: 1, code };
      opened(loop, err);
    },
    loopOk() {
      if (!loop) return;
      closed(loop, o.now());
      loop = undefined;
    },
    async failing() {
      const mine = loop ? [view(loop)] : [];
      try {
        const all = await inTime(() => o.redis.hvals(hash));
        const shared = all
          .map((raw) => view(JSON.parse(raw) as Episode))
          .sort((a, b) => a.poller.localeCompare(b.poller) || (a.workspace ?? '').localeCompare(b.workspace ?? ''));
        return { failing: [...mine, ...shared], complete: true };
      } catch {
        return { failing: mine, complete: false };
      }
    },
    async count() {
      return (loop ? 1 : 0) + (await inTime(() => o.redis.hlen(hash)));
    },
  };
}
