// Which Redis the sandbox uses: the caller's REDIS_URL when it answers, otherwise a private
// redis-server that lives exactly as long as the sandbox.

import { Redis } from 'ioredis';
import { pingRedis, startLocalRedis } from '../redis-server.js';

export interface SandboxRedis {
  url: string;
  /** A human line for the console: where Redis is and whose it is. */
  description: string;
  /** True when we started it, so stopping it is ours to do. */
  private: boolean;
  stop(): Promise<void>;
}

export async function obtainRedis(envUrl: string | undefined, note: (line: string) => void): Promise<SandboxRedis> {
  const wanted = envUrl?.trim();
  if (wanted) {
    if (await pingRedis(wanted, 1_000)) {
      return {
        url: wanted,
        description: `${wanted} (from REDIS_URL; the sandbox's keys are removed at exit)`,
        private: false,
        stop: async () => undefined,
      };
    }
    note(`REDIS_URL=${wanted} did not answer PING; starting a private redis-server instead`);
  }
  const local = await startLocalRedis();
  return {
    url: local.url,
    description: `${local.url} (private redis-server, gone at exit)`,
    private: true,
    stop: () => local.stop(),
  };
}

/** A shared Redis outlives the sandbox: remove what this run wrote (all of it sits under the prefix). */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
