// The real bot, wired to local stand-ins: the PAI simulator, the fake Slack Web API and a real
// Redis (from the global setup). Each harness gets its own key prefix, so tests share one Redis.

import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Writable } from 'node:stream';
import { inject } from 'vitest';
import { startBot, type RunningBot } from '../../src/bot.js';
import { ManualClock } from '@pai-bot/sim-kit/clock.js';
import { loadConfig, type Config, type Role } from '../../src/config/load-config.js';
import { createLogger } from '../../src/log/logger.js';
import { ACTION_QUEUE } from '../../src/actions/action-jobs.js';
import type { LookupBatch, RetryPolicy } from '../../src/queue/enqueue-action.js';
import { checkOptionsAnswer, createFakeSlack, type FakeSlack } from '@pai-bot/fake-slack/index.js';
import { createOssSimulator, type OssSimulator } from '@pai-bot/pai-sim/oss/index.js';
import { createPaiSimulator, type PaiSimulator } from '@pai-bot/pai-sim/index.js';
import {
  eventBody,
  interactiveBody,
  postToBot,
  slashCommandBody,
  type BotReply,
} from '@pai-bot/sandbox/slack-requests.js';
import { configYaml, DEV_WORKSPACE, oncallAlerts, prodWorkspace } from './config-yaml.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-0000-bot-token-abcdefghijkl';
export const ACCESS_KEY_ID = 'LTAI5tTestAccessKeyId01';
export const ACCESS_KEY_SECRET = 'test-access-key-secret-do-not-print';

export const DEFAULT_YAML = configYaml({
  workspaces: [DEV_WORKSPACE, prodWorkspace({ approvers: ['U0APPR1', 'U0APPR2'], required: 2 })],
  alerts: oncallAlerts(),
});

export interface HarnessOptions {
  yaml?: string;
  role?: Role;
  retry?: RetryPolicy;
  paiTimeoutMs?: number;
  /** Slack pacing per channel; 5 ms unless a test is about pacing. */
  slackIntervalMs?: number;
  /** Another Redis than the shared test one (e.g. one the test stops). */
  redisUrl?: string;
  env?: Record<string, string>;
  /** A restart: reuse the Redis keys and the stand-ins of an earlier harness. */
  restartOf?: Harness;
  /** The Redis key prefix (e.g. shared with a bot running in another process); default: restartOf's, else a fresh one. */
  keyPrefix?: string;
  /** BullMQ lock and stalled-check intervals of the worker role (BotOptions.worker). */
  worker?: { lockDurationMs?: number; stalledIntervalMs?: number };
  /** How lookups share queue writes (BotOptions.lookupBatch). */
  lookupBatch?: LookupBatch;
  /**
   * STS tokens the PAI simulator demands (AccessKeyId -> x-acs-security-token). Without it the simulator
   * accepts any token sent with an unlisted key unchecked; pair it with env ALIBABA_CLOUD_SECURITY_TOKEN.
   */
  securityTokens?: Record<string, string>;
  /** BotOptions.enqueueTimeoutMs. */
  enqueueTimeoutMs?: number;
  /** Run the watchers' poll loop every poll_interval (BotOptions.autoPoll); off unless a test is about the loop. */
  autoPoll?: boolean;
}

export interface Harness {
  bot: RunningBot;
  sim: PaiSimulator;
  oss: OssSimulator;
  ossUrl: string;
  slack: FakeSlack;
  clock: ManualClock;
  simUrl: string;
  config: Config;
  keyPrefix: string;
  redis: Redis;
  eventsUrl: string;
  logs: Record<string, unknown>[];
  /** Sends a signed /pai command as `user` in `channel`. */
  command(
    text: string,
    opts?: { user?: string; channel?: string; triggerId?: string },
  ): Promise<BotReply & { responseId: string }>;
  /** Clicks a button (block_actions) as `user`, on an ephemeral message with the given ts. */
  click(
    actionId: string,
    value: string,
    opts?: { user?: string; channel?: string; messageTs?: string },
  ): Promise<BotReply & { responseId: string }>;
  /**
   * Submits a modal (view_submission) as `user`: `view` as views.open returned it, `values` by block_id, each sent
   * under its input's action_id and type as the view's blocks give them (a select's value is its chosen option's).
   */
  submitView(view: ViewRef, values: Record<string, string>, opts?: { user?: string }): Promise<BotReply>;
  /**
   * What Slack sends as `user` types `value` in the external_select `actionId` of the open modal `view` (a
   * block_suggestion), and the bot's answer, with what Slack would refuse in it (`problems`, from the fake Slack).
   */
  suggest(
    view: ViewRef,
    actionId: string,
    value: string,
    opts?: { user?: string },
  ): Promise<BotReply & { problems: string[] }>;
  /** Sends a signed global shortcut as `user`; returns the trigger id it carried. */
  shortcut(callbackId: string, opts?: { user?: string }): Promise<BotReply & { triggerId: string }>;
  /** Delivers a signed reaction_added (or reaction_removed) event to this bot. Returns the event id used. */
  react(
    emoji: string,
    item: { channel: string; ts: string },
    opts?: { user?: string; removed?: boolean; eventId?: string; retryNum?: number },
  ): Promise<string>;
  /** Counts of the action queue's jobs by state. */
  queueCounts(): Promise<Record<string, number>>;
  /** Stops the bot only (the stand-ins stay up, for restarts). */
  stopBot(): Promise<void>;
  stop(): Promise<void>;
}

/** A modal as a test holds it: the id views.open gave it and the view it opened (blocks, callback, metadata). */
export interface ViewRef {
  id: string;
  callback_id?: unknown;
  private_metadata?: unknown;
  blocks?: unknown;
}

type InputBlock = { block_id?: string; element?: { type?: string; action_id?: string } };

/** The element of the input block `blockId` (its type and action_id), as the view shows it. */
function inputOf(view: ViewRef, blockId: string): { type: string; actionId: string } {
  const blocks = (Array.isArray(view.blocks) ? view.blocks : []) as InputBlock[];
  const el = blocks.find((b) => b.block_id === blockId)?.element;
  const select = ['instance', 'workspace'].includes(blockId) ? 'static_select' : 'plain_text_input';
  return { type: el?.type ?? select, actionId: el?.action_id ?? 'value' };
}

export const FAST_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 20, maxDelayMs: 100 };

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const earlier = opts.restartOf;
  const clock = earlier?.clock ?? new ManualClock(Date.now());
  const sim =
    earlier?.sim ??
    createPaiSimulator({
      clock,
      credentials: { [ACCESS_KEY_ID]: ACCESS_KEY_SECRET },
      workspaces: [
        { WorkspaceId: '100001', WorkspaceName: 'ml-dev' },
        { WorkspaceId: '100002', WorkspaceName: 'ml-prod', EnvTypes: ['prod'] },
        { WorkspaceId: '100009', WorkspaceName: 'another-team' },
      ],
      ...(opts.securityTokens ? { securityTokens: opts.securityTokens } : {}),
    });
  const slack = earlier?.slack ?? createFakeSlack({ token: BOT_TOKEN, clock });
  const simUrl = earlier?.simUrl ?? (await sim.start());
  // OSS checks request signatures against wall-clock time, unlike the PAI simulator's manual clock.
  const oss = earlier?.oss ?? createOssSimulator({ credentials: { [ACCESS_KEY_ID]: ACCESS_KEY_SECRET } });
  if (!earlier) {
    oss.addBucket('ml-data', { objects: ['mnist/train.csv', 'mnist/test.csv'] });
    oss.addBucket('locked-data', { objects: ['secret/part-0.parquet'], deny: true });
  }
  const ossUrl = earlier?.ossUrl ?? (await oss.start());
  if (!earlier) await slack.start();
  const keyPrefix = opts.keyPrefix ?? earlier?.keyPrefix ?? `t-${randomUUID().slice(0, 8)}`;
  const redisUrl = opts.redisUrl ?? inject('redisUrl');
  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    PORT: '0',
    REDIS_URL: redisUrl,
    PAI_BOT_CONFIG: 'test.yaml',
    ALIBABA_CLOUD_ACCESS_KEY_ID: ACCESS_KEY_ID,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: ACCESS_KEY_SECRET,
    PAI_DLC_ENDPOINT: simUrl,
    PAI_DSW_ENDPOINT: simUrl,
    PAI_WORKSPACE_ENDPOINT: simUrl,
    PAI_EAS_ENDPOINT: simUrl,
    OSS_ENDPOINT: ossUrl,
    LOG_LEVEL: 'debug',
    ...opts.env,
  };
  const config = loadConfig({ env, role: opts.role ?? 'all', readFile: () => opts.yaml ?? DEFAULT_YAML });
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  // The same secrets main.ts hands its logger (an STS token given through `env` included).
  const log = createLogger({
    level: 'debug',
    destination,
    secrets: [
      config.slack.botToken,
      config.slack.signingSecret,
      config.slack.appToken,
      config.accessKey?.accessKeySecret,
      config.accessKey?.securityToken,
    ],
  });
  const bot = await startBot({
    config,
    log,
    clock,
    keyPrefix,
    retry: opts.retry ?? FAST_RETRY,
    autoPoll: opts.autoPoll ?? false,
    slackPacing: { perChannelIntervalMs: opts.slackIntervalMs ?? 5 },
    ...(opts.paiTimeoutMs ? { paiTimeoutMs: opts.paiTimeoutMs } : {}),
    ...(opts.worker ? { worker: opts.worker } : {}),
    ...(opts.lookupBatch ? { lookupBatch: opts.lookupBatch } : {}),
    ...(opts.enqueueTimeoutMs ? { enqueueTimeoutMs: opts.enqueueTimeoutMs } : {}),
  });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const queue = new Queue(ACTION_QUEUE, { connection: redis, prefix: keyPrefix });
  queue.on('error', () => undefined);
  const eventsUrl = `http://127.0.0.1:${bot.port}/slack/events`;
  let stopped = false;

  const harness: Harness = {
    bot,
    sim,
    oss,
    ossUrl,
    slack,
    clock,
    simUrl,
    config,
    keyPrefix,
    redis,
    eventsUrl,
    logs,
    async command(text, o = {}) {
      const responseId = randomUUID();
      const body = slashCommandBody({
        text,
        userId: o.user ?? 'U0ALICE',
        channelId: o.channel ?? 'C0DEV',
        responseUrl: slack.responseUrl(responseId),
        ...(o.triggerId ? { triggerId: o.triggerId } : {}),
      });
      const reply = await postToBot(eventsUrl, body, { secret: SIGNING_SECRET, contentType: 'form' });
      return { ...reply, responseId };
    },
    async click(actionId, value, o = {}) {
      const responseId = randomUUID();
      const channel = o.channel ?? 'C0DEV';
      const payload = {
        type: 'block_actions',
        user: { id: o.user ?? 'U0ALICE', username: 'someone', name: 'someone', team_id: 'T0TEAM' },
        team: { id: 'T0TEAM', domain: 'test' },
        api_app_id: 'A0PAIBOT',
        trigger_id: randomUUID(),
        response_url: slack.responseUrl(responseId),
        container: {
          type: 'message',
          message_ts: o.messageTs ?? '1700000000.000100',
          channel_id: channel,
          is_ephemeral: true,
        },
        channel: { id: channel, name: 'test' },
        actions: [
          {
            type: 'button',
            action_id: actionId,
            block_id: 'eas_confirm',
            value,
            text: { type: 'plain_text', text: 'x' },
            action_ts: String(Date.now() / 1000),
          },
        ],
      };
      const reply = await postToBot(eventsUrl, interactiveBody(payload), {
        secret: SIGNING_SECRET,
        contentType: 'form',
      });
      return { ...reply, responseId };
    },
    async submitView(view, values, o = {}) {
      const state: Record<string, Record<string, unknown>> = {};
      for (const [block, value] of Object.entries(values)) {
        const { type, actionId } = inputOf(view, block);
        state[block] = {
          [actionId]: type.endsWith('_select')
            ? { type, selected_option: value ? { value, text: { type: 'plain_text', text: value } } : null }
            : { type, value },
        };
      }
      const payload = {
        type: 'view_submission',
        team: { id: 'T0TEAM', domain: 'test' },
        user: { id: o.user ?? 'U0ALICE', username: 'someone', name: 'someone', team_id: 'T0TEAM' },
        api_app_id: 'A0PAIBOT',
        trigger_id: randomUUID(),
        view: {
          id: view.id,
          type: 'modal',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata ?? '',
          state: { values: state },
          hash: 'h1',
        },
      };
      return postToBot(eventsUrl, interactiveBody(payload), { secret: SIGNING_SECRET, contentType: 'form' });
    },
    async suggest(view, actionId, value, o = {}) {
      const blocks = (Array.isArray(view.blocks) ? view.blocks : []) as InputBlock[];
      const payload = {
        type: 'block_suggestion',
        user: { id: o.user ?? 'U0ALICE', username: 'someone', name: 'someone', team_id: 'T0TEAM' },
        container: { type: 'view', view_id: view.id },
        api_app_id: 'A0PAIBOT',
        token: 'fake-verification-token',
        action_id: actionId,
        block_id: blocks.find((b) => b.element?.action_id === actionId)?.block_id ?? '',
        value,
        team: { id: 'T0TEAM', domain: 'test' },
        view: {
          id: view.id,
          type: 'modal',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata ?? '',
          state: { values: {} },
          hash: 'h1',
        },
      };
      const reply = await postToBot(eventsUrl, interactiveBody(payload), {
        secret: SIGNING_SECRET,
        contentType: 'form',
      });
      return { ...reply, problems: reply.status === 200 ? checkOptionsAnswer(reply.json) : [`HTTP ${reply.status}`] };
    },
    async shortcut(callbackId, o = {}) {
      const triggerId = randomUUID();
      const payload = {
        type: 'shortcut',
        callback_id: callbackId,
        trigger_id: triggerId,
        action_ts: String(Date.now() / 1000),
        team: { id: 'T0TEAM', domain: 'test' },
        user: { id: o.user ?? 'U0ALICE', username: 'someone', team_id: 'T0TEAM' },
        api_app_id: 'A0PAIBOT',
      };
      const reply = await postToBot(eventsUrl, interactiveBody(payload), {
        secret: SIGNING_SECRET,
        contentType: 'form',
      });
      return { ...reply, triggerId };
    },
    async react(emoji, item, o = {}) {
      const eventId = o.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
      const event = {
        type: o.removed ? 'reaction_removed' : 'reaction_added',
        user: o.user ?? 'U0APPR1',
        reaction: emoji,
        item: { type: 'message', channel: item.channel, ts: item.ts },
        item_user: 'U0BOT',
      };
      const reply = await postToBot(eventsUrl, eventBody({ event, eventId }), {
        secret: SIGNING_SECRET,
        contentType: 'json',
        ...(o.retryNum !== undefined ? { retryNum: o.retryNum } : {}),
      });
      if (reply.status !== 200) throw new Error(`event delivery answered ${reply.status}`);
      return eventId;
    },
    async queueCounts() {
      return queue.getJobCounts(
        'waiting',
        'active',
        'delayed',
        'completed',
        'failed',
        'prioritized',
        'waiting-children',
      );
    },
    async stopBot() {
      if (stopped) return;
      stopped = true;
      await bot.stop();
    },
    async stop() {
      await harness.stopBot();
      await queue.close();
      await redis.quit();
      if (!earlier) {
        await sim.stop();
        await oss.stop();
        await slack.stop();
      }
    },
  };
  return harness;
}

/** Polls until check() returns a truthy value (bounded; for state that is not a Slack call). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false | null> | T | undefined | false | null,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
