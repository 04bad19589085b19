// On-call hears about a problem once: the first occurrence per resource and cause is an alert in
// the alerts channel; later occurrences reply in that alert's thread instead of posting anew.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { FileConfig } from '../../config/file-schema.js';
import type { SlackMessage, SlackOutput } from '../../slack-out/slack-output.js';
import { claimKey, type KeySpace } from '../../redis/redis.js';
import type { Metrics } from '../../metrics/metrics.js';
import type { OnCall } from './on-call.js';

export interface AlertDeps {
  redis: Redis;
  keys: KeySpace;
  slack: SlackOutput;
  alerts: FileConfig['alerts'];
  log: Logger;
  /** On-call episodes behind alerts (controls, mutes); none in tests that do not need them. */
  onCall?: OnCall;
  metrics?: Pick<Metrics, 'alert'> & Partial<Pick<Metrics, 'alertSuppressed'>>;
}

const KEEP_S = 7 * 86_400;
const CLAIMED = 'claimed';

/**
 * Returns 'alerted', 'threaded' (a repeat), or 'skipped' (no alerts channel configured). `channel` is where this
 * alert goes (the workspace's alerts channel, src/actions/alerts/alert-routing.ts); the top-level one when not given.
 * `onPosted` learns where a new alert is (to open its on-call episode).
 */
export async function alertOnce(
  deps: AlertDeps,
  dedupKey: string,
  first: SlackMessage,
  repeat: SlackMessage,
  channel = deps.alerts?.channel,
  onPosted?: (ts: string) => Promise<void>,
): Promise<'alerted' | 'threaded' | 'skipped'> {
  if (!channel) {
    deps.log.warn({ dedupKey }, 'no alerts channel configured; not alerting');
    return 'skipped';
  }
  const key = deps.keys.key('alert', dedupKey);
  // Claim first, post second: two replicas seeing the same failure post one alert.
  if (await claimKey(deps.redis, key, KEEP_S, `${CLAIMED}:${randomUUID()}`)) {
    try {
      const { ts } = await deps.slack.post(channel, first);
      await deps.redis.set(key, ts, 'EX', KEEP_S);
      deps.metrics?.alert('oss_permission');
      await onPosted?.(ts).catch((err: unknown) =>
        deps.log.warn({ err, dedupKey }, 'alerted, but could not record the episode'),
      );
      return 'alerted';
    } catch (err) {
      await deps.redis.del(key); // let the next occurrence try again
      throw err;
    }
  }
  const ts = await deps.redis.get(key);
  if (ts && !ts.startsWith(CLAIMED)) await deps.slack.post(channel, repeat, ts);
  return 'threaded';
}
