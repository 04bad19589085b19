// The bench's world: a private redis-server, the PAI simulator (on a real-time clock that the bench can move
// forward), the OSS simulator, the fake Slack behind a per-channel rate limiter, and helpers that start the
// real bot, or a bare Bolt app, each in a process of its own.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '@pai-bot/sim-kit/clock.js';
import { loadConfig, type Config } from '../src/config/load-config.js';
import { createPaiClients, type PaiClients } from '../src/pai/create-clients.js';
import { createFakeSlack, type FakeSlack } from '@pai-bot/fake-slack/index.js';
import { createOssSimulator, type OssSimulator } from '@pai-bot/pai-sim/oss/index.js';
import { createPaiSimulator, type PaiSimulator, type SimWorkspace } from '@pai-bot/pai-sim/index.js';
import { startLocalRedis, type LocalRedis } from '@pai-bot/sandbox/redis-server.js';
import { forkTs, type ChildHandle } from './ipc.js';
import { startPaiRouter, type PaiRouter } from './pai-router.js';
import { startSlackLimiter, type SlackLimiter } from './slack-limiter.js';

export const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-bench-0000-bot-token-abcdefghijkl';
export const ACCESS_KEY_ID = 'LTAI5tBenchAccessKeyId01';
export const ACCESS_KEY_SECRET = 'bench-access-key-secret-do-not-print';

export const DEV = { name: 'dev', id: '100001', channel: 'C0DEV' };
/** Channels that default to the dev workspace, so submits spread over many Slack lanes. */
export const DEV_CHANNELS = Array.from({ length: 100 }, (_, i) => `C0B${String(i).padStart(3, '0')}`);
/** The 20 workspaces of the watching scenario, one channel each. */
export const WATCH_WORKSPACES = Array.from({ length: 20 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  return { name: `ws${n}`, id: `2000${n}`, channel: `C0WS${n}` };
});

export function benchYaml(): string {
  const ws = (name: string, id: string, channels: string[]) =>
    `  - name: ${name}\n    id: "${id}"\n    env: dev\n    channels: [${channels.join(', ')}]\n`;
  return [
    'region: cn-shanghai',
    'poll_interval: 30s',
    'workspaces:',
    ws(DEV.name, DEV.id, [DEV.channel, ...DEV_CHANNELS]).trimEnd(),
    ...WATCH_WORKSPACES.map((w) => ws(w.name, w.id, [w.channel]).trimEnd()),
    'alerts:',
    '  channel: C0ONCALL',
    '  mention: [S0ONCALL]',
    // One simulated user sends every request of the load; the fair-use limit on queued changes is not what is measured.
    'limits:',
    '  queued_changes_per_user: 100000',
    '',
  ].join('\n');
}

/** Real time plus an offset the bench moves forward ("advance the simulated clock"). Whole milliseconds. */
export class ShiftClock implements Clock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface World {
  redis: LocalRedis;
  /** The main PAI simulator: the dev workspace and anything not in a watching workspace. */
  sim: PaiSimulator;
  /** One simulator per watching workspace (see bench/pai-router.ts for why). */
  shards: Map<string, PaiSimulator>;
  /** The one PAI endpoint the bot and the bench talk to. */
  router: PaiRouter;
  simFor(workspaceId: string): PaiSimulator;
  oss: OssSimulator;
  slack: FakeSlack;
  limiter: SlackLimiter;
  clock: ShiftClock;
  /** The environment the bot process reads, exactly as production would (plus BENCH_* knobs); PAI through the router. */
  env: Record<string, string>;
  /** The same, with PAI at the main simulator itself: one loopback hop fewer per PAI call, for the scenarios that need no shards. */
  directEnv: Record<string, string>;
  /** The same configuration, for the bench's own signed PAI clients (seeding). */
  config: Config;
  pai: PaiClients;
  dir: string;
  stop(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'pai-bot-bench-'));
  const redis = await startLocalRedis();
  const clock = new ShiftClock();
  const workspaces: SimWorkspace[] = [
    { WorkspaceId: DEV.id, WorkspaceName: 'ml-dev' },
    ...WATCH_WORKSPACES.map((w) => ({ WorkspaceId: w.id, WorkspaceName: `team-${w.name}` })),
  ];
  const newSim = () => createPaiSimulator({ clock, credentials: { [ACCESS_KEY_ID]: ACCESS_KEY_SECRET }, workspaces });
  const sim = newSim();
  const simUrl = await sim.start();
  const shards = new Map<string, PaiSimulator>();
  const shardUrls = new Map<string, string>();
  for (const w of WATCH_WORKSPACES) {
    const shard = newSim();
    shards.set(w.id, shard);
    shardUrls.set(w.id, await shard.start());
  }
  const router = await startPaiRouter(shardUrls, simUrl);
  const oss = createOssSimulator({ credentials: { [ACCESS_KEY_ID]: ACCESS_KEY_SECRET } });
  const ossUrl = await oss.start();
  // The fake Slack keeps the system clock: ApiCall.at is wall time, comparable with the other processes.
  const slack = createFakeSlack({ token: BOT_TOKEN });
  await slack.start();
  const limiter = await startSlackLimiter(slack.url);
  const configPath = join(dir, 'pai-bot.yaml');
  writeFileSync(configPath, benchYaml());
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: limiter.url,
    PORT: '0',
    REDIS_URL: redis.url,
    PAI_BOT_CONFIG: configPath,
    ALIBABA_CLOUD_ACCESS_KEY_ID: ACCESS_KEY_ID,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: ACCESS_KEY_SECRET,
    PAI_DLC_ENDPOINT: router.url,
    PAI_WORKSPACE_ENDPOINT: router.url,
    PAI_EAS_ENDPOINT: router.url,
    PAI_DSW_ENDPOINT: router.url,
    OSS_ENDPOINT: ossUrl,
    LOG_LEVEL: 'info',
  };
  const directEnv = {
    ...env,
    PAI_DLC_ENDPOINT: simUrl,
    PAI_WORKSPACE_ENDPOINT: simUrl,
    PAI_EAS_ENDPOINT: simUrl,
    PAI_DSW_ENDPOINT: simUrl,
  };
  const config = loadConfig({ env, role: 'all', readFile: () => benchYaml() });
  const pai = createPaiClients(config);
  return {
    redis,
    sim,
    shards,
    router,
    simFor: (id) => shards.get(id) ?? sim,
    oss,
    slack,
    limiter,
    clock,
    env,
    directEnv,
    config,
    pai,
    dir,
    async stop() {
      await limiter.stop().catch(() => undefined);
      await slack.stop().catch(() => undefined);
      await oss.stop().catch(() => undefined);
      await router.stop().catch(() => undefined);
      for (const s of [sim, ...shards.values()]) await s.stop().catch(() => undefined);
      await redis.stop().catch(() => undefined);
      if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BotInfo {
  port: number;
  logFile: string;
}

/** The real bot (startBot, role all unless told otherwise) in its own process; PAI through the router unless `direct`. */
export function startBotProcess(
  world: World,
  opts: {
    keyPrefix: string;
    slackIntervalMs?: number;
    role?: 'all' | 'web' | 'worker';
    direct?: boolean;
    env?: Record<string, string>;
  },
): Promise<ChildHandle<BotInfo>> {
  // BENCH_CPU_PROF=<dir>: the bot processes (and the bare app) write V8 CPU profiles there (open them in Chrome
  // DevTools).
  const prof = process.env.BENCH_CPU_PROF;
  return forkTs<BotInfo>(
    './bot-process.ts',
    {
      ...(opts.direct ? world.directEnv : world.env),
      BENCH_KEY_PREFIX: opts.keyPrefix,
      BENCH_LOG_FILE: join(world.dir, `bot-${opts.keyPrefix}.log`),
      BENCH_ROLE: opts.role ?? 'all',
      ...(opts.slackIntervalMs !== undefined ? { BENCH_SLACK_INTERVAL_MS: String(opts.slackIntervalMs) } : {}),
      ...opts.env,
    },
    `bot (${opts.keyPrefix})`,
    prof ? { execArgv: ['--cpu-prof', `--cpu-prof-dir=${prof}`] } : {},
  );
}

/** A Bolt app that only acks /pai, in its own process: the floor our ack latency is compared with. */
export function startBareBolt(world: World): Promise<ChildHandle<{ port: number }>> {
  // Profiled like the bot (BENCH_CPU_PROF), so that the two profiles can be compared.
  const prof = process.env.BENCH_CPU_PROF;
  return forkTs<{ port: number }>(
    './bare-bolt.ts',
    { BENCH_SIGNING_SECRET: SIGNING_SECRET, BENCH_BOT_TOKEN: BOT_TOKEN, BENCH_SLACK_API_URL: world.slack.url },
    'bare Bolt app',
    prof ? { execArgv: ['--cpu-prof', `--cpu-prof-dir=${prof}`] } : {},
  );
}
