// Starts and stops everything the sandbox runs: Redis, the PAI and OSS simulators, the fake Slack,
// the bot and the clock ticker. Whatever started is stopped again, in reverse, even when a later step fails.

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startBot, type RunningBot } from '../../../../src/bot.js';
import { ManualClock } from '@pai-bot/sim-kit/clock.js';
import { createLogger, type Logger } from '../../../../src/log/logger.js';
import { createFakeSlack, type FakeSlack } from '@pai-bot/fake-slack/index.js';
import { createOssSimulator, type OssSimulator } from '@pai-bot/pai-sim/oss/index.js';
import { createPaiSimulator, type PaiSimulator } from '@pai-bot/pai-sim/index.js';
import {
  loadSandboxConfig,
  SANDBOX_ACCESS_KEY_ID,
  SANDBOX_ACCESS_KEY_SECRET,
  SANDBOX_BOT_TOKEN,
  SANDBOX_BUCKETS,
  SANDBOX_REGION,
  SANDBOX_SECRETS,
  SANDBOX_SIGNING_SECRET,
  SANDBOX_WORKSPACES,
} from './sandbox-config.js';
import type { CostsInfo } from './help-text.js';
import { deleteKeysWithPrefix, obtainRedis } from './sandbox-redis.js';
import { DEFAULT_SPEED, startSimTicker, type SimTicker } from './sim-ticker.js';

export interface WorldOptions {
  /** REDIS_URL from the environment, if any. */
  redisUrl?: string;
  /** LOG_LEVEL from the environment, if any; validated by loadConfig. */
  logLevel?: string;
  speed?: number;
  /** Where startup notes go (the console). */
  note: (line: string) => void;
}

export interface SandboxWorld {
  bot: RunningBot;
  sim: PaiSimulator;
  oss: OssSimulator;
  slack: FakeSlack;
  clock: ManualClock;
  ticker: SimTicker;
  log: Logger;
  eventsUrl: string;
  signingSecret: string;
  simUrl: string;
  ossUrl: string;
  redisDescription: string;
  logPath: string;
  /** The alerts section of the sandbox config, when it has one. */
  alerts?: { channel: string; mention: readonly string[]; coldStartAfterMs: number };
  /** The notebooks and pricing sections of the sandbox config. */
  costs: CostsInfo;
  stop(): Promise<void>;
}

export async function startSandboxWorld(opts: WorldOptions): Promise<SandboxWorld> {
  const closers: { what: string; close: () => unknown }[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'pai-sandbox-'));
  const logPath = join(dir, 'bot.log');
  const destination = pino.destination({ dest: logPath, sync: true });
  // The level is checked again by loadConfig below; an invalid one must not break the logger first.
  const level = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'].includes(opts.logLevel?.toLowerCase() ?? '')
    ? opts.logLevel!.toLowerCase()
    : 'info';
  const log = createLogger({ level, destination, secrets: [...SANDBOX_SECRETS], name: 'pai-sandbox' });
  const stopAll = async () => {
    for (const { what, close } of closers.splice(0).reverse()) {
      try {
        await close();
      } catch (err) {
        log.warn({ err, what }, 'sandbox shutdown step failed');
      }
    }
  };

  try {
    const redis = await obtainRedis(opts.redisUrl, opts.note);
    closers.push({ what: 'redis', close: () => redis.stop() });

    const clock = new ManualClock(Date.now());
    const sim = createPaiSimulator({
      clock,
      credentials: { [SANDBOX_ACCESS_KEY_ID]: SANDBOX_ACCESS_KEY_SECRET },
      workspaces: SANDBOX_WORKSPACES,
      log: (line) => log.debug({ component: 'pai-sim' }, line),
    });
    const simUrl = await sim.start(0, '127.0.0.1');
    closers.push({ what: 'pai simulator', close: () => sim.stop() });

    // The bot's OSS client signs with the wall clock (ali-oss dates requests itself), so the OSS simulator checks skew
    // against the system clock too, not the sandbox's fast-running one.
    const oss = createOssSimulator({
      region: SANDBOX_REGION,
      credentials: { [SANDBOX_ACCESS_KEY_ID]: SANDBOX_ACCESS_KEY_SECRET },
      log: (line) => log.debug({ component: 'oss-sim' }, line),
    });
    for (const { name, about: _about, ...bucket } of SANDBOX_BUCKETS) oss.addBucket(name, bucket);
    const ossUrl = await oss.start(0, '127.0.0.1');
    closers.push({ what: 'oss simulator', close: () => oss.stop() });

    const slack = createFakeSlack({
      token: SANDBOX_BOT_TOKEN,
      clock,
      log: (line) => log.debug({ component: 'fake-slack' }, line),
    });
    const slackApiUrl = await slack.start(0, '127.0.0.1');
    closers.push({ what: 'fake slack', close: () => slack.stop() });

    const config = loadSandboxConfig({
      slackApiUrl,
      simUrl,
      ossUrl,
      redisUrl: redis.url,
      ...(opts.logLevel ? { logLevel: opts.logLevel } : {}),
    });
    const keyPrefix = `sandbox-${randomBytes(4).toString('hex')}`;
    if (!redis.private) closers.push({ what: 'redis keys', close: () => deleteKeysWithPrefix(redis.url, keyPrefix) });

    const bot = await startBot({ config, log, clock, keyPrefix, autoPoll: true });
    closers.push({ what: 'bot', close: () => bot.stop() });

    const ticker = startSimTicker(clock, opts.speed ?? DEFAULT_SPEED);
    closers.push({ what: 'clock ticker', close: () => ticker.stop() });
    log.info({ simUrl, ossUrl, slackApiUrl, redis: redis.url, keyPrefix, botPort: bot.port }, 'sandbox started');

    return {
      bot,
      sim,
      oss,
      slack,
      clock,
      ticker,
      log,
      eventsUrl: `http://127.0.0.1:${bot.port}/slack/events`,
      signingSecret: SANDBOX_SIGNING_SECRET,
      simUrl,
      ossUrl,
      redisDescription: redis.description,
      logPath,
      ...(config.file.alerts
        ? {
            alerts: {
              channel: config.file.alerts.channel,
              mention: [...config.file.alerts.mention],
              coldStartAfterMs: config.file.alerts.cold_start_after,
            },
          }
        : {}),
      costs: {
        idleAfterMs: config.file.notebooks.idle_after,
        digestEveryMs: config.file.notebooks.digest_every,
        currency: config.file.pricing?.currency ?? 'CNY',
        perHour: { ...config.file.pricing?.per_hour },
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
