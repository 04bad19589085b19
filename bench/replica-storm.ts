// Scenario 7: three worker processes, one channel, a storm. Slack's pace (~1 message a second per channel, short
// bursts) belongs to the app, not to a process: with several replicas, each pacing alone, their output to one channel
// adds up past it. The same storm runs twice, each time through three real bot processes (bench/bot-process.ts, role
// worker, one Redis): with the pace shared through Redis (the default, src/slack-out/channel-budget.ts), then with each
// process pacing alone (slackPacing.perProcess, the behaviour before).
//
// The storm: JOBS training jobs and SERVICES EAS services tracked in one channel, each with its card. In three
// waves, every job changes state at once (Queuing → EnvPreparing → Running → Succeeded), and with the first the
// autoscaler scales every service up (new replicas still starting when the storm ends). Each wave is polled by the
// next replica, as the poll lease moves on every interval, while the replicas before it are still sending what they
// announced; a replica polls the services once its jobs' output is handed over, as the poll loop does. Every
// transition is a card update and a thread reply, as the watchers send them.
//
// To keep it short, time runs 4× faster than Slack's: the channel takes 4 messages a second (burst 3, Retry-After 1 s
// beyond that: bench/slack-limiter.ts with its rate raised) and each bot paces at 250 ms. The ratio is what matters.

import { WebClient } from '@slack/web-api';
import { Redis } from 'ioredis';
import { snapshotOf } from '../src/actions/inference/service-snapshot.js';
import { keySpace } from '../src/redis/redis.js';
import { listServices } from '../src/actions/watchers/adopt-services.js';
import { renderJobCard } from '../src/render/job-card.js';
import { renderServiceCard } from '../src/render/service-card.js';
import { cardView } from '../src/actions/watchers/poll-dlc-jobs.js';
import { createTrackedJobStore, type TrackedJob } from '../src/actions/watchers/tracked-jobs.js';
import { createTrackedServiceStore } from '../src/actions/watchers/tracked-services.js';
import { startSlackLimiter, type LimitedCall } from './slack-limiter.js';
import { sleep } from './stats.js';
import { BOT_TOKEN, DEV, startBotProcess, type World } from './world.js';

export const REPLICAS = 3;
export const JOBS = 15;
export const SERVICES = 5;
/** The channel's pace in this scenario (Slack's ×4) and each bot's. */
export const RATE_PER_S = 4;
export const BURST = 3;
export const INTERVAL_MS = 250;
const WAVES = 3;
/** Real time between two waves (the poll interval, shortened). */
const WAVE_GAP_MS = 2_000;
/** Simulated time per job phase (and a service's cold start): one wave each. */
const PHASE_MS = 60_000;

export interface ReplicaStormRun {
  mode: 'shared' | 'per process';
  /** Channel messages Slack took (chat.postMessage and chat.update). */
  sent: number;
  /** Channel calls made, 429s included. */
  calls: number;
  received429: number;
  /** Messages taken per second, from the first to the last. */
  effectiveRate: number;
  /** Most messages taken within any 1 s. */
  busiestSecond: number;
  /** First wave polled → last message taken. */
  drainMs: number;
  /** (sent − burst) / RATE_PER_S: the least the channel's pace allows, from a full bucket. */
  floorMs: number;
  allFinalShown: boolean;
  /** Cards left showing an older state (an update refused with 429, sent again after a newer one from another replica). */
  staleCards: number;
}

export interface ReplicaStormResult {
  replicas: number;
  jobs: number;
  services: number;
  waves: number;
  ratePerS: number;
  burst: number;
  intervalMs: number;
  runs: ReplicaStormRun[];
}

export async function benchReplicaStorm(world: World, log: (line: string) => void): Promise<ReplicaStormResult> {
  const limiter = await startSlackLimiter(world.slack.url, { burst: BURST, refillPerS: RATE_PER_S });
  const redis = new Redis(world.redis.url, { maxRetriesPerRequest: null });
  const direct = new WebClient(BOT_TOKEN, { slackApiUrl: world.slack.url, retryConfig: { retries: 0 } });
  const runs: ReplicaStormRun[] = [];
  try {
    for (const mode of ['shared', 'per process'] as const)
      runs.push(await stormOnce(world, limiter, redis, direct, mode, log));
  } finally {
    await redis.quit();
    await limiter.stop();
  }
  return {
    replicas: REPLICAS,
    jobs: JOBS,
    services: SERVICES,
    waves: WAVES,
    ratePerS: RATE_PER_S,
    burst: BURST,
    intervalMs: INTERVAL_MS,
    runs,
  };
}

async function stormOnce(
  world: World,
  limiter: Awaited<ReturnType<typeof startSlackLimiter>>,
  redis: Redis,
  direct: WebClient,
  mode: ReplicaStormRun['mode'],
  log: (line: string) => void,
): Promise<ReplicaStormRun> {
  const tag = mode === 'shared' ? 'sh' : 'pp';
  const keyPrefix = `bench-replicas-${tag}`;
  const keys = keySpace(keyPrefix);
  const channel = `C0REPLICAS${tag.toUpperCase()}`;
  const jobStore = createTrackedJobStore(redis, keys);
  const serviceStore = createTrackedServiceStore(redis, keys);
  const { dlc } = world.pai;

  // Services first (they need simulated minutes to come up), then jobs, each tracked with a card in the channel.
  const serviceNames = Array.from({ length: SERVICES }, (_, i) => `replica_${tag}_svc_${i}`);
  for (const name of serviceNames) world.sim.addService({ name, workspaceId: DEV.id, instances: 2 });
  world.clock.advance(10 * 60_000);
  // As the bot's own EAS client reads them, so the tracked records hold what the watcher would have seen.
  const listed = await listServices(world.pai.eas, DEV.id, new Set(serviceNames), () => undefined);
  for (const name of serviceNames) {
    const s = listed.get(name);
    if (!s) throw new Error(`service ${name} not listed by the simulator`);
    const base = {
      service: name,
      workspace: { name: DEV.name, id: DEV.id },
      channelId: channel,
      requester: 'U0ALICE',
      image: 'img:1',
      last: snapshotOf(s),
      readyTimes: [],
      rev: 0,
    };
    const card = renderServiceCard(base, world.clock.now());
    const posted = await direct.chat.postMessage({ channel, text: card.text, blocks: card.blocks ?? [] });
    await serviceStore.save({ ...base, cardTs: String(posted.ts) });
  }
  const jobs: TrackedJob[] = [];
  for (let i = 0; i < JOBS; i++) {
    const name = `replica-${tag}-job-${i}`;
    world.sim.planJobNamed(name, {
      creatingMs: 0,
      queuingMs: PHASE_MS,
      envPreparingMs: PHASE_MS,
      runningMs: PHASE_MS,
      outcome: 'Succeeded',
    });
    const { JobId } = await dlc.createJob({
      DisplayName: name,
      JobType: 'PyTorchJob',
      WorkspaceId: DEV.id,
      UserCommand: 'python train.py',
      JobSpecs: [{ Type: 'Worker', Image: 'pytorch:2.1', PodCount: 1, EcsSpec: 'ecs.gn7i-c8g1.2xlarge' }],
    });
    const job = await dlc.getJob(JobId);
    const base: TrackedJob = {
      jobId: JobId,
      name,
      workspace: { name: DEV.name, id: DEV.id },
      channelId: channel,
      requester: 'U0ALICE',
      status: job.Status,
      jobType: 'PyTorchJob',
      workers: 1,
      image: 'pytorch:2.1',
      submittedAt: world.clock.now(),
      misses: 0,
      rev: 0,
    };
    const card = renderJobCard(cardView(base));
    const posted = await direct.chat.postMessage({ channel, text: card.text, blocks: card.blocks ?? [] });
    const tracked = { ...base, cardTs: String(posted.ts) };
    await jobStore.update(JobId, () => tracked);
    jobs.push(tracked);
  }

  const env = { SLACK_API_URL: limiter.url, ...(mode === 'per process' ? { BENCH_SLACK_PACING: 'process' } : {}) };
  const bots = await Promise.all(
    Array.from({ length: REPLICAS }, () =>
      startBotProcess(world, { keyPrefix, role: 'worker', direct: true, slackIntervalMs: INTERVAL_MS, env }),
    ),
  );
  try {
    await Promise.all(bots.map((b) => b.call('advance', { ms: world.clock.offsetMs })));
    const from = limiter.calls.length;
    const polls: Promise<unknown>[] = [];
    const start = Date.now();
    for (let wave = 1; wave <= WAVES; wave++) {
      // Every job moves to its next phase at once; with the first wave every service is scaled up.
      const step = PHASE_MS + 1_000;
      world.clock.advance(step);
      await Promise.all(bots.map((b) => b.call('advance', { ms: step })));
      if (wave === 1) for (const name of serviceNames) world.sim.autoscale(name, 4, { coldStartMs: 4 * PHASE_MS });
      const bot = bots[(wave - 1) % REPLICAS]!;
      // As the poll loop runs them (src/bot.ts pollAll): the services once the jobs' cycle has handed over its output.
      polls.push(bot.call('pollNow').then(() => bot.call('pollServicesNow')));
      if (wave < WAVES) await sleep(WAVE_GAP_MS);
    }
    await Promise.all(polls);
    const calls = limiter.calls.slice(from).filter((c) => c.channel === channel);
    const ok = calls.filter((c) => !c.limited);
    const last = Math.max(start, ...ok.map((c) => c.at));
    const cardText = (ts: string | undefined) => world.slack.messages(channel).find((m) => m.ts === ts)?.text ?? '';
    const stale = [
      ...jobs.filter((j) => !/Succeeded$/.test(cardText(j.cardTs))).map((j) => j.cardTs),
      ...(await serviceStore.all())
        .filter(
          (s) =>
            s.last.total !== 4 ||
            !cardText(s.cardTs).endsWith(`: ${s.last.status} (${s.last.running}/${s.last.total} running)`),
        )
        .map((s) => s.cardTs),
    ];
    for (const ts of stale.slice(0, 3)) log(`    a card left showing an older state: "${cardText(ts)}"`);
    const run: ReplicaStormRun = {
      mode,
      sent: ok.length,
      calls: calls.length,
      received429: calls.length - ok.length,
      effectiveRate: ok.length > 1 ? (ok.length - 1) / ((ok.at(-1)!.at - ok[0]!.at) / 1000) : 0,
      busiestSecond: busiestSecond(ok),
      drainMs: last - start,
      floorMs: (Math.max(0, ok.length - BURST) / RATE_PER_S) * 1000,
      allFinalShown: stale.length === 0,
      staleCards: stale.length,
    };
    log(
      `  ${mode.padEnd(11)}: ${run.sent} messages in ${run.calls} calls, ${run.received429} × 429, ${run.effectiveRate.toFixed(2)} msg/s (busiest second ${run.busiestSecond}; the channel takes ${RATE_PER_S}/s, burst ${BURST}), drained in ${(run.drainMs / 1000).toFixed(1)} s (floor ${(run.floorMs / 1000).toFixed(1)} s), final states shown: ${run.allFinalShown ? 'yes' : `NO (${run.staleCards} cards show an older state)`}`,
    );
    return run;
  } finally {
    await Promise.all(bots.map((b) => b.stop()));
  }
}

function busiestSecond(calls: readonly LimitedCall[]): number {
  const times = calls.map((c) => c.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, lo = 0; i < times.length; i++) {
    while (times[i]! - times[lo]! >= 1000) lo++;
    most = Math.max(most, i - lo + 1);
  }
  return most;
}
