// Dev workspaces fail often and on purpose (people iterate on broken images and code), so on-call hears
// about a dev job or service at most once per episode and at most `dev_max_per_hour` times an hour.
// Prod always alerts. The count lives in Redis, so every replica and a restarted bot agree on it.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Clock } from '../../time/clock.js';
import type { WorkspaceConfig } from '../../config/file-schema.js';
import { runScript } from '../../redis/commands.js';
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

export type BudgetVerdict =
  | { ok: true }
  | { ok: false; reason: HeldReason /** Alerts this resource raised in the last hour. */; recent: number };
export type HeldVerdict = Extract<BudgetVerdict, { ok: false }>;

/**
 * May this job or service alert on-call now? In dev the answer also claims the alert (the episode and
 * one slot of the hour) in one script (claimDevAlert), so two replicas seeing the same failure post one alert.
 */
export async function mayAlert(deps: BudgetDeps, subject: AlertSubject): Promise<BudgetVerdict> {
  if (subject.env !== 'dev') return { ok: true };
  const now = deps.clock.now();
  const episode = deps.keys.key('alert-budget', 'episode', subject.resource, subject.episodeKey);
  const window = deps.keys.key('alert-budget', 'hour', subject.resource);
  const [code, recent] = await runScript(
    deps.redis,
    'claimDevAlert',
    [episode, window],
    [
      String(now),
      String(now - HOUR_MS),
      String(deps.maxPerHour),
      randomUUID(),
      String(EPISODE_KEEP_S),
      String(HOUR_MS),
    ],
  );
  if (code === 1) return { ok: true };
  return { ok: false, reason: code === 0 ? 'episode_alerted' : 'dev_hourly_cap', recent };
}
