// Dev workspaces fail often and on purpose (people iterate on broken images and code), so on-call hears
// about a dev job or service at most once per episode and at most `dev_max_per_hour` times an hour.
// Prod always alerts. The count lives in Redis, so every replica and a restarted bot agree on it.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Clock } from '../../time/clock.js';
import type { WorkspaceConfig } from '../../config/file-schema.js';
import type { KeySpace } from '../../redis/redis.js';

export const HOUR_MS = 3_600_000;
/** An episode claim outlives any episode worth alerting on (a service can sit Failed for days). */
const EPISODE_KEEP_S = 7 * 86_400;

export interface BudgetDeps {
  redis: Redis;
  keys: KeySpace;
  clock: Clock;
  /** alerts.dev_max_per_hour */
  maxPerHour: number;
}

export interface AlertSubject {
  /** The workspace's env; undefined (a workspace no longer in the config) alerts like prod, as before. */
  env: WorkspaceConfig['env'] | undefined;
  /** What the hourly cap counts against, e.g. `eas:<workspace id>:<service>`; outlives episodes. */
  resource: string;
  /** One deploy/start/restart/scale-up of a service, or one DLC job id. */
  episodeKey: string;
}

export type HeldReason = 'episode_alerted' | 'dev_hourly_cap';

export type BudgetVerdict = { ok: true } | { ok: false; reason: HeldReason; /** Alerts this resource raised in the last hour. */ recent: number };
export type HeldVerdict = Extract<BudgetVerdict, { ok: false }>;

// KEYS[1] episode claim, KEYS[2] sorted set of this resource's alert times (score = ms, member = token).
// ARGV: now, window start (scores at or before it are dropped), max, token, claim TTL s, set TTL ms.
// Returns {1, n} alerted (n alerts in the window, this one included), {0, n} episode already alerted, {-1, n} capped.
// A script re-sent after a lost reply finds its own token and answers as the first run did.
const CLAIM = `
local held = redis.call('GET', KEYS[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
local n = redis.call('ZCARD', KEYS[2])
if held == ARGV[4] then return {1, n} end
if held then return {0, n} end
if n >= tonumber(ARGV[3]) then return {-1, n} end
redis.call('SET', KEYS[1], ARGV[4], 'EX', ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[6])
return {1, n + 1}`;

/**
 * May this job or service alert on-call now? In dev the answer also claims the alert (the episode and
 * one slot of the hour) in one script, so two replicas seeing the same failure post one alert.
 */
export async function mayAlert(deps: BudgetDeps, subject: AlertSubject): Promise<BudgetVerdict> {
  if (subject.env !== 'dev') return { ok: true };
  const now = deps.clock.now();
  const episode = deps.keys.key('alert-budget', 'episode', subject.resource, subject.episodeKey);
  const window = deps.keys.key('alert-budget', 'hour', subject.resource);
  const [code, recent] = (await deps.redis.eval(CLAIM, 2, episode, window, String(now), String(now - HOUR_MS), String(deps.maxPerHour), randomUUID(), String(EPISODE_KEEP_S), String(HOUR_MS))) as [number, number];
  if (code === 1) return { ok: true };
  return { ok: false, reason: code === 0 ? 'episode_alerted' : 'dev_hourly_cap', recent };
}
