// Scenario 2: from sending a signed `/pai dlc submit …` to the PAI simulator receiving its CreateJob, at 50
// submits/s for 10 s. The simulator runs on real time here (its clock is Date.now() plus an offset that is 0
// until scenario 3), so its record of each call (`at`, taken when the request arrives) is on the same wall
// clock as the load generator's send time. Names are unique; the channels are 100 channels of the dev
// workspace, round robin, so no Slack lane ever holds a worker back (default pacing, ~1 msg/s per channel).

import type { ChildHandle } from './ipc.js';
import type { LoadResult, LoadSpec } from './loadgen.js';
import { watchQueue } from './queue-watch.js';
import { summarize, waitUntil, type Summary } from './stats.js';
import { DEV_CHANNELS, SIGNING_SECRET, startBotProcess, type World } from './world.js';

export const SUBMIT_RATE = 50;
export const SUBMIT_DURATION_MS = 10_000;

export interface SubmitResult {
  rate: number;
  sent: number;
  acked: number;
  ackErrors: Record<string, number>;
  achievedRate: number;
  ack: Summary;
  /** Send → CreateJob arrives at the simulator. */
  toCreateJob: Summary;
  createJobs: number;
  /** Send → the status card arrives at the fake Slack (informational: it goes through the paced output). */
  toCard: Summary;
  cards: number;
  failedActions: number;
  slack429: number;
}

export async function benchCommandToPai(
  world: World,
  loadgen: ChildHandle<unknown>,
  log: (line: string) => void,
): Promise<SubmitResult> {
  const keyPrefix = 'bench-submit';
  const bot = await startBotProcess(world, { keyPrefix, direct: true });
  const queue = watchQueue(world.redis.url, keyPrefix);
  const url = `http://127.0.0.1:${bot.info.port}/slack/events`;
  const spec = (namePrefix: string, rate: number, durationMs: number): LoadSpec => ({
    url,
    secret: SIGNING_SECRET,
    rate,
    durationMs,
    kind: { type: 'submit', namePrefix, channels: DEV_CHANNELS },
    responseUrlBase: world.slack.responseUrl(`${namePrefix}-`),
  });
  try {
    // Warm-up (not counted): the first submits pay for JIT compilation and connection set-up.
    await loadgen.call<LoadResult>('run', spec('warm', 10, 2_000));
    await queue.drained(30_000);
    const limitedBefore = world.limiter.calls.filter((c) => c.limited).length;
    const simFrom = world.sim.calls.length;
    const slackFrom = world.slack.calls.length;
    const offset = world.clock.offsetMs;
    const result = await loadgen.call<LoadResult>('run', spec('bench', SUBMIT_RATE, SUBMIT_DURATION_MS));
    const expected = result.sends.filter((s) => s.ok).length;
    const createJobs = () => world.sim.calls.slice(simFrom).filter((c) => c.action === 'CreateJob' && c.status === 200);
    await waitUntil(() => createJobs().length >= expected, 60_000, 'every CreateJob').catch(() => undefined);
    await queue.drained(60_000);
    const cardCalls = () =>
      world.slack.calls
        .slice(slackFrom)
        .filter((c) => c.method === 'chat.postMessage' && c.ok && /^DLC job bench-/.test(String(c.args.text)));
    await waitUntil(() => cardCalls().length >= expected, 30_000, 'every card').catch(() => undefined);

    const sentAt = new Map(result.sends.map((s) => [s.name, s.sentAt]));
    const toCreate: number[] = [];
    for (const c of createJobs()) {
      const name = (c.body as { DisplayName?: string } | undefined)?.DisplayName;
      const sent = name ? sentAt.get(name) : undefined;
      if (sent !== undefined) toCreate.push(c.at - offset - sent);
    }
    const toCard: number[] = [];
    for (const c of cardCalls()) {
      const name = /^DLC job (\S+) \(/.exec(String(c.args.text))?.[1];
      const sent = name ? sentAt.get(name) : undefined;
      if (sent !== undefined) toCard.push(c.at - sent);
    }
    const counts = await queue.counts();
    const out: SubmitResult = {
      rate: SUBMIT_RATE,
      sent: result.sent,
      acked: result.ok,
      ackErrors: result.errors,
      achievedRate: result.achievedRate,
      ack: summarize(result.latencies),
      toCreateJob: summarize(toCreate),
      createJobs: toCreate.length,
      toCard: summarize(toCard),
      cards: toCard.length,
      failedActions: counts.failed ?? 0,
      slack429: world.limiter.calls.filter((c) => c.limited).length - limitedBefore,
    };
    log(
      `  submit @ ${SUBMIT_RATE}/s: ${out.createJobs}/${out.sent} CreateJob, send→CreateJob p50 ${out.toCreateJob.p50.toFixed(1)} ms p99 ${out.toCreateJob.p99.toFixed(1)} ms; ack p99 ${out.ack.p99.toFixed(1)} ms; cards ${out.cards}, send→card p50 ${out.toCard.p50.toFixed(0)} ms`,
    );
    return out;
  } finally {
    await queue.close();
    await bot.stop();
  }
}
