import { Redis } from 'ioredis';

/**
 * BullMQ workers need maxRetriesPerRequest: null (blocking commands must wait out a reconnect
 * instead of failing); producers and stores use the same settings so a Redis restart is survived.
 */
export function createRedis(url: string, name: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: name, lazyConnect: false });
}

/** Prefix shared by every key the bot writes: queues, tracked jobs, dedup keys. */
export interface KeySpace {
  prefix: string;
  key(...parts: string[]): string;
}

export function keySpace(prefix: string): KeySpace {
  return { prefix, key: (...parts) => [prefix, ...parts].join(':') };
}
