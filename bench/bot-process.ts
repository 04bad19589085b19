// The real bot in a process of its own, configured from the environment exactly as src/main.ts is, plus
// bench knobs: BENCH_KEY_PREFIX, BENCH_ROLE, BENCH_LOG_FILE (JSON logs at LOG_LEVEL go there instead of
// stdout), BENCH_SLACK_INTERVAL_MS (Slack pacing; the bot's default, ~1 msg/s per channel, when unset),
// BENCH_SLACK_PACING=process (each process paces alone, as before the pace was shared through Redis).
// The bench drives it over IPC: poll cycles (measured here: wall time, CPU time, RSS), moving the clock,
// and CPU / event-loop readings around a load run.

import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { startBot, type RunningBot } from '../src/bot.js';
import { startProcess } from '../src/runtime/start-process.js';
import { lowerProcessPriority } from '../src/runtime/worker-priority.js';
import type { Clock } from '@pai-bot/sim-kit/clock.js';
import { configSecrets } from '../src/config/config-secrets.js';
import { loadConfig, type Role } from '../src/config/load-config.js';
import { createLogger } from '../src/log/logger.js';
import { serve } from './ipc.js';
import { usageMeter } from './usage-meter.js';

const env = process.env;
const offset = { ms: 0 };
// Real time plus the offset the bench moves, in step with the simulator's clock.
const clock: Clock = { now: () => Date.now() + offset.ms };
const config = loadConfig({ env, role: (env.BENCH_ROLE ?? 'all') as Role, readFile: (p) => readFileSync(p, 'utf8') });
const logFile = env.BENCH_LOG_FILE ?? '/dev/null';
const log = createLogger({
  level: config.logLevel,
  destination: pino.destination({ dest: logFile, mkdir: true, sync: false }), // as src/main.ts writes to stdout
  secrets: configSecrets(config),
});
const interval = env.BENCH_SLACK_INTERVAL_MS;
const perProcess = env.BENCH_SLACK_PACING === 'process';
const slackPacing =
  interval !== undefined || perProcess
    ? {
        slackPacing: {
          ...(interval !== undefined ? { perChannelIntervalMs: Number(interval) } : {}),
          ...(perProcess ? { perProcess } : {}),
        },
      }
    : {};
const keyPrefix = env.BENCH_KEY_PREFIX ?? 'bench';
// Role all runs as `npm start` runs it: the worker role on a thread (src/runtime/start-process.ts). Poll cycles and
// the clock offset need the bot in this thread, so the watching scenario uses role worker.
// Role worker is started here with startBot (for poll cycles on request), so lower the whole process as startProcess
// does.
if (config.role === 'worker') lowerProcessPriority(log);
const bot: Pick<RunningBot, 'port' | 'stop'> & Partial<RunningBot> =
  config.role === 'all'
    ? await startProcess({ config, log, keyPrefix, autoPoll: false, workerLogFile: logFile, ...slackPacing })
    : await startBot({ config, log, clock, keyPrefix, autoPoll: false, ...slackPacing });
const inThisThread = (name: string) => {
  throw new Error(`${name} needs the worker role in this thread: start the bot with role worker`);
};

const meter = usageMeter();

export interface CycleMeasure<T> {
  report: T;
  /** Wall clock (epoch ms) when the cycle started. */
  startedAt: number;
  wallMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  rssBefore: number;
  rssPeak: number;
  rssAfter: number;
  heapUsedAfter: number;
}

async function measured<T>(fn: () => Promise<T>): Promise<CycleMeasure<T>> {
  const rssBefore = process.memoryUsage.rss();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 50);
  const cpu0 = process.cpuUsage();
  const startedAt = Date.now();
  const t0 = performance.now();
  try {
    const report = await fn();
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const mem = process.memoryUsage();
    rssPeak = Math.max(rssPeak, mem.rss);
    return {
      report,
      startedAt,
      wallMs,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      rssBefore,
      rssPeak,
      rssAfter: mem.rss,
      heapUsedAfter: mem.heapUsed,
    };
  } finally {
    clearInterval(sampler);
  }
}

serve(
  {
    pollNow: () => measured(() => (bot.pollNow ?? (() => inThisThread('pollNow')))()),
    pollServicesNow: () => measured(() => (bot.pollServicesNow ?? (() => inThisThread('pollServicesNow')))()),
    pollNotebooksNow: () => measured(() => (bot.pollNotebooksNow ?? (() => inThisThread('pollNotebooksNow')))()),
    advance: ({ ms }: { ms: number }) => {
      offset.ms += ms;
      return offset.ms;
    },
    /** mark: starts a measurement window; usage: CPU, wall time, event-loop delay and RSS since then. */
    ...meter,
    stop: async () => {
      await bot.stop();
      setImmediate(() => process.exit(0));
      return true;
    },
  },
  { port: bot.port, logFile },
);
