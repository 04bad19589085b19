// Scenario 1: how fast `/pai dlc status <id>` is acknowledged at 100 and 300 requests/s, next to a bare Bolt
// app that only acks, all measured in this run by the same open-loop load generator (its own process).
//
// Four apps, each in its own process: the bare Bolt app; the bot as one process with both roles (`--role all`,
// the default, the worker answering every lookup on the same event loop as the acks); the bot split as the
// README's deployment does it (`--role web`, with a `--role worker` process beside it); and, to see the ack path
// alone, that same web process while its worker is paused (SIGSTOP for the chunk, SIGCONT after, when it works
// off the backlog): no lookups compete for the two cores meanwhile. Runs alternate between the apps in 5-second
// chunks (A B C D A B C D), so a change in the machine's background load hits all of them alike; before each
// chunk the previous bot's queue has drained, so no app pays for another's backlog.

import type { ChildHandle } from './ipc.js';
import type { LoadResult, LoadSpec } from './loadgen.js';
import { watchQueue, type QueueWatch } from './queue-watch.js';
import { cpuWindow } from './machine.js';
import type { Usage } from './usage-meter.js';
import { quietChunk, type RepeatBudget } from './quiet-chunk.js';
import type { SpareTime } from './spare-time.js';
import { percentileSorted, sleep, summarize, type Summary } from './stats.js';
import { DEV, SIGNING_SECRET, startBareBolt, startBotProcess, type World } from './world.js';

export const ACK_RATES = [100, 300] as const;
export const CHUNK_MS = 5_000;
export const CHUNKS = 2;
export const WARMUP = { rate: 200, durationMs: 3_000 };
/** Chunks measured under outside load are run again (bench/quiet-chunk.ts), at most this many of the alone chunks in the whole scenario… */
export const MAX_REPEATS_TOTAL = 4;
/** …and of the side-by-side chunks at each rate (the target is checked on these, so 100/s must not use up 300/s's share). */
export const MAX_PAIR_REPEATS_PER_RATE = 3;

export type AppName = 'bare Bolt' | 'pai-bot (all)' | 'pai-bot (web+worker)' | 'pai-bot (web, worker paused)';

export interface AckRow {
  app: AppName;
  rate: number;
  sent: number;
  ok: number;
  errors: Record<string, number>;
  achievedRate: number;
  latency: Summary;
  maxSendLagMs: number;
  /** CPU used by the app's web process during its runs, as a share of one core. */
  cpuShare: number;
  /** pai-bot (web+worker) only: CPU used by the worker process during the runs, as a share of one core. */
  workerCpuShare?: number;
  /** Event-loop delay p99 and max of the app's web process (ms), worst chunk. */
  eldP99Ms: number;
  eldMaxMs: number;
  /** p99 of each chunk on its own (ms), and the share of the CPU the hypervisor stole meanwhile. */
  chunks: { p99: number; steal: number; foreign: number }[];
  /** Bots only: the longest wait, after a chunk, for the worker to finish the queued lookups (ms). */
  drainMs?: number;
  /** Bots only: answers that reached the response_url. */
  answered?: number;
}

/** One bot variant and the bare app under load at the same time, on one schedule. */
export interface PairRow {
  app: Exclude<AppName, 'bare Bolt'>;
  rate: number;
  sent: number;
  ok: number;
  bareOk: number;
  bareSent: number;
  latency: Summary;
  bare: Summary;
  /** p99 of the bot and of the bare app in each chunk, and the CPU share the hypervisor stole meanwhile. */
  chunks: { p99: number; bareP99: number; steal: number }[];
}

export interface AckResult {
  rows: AckRow[];
  /** The side-by-side runs: the figures the target is checked against. */
  pairs: PairRow[];
  jobId: string;
  /** Chunks run again because of outside load: alone, and side by side. */
  repeats: number;
  pairRepeats: number;
}

interface App {
  name: AppName;
  web: ChildHandle<{ port: number }>;
  queue?: QueueWatch;
  /** A worker process to pause while the load runs. */
  pause?: ChildHandle<unknown>;
  /** A worker process whose CPU time is measured too. */
  worker?: ChildHandle<unknown>;
}

export async function benchAckLatency(
  world: World,
  loadgen: ChildHandle<unknown>,
  spare: SpareTime,
  log: (line: string) => void,
): Promise<AckResult> {
  // The job every status request asks about: created through the simulator's signed API, in the dev workspace.
  const { JobId: jobId } = await world.pai.dlc.createJob({
    DisplayName: 'bench-status-target',
    JobType: 'PyTorchJob',
    WorkspaceId: DEV.id,
    UserCommand: 'python train.py',
    JobSpecs: [{ Type: 'Worker', Image: 'pytorch:2.1', PodCount: 1, EcsSpec: 'ecs.g6.xlarge' }],
  });
  const children: ChildHandle<unknown>[] = [];
  const apps: App[] = [];
  const rows: AckRow[] = [];
  const pairs: PairRow[] = [];
  let runNo = 0;
  const aloneRepeats: RepeatBudget = { used: 0, max: MAX_REPEATS_TOTAL, time: spare };
  const pairBudgets: RepeatBudget[] = [];
  try {
    const bare = await startBareBolt(world);
    children.push(bare);
    const all = await startBotProcess(world, { keyPrefix: 'bench-ack-all', direct: true });
    children.push(all);
    const web = await startBotProcess(world, { keyPrefix: 'bench-ack-split', role: 'web', direct: true });
    children.push(web);
    const worker = await startBotProcess(world, { keyPrefix: 'bench-ack-split', role: 'worker', direct: true });
    children.push(worker);
    const splitQueue = watchQueue(world.redis.url, 'bench-ack-split');
    apps.push(
      { name: 'bare Bolt', web: bare },
      { name: 'pai-bot (all)', web: all, queue: watchQueue(world.redis.url, 'bench-ack-all') },
      { name: 'pai-bot (web+worker)', web, queue: splitQueue, worker },
      { name: 'pai-bot (web, worker paused)', web, queue: splitQueue, pause: worker },
    );

    const specFor = (app: App, rate: number, durationMs: number, respondTag: string): LoadSpec => ({
      url: `http://127.0.0.1:${app.web.info.port}/slack/events`,
      secret: SIGNING_SECRET,
      rate,
      durationMs,
      kind: { type: 'status', jobId, channel: DEV.channel },
      responseUrlBase: world.slack.responseUrl(respondTag),
    });
    const load = async (app: App, rate: number, durationMs: number) => {
      const respondTag = `ack${++runNo}-`;
      const spec = specFor(app, rate, durationMs, respondTag);
      await app.web.call('mark');
      await app.worker?.call('mark');
      const machine = cpuWindow();
      if (app.pause) process.kill(app.pause.pid, 'SIGSTOP');
      let result: LoadResult;
      try {
        result = await loadgen.call<LoadResult>('run', spec);
      } finally {
        if (app.pause) process.kill(app.pause.pid, 'SIGCONT');
      }
      const cpu = machine();
      const usage = await app.web.call<Usage>('usage');
      const workerUsage = await app.worker?.call<Usage>('usage');
      // After a paused chunk this is the time the worker needed for the whole chunk's backlog.
      const drainMs = app.queue ? await app.queue.drained(120_000) : undefined;
      return { result, usage, workerUsage, respondTag, drainMs, cpu };
    };

    for (const app of apps) await load(app, WARMUP.rate, WARMUP.durationMs); // JIT, connections, lazy loading
    for (const rate of ACK_RATES) {
      const pooled = new Map<
        AppName,
        {
          results: LoadResult[];
          usages: Usage[];
          workerUsages: Usage[];
          tags: string[];
          drains: number[];
          chunks: AckRow['chunks'];
        }
      >();
      for (let chunk = 0; chunk < CHUNKS; chunk++) {
        for (const app of apps) {
          const p = pooled.get(app.name) ?? {
            results: [],
            usages: [],
            workerUsages: [],
            tags: [],
            drains: [],
            chunks: [],
          };
          const run = await quietChunk(() => load(app, rate, CHUNK_MS), aloneRepeats, `${app.name} @ ${rate}/s`, log);
          const { result, usage, workerUsage, respondTag, drainMs, cpu } = run;
          p.chunks.push({
            p99: percentileSorted(
              [...result.latencies].sort((a, b) => a - b),
              99,
            ),
            steal: cpu.steal,
            foreign: cpu.foreign,
          });
          p.results.push(result);
          p.usages.push(usage);
          if (workerUsage) p.workerUsages.push(workerUsage);
          p.tags.push(respondTag);
          if (drainMs !== undefined) p.drains.push(drainMs);
          pooled.set(app.name, p);
        }
      }
      for (const app of apps) {
        const p = pooled.get(app.name)!;
        const errors: Record<string, number> = {};
        for (const r of p.results) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
        const row: AckRow = {
          app: app.name,
          rate,
          sent: p.results.reduce((a, r) => a + r.sent, 0),
          ok: p.results.reduce((a, r) => a + r.ok, 0),
          errors,
          achievedRate: p.results.reduce((a, r) => a + r.achievedRate, 0) / p.results.length,
          latency: summarize(p.results.flatMap((r) => r.latencies)),
          maxSendLagMs: Math.max(...p.results.map((r) => r.maxSendLagMs)),
          cpuShare: p.usages.reduce((a, u) => a + u.cpuMs, 0) / p.usages.reduce((a, u) => a + u.wallMs, 0),
          eldP99Ms: Math.max(...p.usages.map((u) => u.eldP99Ms)),
          eldMaxMs: Math.max(...p.usages.map((u) => u.eldMaxMs)),
          chunks: p.chunks,
          ...(p.workerUsages.length
            ? {
                workerCpuShare:
                  p.workerUsages.reduce((a, u) => a + u.cpuMs, 0) / p.workerUsages.reduce((a, u) => a + u.wallMs, 0),
              }
            : {}),
        };
        if (app.queue) {
          row.drainMs = Math.max(...p.drains);
          await sleep(200); // the last answers are on their way to the response_url
          row.answered = world.slack.responses().filter((r) => p.tags.some((t) => r.id.startsWith(t))).length;
        }
        rows.push(row);
        log(
          `  ${app.name.padEnd(28)} @ ${rate}/s: p50 ${row.latency.p50.toFixed(1)} ms, p99 ${row.latency.p99.toFixed(1)} ms, ok ${row.ok}/${row.sent}, achieved ${row.achievedRate.toFixed(0)}/s, CPU ${(row.cpuShare * 100).toFixed(0)} %${row.workerCpuShare !== undefined ? ` (+ worker ${(row.workerCpuShare * 100).toFixed(0)} %)` : ''}${row.drainMs !== undefined ? `, backlog drained ≤ ${Math.round(row.drainMs)} ms after, ${row.answered} answered` : ''}; p99 by chunk ${row.chunks.map((c) => `${c.p99.toFixed(1)} ms (steal ${Math.round(c.steal * 100)} %, others ${Math.round(c.foreign * 100)} %)`).join(', ')}`,
        );
      }
    }

    // Side by side: each bot variant with the bare app, both loaded at once on one schedule, so a burst
    // of steal time or other work weighs on both alike and the ratio compares the apps, not two moments.
    const [bareApp, ...bots] = apps;
    const pairChunk = async (app: App, rate: number) => {
      const tag = `ack${++runNo}-`;
      const machine = cpuWindow();
      if (app.pause) process.kill(app.pause.pid, 'SIGSTOP');
      let results: LoadResult[];
      try {
        results = await loadgen.call<LoadResult[]>('runSideBySide', [
          specFor(app, rate, CHUNK_MS, tag),
          specFor(bareApp!, rate, CHUNK_MS, `bare${runNo}-`),
        ]);
      } finally {
        if (app.pause) process.kill(app.pause.pid, 'SIGCONT');
      }
      const cpu = machine();
      await app.queue?.drained(120_000);
      return { bot: results[0]!, bare: results[1]!, cpu };
    };
    for (const rate of ACK_RATES) {
      const pooled = new Map<AppName, { bot: LoadResult[]; bare: LoadResult[]; chunks: PairRow['chunks'] }>();
      const pairBudget: RepeatBudget = { used: 0, max: MAX_PAIR_REPEATS_PER_RATE, time: spare };
      pairBudgets.push(pairBudget);
      for (let chunk = 0; chunk < CHUNKS; chunk++) {
        for (const app of bots) {
          // A burst of steal time can land on one app's requests and not the other's, so side by side is no shelter.
          const { bot, bare, cpu } = await quietChunk(
            () => pairChunk(app, rate),
            pairBudget,
            `side by side, ${app.name} @ ${rate}/s`,
            log,
          );
          const p = pooled.get(app.name) ?? { bot: [], bare: [], chunks: [] };
          p.bot.push(bot);
          p.bare.push(bare);
          p.chunks.push({
            p99: percentileSorted(
              [...bot.latencies].sort((a, b) => a - b),
              99,
            ),
            bareP99: percentileSorted(
              [...bare.latencies].sort((a, b) => a - b),
              99,
            ),
            steal: cpu.steal,
          });
          pooled.set(app.name, p);
        }
      }
      for (const app of bots) {
        const p = pooled.get(app.name)!;
        const row: PairRow = {
          app: app.name as PairRow['app'],
          rate,
          sent: p.bot.reduce((a, r) => a + r.sent, 0),
          ok: p.bot.reduce((a, r) => a + r.ok, 0),
          bareSent: p.bare.reduce((a, r) => a + r.sent, 0),
          bareOk: p.bare.reduce((a, r) => a + r.ok, 0),
          latency: summarize(p.bot.flatMap((r) => r.latencies)),
          bare: summarize(p.bare.flatMap((r) => r.latencies)),
          chunks: p.chunks,
        };
        pairs.push(row);
        log(
          `  side by side @ ${rate}/s: ${app.name.padEnd(28)} p50 ${row.latency.p50.toFixed(1)} ms, p99 ${row.latency.p99.toFixed(1)} ms, ok ${row.ok}/${row.sent}; bare Bolt beside it p50 ${row.bare.p50.toFixed(1)} ms, p99 ${row.bare.p99.toFixed(1)} ms, ok ${row.bareOk}/${row.bareSent}; ratio ${(row.latency.p99 / row.bare.p99).toFixed(2)}×`,
        );
      }
    }
  } finally {
    for (const q of new Set(apps.map((a) => a.queue))) await q?.close();
    for (const c of children) await c.stop();
  }
  return { rows, pairs, jobId, repeats: aloneRepeats.used, pairRepeats: pairBudgets.reduce((a, b) => a + b.used, 0) };
}
