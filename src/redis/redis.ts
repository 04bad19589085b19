import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

const ERROR_LOG_EVERY_MS = 30_000;

/**
 * BullMQ workers need maxRetriesPerRequest: null (blocking commands must wait out a reconnect
 * instead of failing); producers and stores use the same settings so a Redis restart is survived.
 * ioredis emits an 'error' on every failed reconnect: logged once per 30 s, not once per attempt.
 */
export function createRedis(url: string, name: string, log: Logger): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: name });
  let lastLogged = 0;
  redis.on('error', (err: Error) => {
    const now = Date.now();
    if (now - lastLogged < ERROR_LOG_EVERY_MS) return;
    lastLogged = now;
    log.error({ err, connection: name }, 'Redis connection error; reconnecting');
  });
  redis.on('ready', () => {
    if (lastLogged) log.info({ connection: name }, 'Redis connection restored');
    lastLogged = 0;
  });
  return redis;
}

/** Resolves true when Redis answers PING within timeoutMs; never hangs (for /healthz). */
export async function redisHealthy(redis: Redis, timeoutMs = 1_000): Promise<boolean> {
  if (redis.status === 'end' || redis.status === 'close' || redis.status === 'reconnecting') return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([
      redis.ping().then(
        (r) => r === 'PONG',
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs a Redis call only if the connection is ready (otherwise ioredis would hold the command until it reconnects) and
 * rejects when it has not answered within timeoutMs: for callers that must not wait on Redis (Slack pacing, health).
 */
export async function redisWithin<T>(redis: Redis, timeoutMs: number, call: () => Promise<T>): Promise<T> {
  if (redis.status !== 'ready') throw new Error(`Redis connection ${redis.status}`);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(() => reject(new Error(`no answer from Redis within ${timeoutMs} ms`)), timeoutMs)),
  );
  try {
    return await Promise.race([call(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * SET key NX EX, safe against a lost reply. When a connection drops after Redis ran a command but before
 * its reply arrived, ioredis sends the command again after the reconnect; a re-sent SET NX finds the key
 * its first run wrote and answers "taken", and the caller would drop its own work as a duplicate. So each
 * claim writes a token of its own: "the key is there and holds my token" is a claim that succeeded.
 * Resolves true when this call holds the key.
 */
export async function claimKey(
  redis: Redis,
  key: string,
  seconds: number,
  token: string = randomUUID(),
): Promise<boolean> {
  if ((await redis.set(key, token, 'EX', seconds, 'NX')) === 'OK') return true;
  return (await redis.get(key)) === token;
}

/** Prefix shared by every key the bot writes: queues, tracked jobs, dedup keys. */
export interface KeySpace {
  prefix: string;
  key(...parts: string[]): string;
}

export function keySpace(prefix: string): KeySpace {
  return { prefix, key: (...parts) => [prefix, ...parts].join(':') };
}
