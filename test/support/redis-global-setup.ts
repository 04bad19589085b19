// One private redis-server for the whole test run; each test isolates itself with its own key prefix.

import type { TestProject } from 'vitest/node';
import { startLocalRedis } from '@pai-bot/sandbox/redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const redis = await startLocalRedis();
  project.provide('redisUrl', redis.url);
  return () => redis.stop();
}
