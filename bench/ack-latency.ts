// Scenario 1: how fast `/pai dlc status <id>` is acknowledged at 100 and 300 requests/s, next to a bare Bolt
// app that only acks, both measured in this run by the same open-loop load generator (its own process).

import type { ChildHandle } from './ipc.js';
import type { LoadResult, LoadSpec } from './loadgen.js';
import { watchQueue } from './queue-watch.js';
import { sleep, summarize, type Summary } from './stats.js';
import { DEV, SIGNING_SECRET, startBareBolt, startBotProcess, type World } from './world.js';

export const ACK_RATES = [100, 300] as const;
export const ACK_DURATION_MS = 10_000;
const WARMUP = { rate: 50, durationMs: 3_000 };

interface Usage {
  cpuMs: number;
  wallMs: number;
  eldP99Ms: number;
  eldMaxMs: number;
  rss: number;
}

export interface AckRow {
  app: 'bare Bolt' | 'pai-bot';
  rate: number;
  sent: number;
  ok: number;
  errors: Record<string, number>;
  achievedRate: number;
  latency: Summary;
  service: Summary;
  maxSendLagMs: number;
  /** CPU used by the app's process during the run, as a share of one core. */
  cpuShare: number;
  eldP99Ms: number;
  /** pai-bot only: how long after the last request the worker still needed to finish the queued lookups (ms). */
  drainMs?: number;
  /** pai-bot only: answers that reached the response_url by the end of the drain. */
  answered?: number;
}

export interface AckResult {
  rows: AckRow[];
  jobId: string;
}

export async function benchAckLatency(world: World, loadgen: ChildHandle<unknown>, log: (line: string) => void): Promise<AckResult> {
  // The job every status request asks about: created through the simulator's signed API, in the dev workspace.
  const { JobId: jobId } = await world.pai.dlc.createJob({ DisplayName: 'bench-status-target', JobType: 'PyTorchJob', WorkspaceId: DEV.id, UserCommand: 'python train.py', JobSpecs: [{ Type: 'Worker', Image: 'pytorch:2.1', PodCount: 1, EcsSpec: 'ecs.g6.xlarge' }] });
  const keyPrefix = 'bench-ack';
  const bare = await startBareBolt(world);
  const bot = await startBotProcess(world, { keyPrefix });
  const queue = watchQueue(world.redis.url, keyPrefix);
  const rows: AckRow[] = [];
  let runNo = 0;
  const load = async (app: ChildHandle<{ port: number }>, rate: number, durationMs: number) => {
    runNo++;
    const respondTag = `ack${runNo}-`;
    const spec: LoadSpec = {
      url: `http://127.0.0.1:${app.info.port}/slack/events`,
      secret: SIGNING_SECRET,
      rate,
      durationMs,
      kind: { type: 'status', jobId, channel: DEV.channel },
      responseUrlBase: world.slack.responseUrl(respondTag),
    };
    await app.call('mark');
    const result = await loadgen.call<LoadResult>('run', spec);
    const usage = await app.call<Usage>('usage');
    return { result, usage, respondTag };
  };
  try {
    for (const app of [bare, bot]) await load(app, WARMUP.rate, WARMUP.durationMs);
    await queue.drained(30_000);
    for (const rate of ACK_RATES) {
      for (const [name, app] of [['bare Bolt', bare], ['pai-bot', bot]] as const) {
        await sleep(500);
        const { result, usage, respondTag } = await load(app, rate, ACK_DURATION_MS);
        const row: AckRow = {
          app: name,
          rate,
          sent: result.sent,
          ok: result.ok,
          errors: result.errors,
          achievedRate: result.achievedRate,
          latency: summarize(result.latencies),
          service: summarize(result.serviceTimes),
          maxSendLagMs: result.maxSendLagMs,
          cpuShare: usage.cpuMs / usage.wallMs,
          eldP99Ms: usage.eldP99Ms,
        };
        if (app === bot) {
          row.drainMs = await queue.drained(120_000);
          await sleep(200); // the last answers are on their way to the response_url
          row.answered = world.slack.responses().filter((r) => r.id.startsWith(respondTag)).length;
        }
        rows.push(row);
        log(`  ${name.padEnd(9)} @ ${rate}/s: p50 ${row.latency.p50.toFixed(1)} ms, p99 ${row.latency.p99.toFixed(1)} ms, ok ${row.ok}/${row.sent}, achieved ${row.achievedRate.toFixed(0)}/s${row.drainMs !== undefined ? `, worker drained ${Math.round(row.drainMs)} ms after, ${row.answered} answered` : ''}`);
      }
    }
  } finally {
    await queue.close();
    await bare.stop();
    await bot.stop();
  }
  return { rows, jobId };
}
