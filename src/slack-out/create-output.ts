// The bot's Slack output, assembled: a direct client whose 429s pause only their channel, paced per channel (the
// pace shared with every replica through Redis unless `perProcess`), the response_url poster, and views.publish.

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { KeySpace } from '../redis/redis.js';
import { createChannelBudget } from './channel-budget.js';
import { createPacedOutput, type PacedSlackOutput } from './paced-output.js';
import { createPostJson, type PostJson } from './post-json.js';
import { createSlackOutput, createWebClient, type SlackOutput } from './slack-output.js';
import { createViewPublisher, type ViewPublisher } from './view-publisher.js';

export interface OutputOptions {
  botToken: string;
  apiUrl?: string;
  redis: Redis;
  keys: KeySpace;
  scrub: (text: string) => string;
  observe?: (method: string, result: string) => void;
  pacing: { perChannelIntervalMs?: number; perProcess?: boolean };
  log: Logger;
}

export interface Output {
  /** Unpaced: the outbox drainer takes its turns from the shared pace itself. */
  direct: SlackOutput;
  paced: PacedSlackOutput;
  postJson: PostJson & { close(): void };
  /** views.publish (App Homes), on the same client: a 429 fails at once. */
  views: ViewPublisher;
}

export function createOutput(o: OutputOptions): Output {
  const client = createWebClient(o.botToken, o.apiUrl, o.log, { rejectRateLimitedCalls: true });
  const postJson = createPostJson();
  const direct = createSlackOutput({
    client,
    log: o.log,
    postJson,
    scrub: o.scrub,
    ...(o.observe ? { observe: o.observe } : {}),
  });
  const log = o.log.child({ component: 'slack-out' });
  const budget = o.pacing.perProcess ? undefined : createChannelBudget({ redis: o.redis, keys: o.keys, log });
  const paced = createPacedOutput(direct, { ...o.pacing, ...(budget ? { budget } : {}), log });
  const views = createViewPublisher(client, { scrub: o.scrub, ...(o.observe ? { observe: o.observe } : {}) });
  return { direct, paced, postJson, views };
}
