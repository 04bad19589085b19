// Scenario 3: watching 10,000 tracked DLC jobs and 500 EAS services over 20 workspaces.
//
// Seeding is honest end to end where it matters: every job and service exists in the PAI simulator, created
// through its HTTP API by a signed client (the bot's own PAI clients, from the bench process); every tracked
// record is written with the bot's own store code (createTrackedJobStore / createTrackedServiceStore) into the
// Redis the bot reads, with the status the simulator shows at that moment; every one has a real status card in
// the fake Slack (posted straight to it, not through the bot, so seeding does not wait on pacing). Then the bot
// (its own process) runs poll cycles on request, each measured inside that process (wall time, CPU time, RSS).
// Finally the clock moves 10 minutes, so 40 jobs (2 per workspace: one succeeds, one fails) end, and one cycle
// announces them: time from the cycle's start to the fake Slack receiving each card update.

import { WebClient } from '@slack/web-api';
import { Redis } from 'ioredis';
import type { Job } from '../src/pai/dlc-types.js';
import { snapshotOf } from '../src/actions/inference/service-snapshot.js';
import { keySpace } from '../src/redis/redis.js';
import type { JobPlan } from '@pai-bot/pai-sim/index.js';
import { renderJobCard } from '../src/render/job-card.js';
import { renderServiceCard } from '../src/render/service-card.js';
import { cardView, type PollReport } from '../src/actions/watchers/poll-dlc-jobs.js';
import type { EasPollReport } from '../src/actions/watchers/poll-eas-services.js';
import { createTrackedJobStore, type TrackedJob } from '../src/actions/watchers/tracked-jobs.js';
import { createTrackedServiceStore, type TrackedService } from '../src/actions/watchers/tracked-services.js';
import type { CycleMeasure } from './bot-process.js';
import { mapLimit, median, prng, summarize, type Summary } from './stats.js';
import { BOT_TOKEN, startBotProcess, WATCH_WORKSPACES, type World } from './world.js';

export const JOBS = 10_000;
export const SERVICES = 500;
const _CHANGERS_PER_WORKSPACE = 2;
const STEADY_CYCLES = 3;
const HOUR = 3_600_000;
const CHANGE_AFTER_MS = 10 * 60_000;

export interface CycleRow {
  kind: 'DLC' | 'EAS';
  label: string;
  tracked: number;
  /** PAI calls the simulator received during the cycle, by action. */
  paiCalls: Record<string, number>;
  paiCallsTotal: number;
  wallMs: number;
  cpuMs: number;
  rssBefore: number;
  rssPeak: number;
}

export interface WatchResult {
  jobs: number;
  services: number;
  workspaces: number;
  seedMs: number;
  rssIdle: number;
  cycles: CycleRow[];
  /** Steady DLC cycles: medians. */
  dlcSteady: { paiCalls: number; perWorkspace: number; wallMs: number; cpuMs: number; rssPeak: number };
  easSteady: { paiCalls: number; perWorkspace: number; wallMs: number; cpuMs: number; rssPeak: number };
  changes: number;
  /** Cycle start → card update received by the fake Slack, per changed job. */
  toCard: Summary;
  /** Cycle start → the thread reply (the last message of a transition) received. */
  toReply: Summary;
  changeCycleMs: number;
  transitionsAnnounced: number;
}

function jobPlan(kind: 'queuing' | 'running' | 'succeeds' | 'fails'): Partial<JobPlan> {
  const zero = { creatingMs: 0, queuingMs: 0, envPreparingMs: 0 };
  switch (kind) {
    case 'queuing':
      return { ...zero, queuingMs: 48 * HOUR, runningMs: 48 * HOUR };
    case 'running':
      return { ...zero, runningMs: 48 * HOUR };
    case 'succeeds':
      return { ...zero, runningMs: CHANGE_AFTER_MS - 60_000, outcome: 'Succeeded' };
    case 'fails':
      return {
        ...zero,
        runningMs: CHANGE_AFTER_MS - 60_000,
        outcome: 'Failed',
        reasonCode: 'JobFailed',
        reasonMessage: 'Job failed: pod worker-0 exited with code 137.',
        logs: [
          'Traceback (most recent call last):',
          'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB',
        ],
      };
  }
}

export async function benchWatchScale(world: World, log: (line: string) => void): Promise<WatchResult> {
  const keyPrefix = 'bench-watch';
  const keys = keySpace(keyPrefix);
  const redis = new Redis(world.redis.url, { maxRetriesPerRequest: null });
  const jobStore = createTrackedJobStore(redis, keys);
  const serviceStore = createTrackedServiceStore(redis, keys);
  const direct = new WebClient(BOT_TOKEN, { slackApiUrl: world.slack.url, retryConfig: { retries: 0 } });
  const { dlc, eas } = world.pai;
  const random = prng(20261128);
  const seedStart = performance.now();

  // Jobs: 500 per workspace; 20 % queuing for days, the rest running for days, 2 per workspace end after ~9 min.
  const plans = new Map<string, 'queuing' | 'running' | 'succeeds' | 'fails'>();
  const jobSpecs = WATCH_WORKSPACES.flatMap((ws) =>
    Array.from({ length: JOBS / WATCH_WORKSPACES.length }, (_, j) => {
      const name = `${ws.name}-train-${String(j).padStart(3, '0')}`;
      const kind = j === 0 ? 'succeeds' : j === 1 ? 'fails' : random() < 0.2 ? 'queuing' : 'running';
      plans.set(name, kind);
      world.simFor(ws.id).planJobNamed(name, jobPlan(kind));
      return { ws, name };
    }),
  );
  const created = await mapLimit(jobSpecs, 16, async ({ ws, name }) => {
    const { JobId } = await dlc.createJob({
      DisplayName: name,
      JobType: 'PyTorchJob',
      WorkspaceId: ws.id,
      UserCommand: 'python train.py',
      JobSpecs: [{ Type: 'Worker', Image: 'pytorch:2.1', PodCount: 2, EcsSpec: 'ecs.gn7i-c8g1.2xlarge' }],
    });
    return { ws, name, jobId: JobId };
  });
  log(`  seeded ${created.length} DLC jobs in the simulator (${Math.round(performance.now() - seedStart)} ms)`);

  // Services: 25 per workspace, deployed and running.
  const serviceSpecs = WATCH_WORKSPACES.flatMap((ws) =>
    Array.from({ length: SERVICES / WATCH_WORKSPACES.length }, (_, k) => ({
      ws,
      name: `svc_${ws.name}_${String(k).padStart(2, '0')}`,
    })),
  );
  await mapLimit(serviceSpecs, 16, ({ ws, name }) =>
    eas.createService(
      {
        metadata: { name, instance: 2, workspace_id: ws.id },
        cloud: { computing: { instances: [{ type: 'ecs.c7.xlarge' }] } },
        containers: [{ image: 'eas-registry/llm-serve:1.4', port: 8000 }],
      },
      { workspaceId: ws.id },
    ),
  );
  world.clock.advance(60_000); // past creation and the first cold start: every service is Running
  log(`  seeded ${serviceSpecs.length} EAS services (${Math.round(performance.now() - seedStart)} ms)`);

  // What the simulator shows now is what the bot last saw.
  const simJobs = new Map<string, Job & { createdAt: number }>(
    [world.sim, ...world.shards.values()].flatMap((s) => s.jobs()).map((j) => [j.JobId, j]),
  );
  const trackedJobs: TrackedJob[] = [];
  await mapLimit(created, 32, async ({ ws, name, jobId }) => {
    const sim = simJobs.get(jobId)!;
    const base: TrackedJob = {
      jobId,
      name,
      workspace: { name: ws.name, id: ws.id },
      channelId: ws.channel,
      requester: 'U0ALICE',
      status: sim.Status,
      jobType: 'PyTorchJob',
      workers: 2,
      instance: 'ecs.gn7i-c8g1.2xlarge',
      image: 'pytorch:2.1',
      submittedAt: sim.createdAt,
      misses: 0,
      rev: 0,
    };
    const card = renderJobCard(cardView(base));
    const posted = await direct.chat.postMessage({ channel: ws.channel, text: card.text, blocks: card.blocks ?? [] });
    const tracked = { ...base, cardTs: String(posted.ts) };
    await jobStore.update(jobId, () => tracked);
    trackedJobs.push(tracked);
  });
  const trackedServices: TrackedService[] = [];
  for (const ws of WATCH_WORKSPACES) {
    const listed = await eas.listServices({ WorkspaceId: ws.id, PageNumber: 1, PageSize: 100 });
    await mapLimit(listed.Services, 16, async (s) => {
      const base: TrackedService = {
        service: s.ServiceName,
        workspace: { name: ws.name, id: ws.id },
        channelId: ws.channel,
        requester: 'U0ALICE',
        image: 'eas-registry/llm-serve:1.4',
        last: snapshotOf(s),
        readyTimes: [],
        rev: 0,
      };
      const card = renderServiceCard(base, world.clock.now());
      const posted = await direct.chat.postMessage({ channel: ws.channel, text: card.text, blocks: card.blocks ?? [] });
      const saved = await serviceStore.save({ ...base, cardTs: String(posted.ts) });
      if (saved) trackedServices.push(saved);
    });
  }
  const seedMs = performance.now() - seedStart;
  log(
    `  tracked ${await jobStore.count()} jobs and ${await serviceStore.count()} services with cards (seeding took ${Math.round(seedMs / 1000)} s)`,
  );

  // poll cycles on request, in this process's own thread
  const bot = await startBotProcess(world, { keyPrefix, role: 'worker' });
  const cycles: CycleRow[] = [];
  try {
    await bot.call('advance', { ms: world.clock.offsetMs }); // the bot's clock in step with the simulator's
    const rssIdle = ((await bot.call<{ rss: number }>('usage')) ?? { rss: 0 }).rss;
    const cycle = async <R extends PollReport | EasPollReport>(kind: 'DLC' | 'EAS', label: string) => {
      const from = world.router.calls.length;
      const m = await bot.call<CycleMeasure<R>>(kind === 'DLC' ? 'pollNow' : 'pollServicesNow');
      const paiCalls: Record<string, number> = {};
      for (const c of world.router.calls.slice(from)) paiCalls[c.action] = (paiCalls[c.action] ?? 0) + 1;
      const row: CycleRow = {
        kind,
        label,
        tracked: m.report.tracked,
        paiCalls,
        paiCallsTotal: Object.values(paiCalls).reduce((a, b) => a + b, 0),
        wallMs: m.wallMs,
        cpuMs: m.cpuUserMs + m.cpuSystemMs,
        rssBefore: m.rssBefore,
        rssPeak: m.rssPeak,
      };
      cycles.push(row);
      log(
        `  ${kind} cycle (${label}): ${row.tracked} tracked, ${row.paiCallsTotal} PAI calls ${JSON.stringify(paiCalls)}, ${Math.round(row.wallMs)} ms wall, ${Math.round(row.cpuMs)} ms CPU, RSS peak ${Math.round(row.rssPeak / 2 ** 20)} MiB`,
      );
      return { row, m };
    };
    for (let i = 1; i <= STEADY_CYCLES; i++) {
      await cycle<PollReport>('DLC', `steady ${i}`);
      await cycle<EasPollReport>('EAS', `steady ${i}`);
    }

    // Ten minutes later: 40 jobs have ended (20 succeeded, 20 failed with an out-of-memory log).
    world.clock.advance(CHANGE_AFTER_MS);
    await bot.call('advance', { ms: CHANGE_AFTER_MS });
    const changers = trackedJobs.filter((j) => plans.get(j.name) === 'succeeds' || plans.get(j.name) === 'fails');
    const cardOf = new Map(changers.map((j) => [j.cardTs!, j]));
    const slackFrom = world.slack.calls.length;
    const { m } = await cycle<PollReport>('DLC', `${changers.length} jobs end`);
    const after = world.slack.calls.slice(slackFrom).filter((c) => c.ok);
    const toCard = after
      .filter((c) => c.method === 'chat.update' && cardOf.has(String(c.args.ts)))
      .map((c) => c.at - m.startedAt);
    const toReply = after
      .filter((c) => c.method === 'chat.postMessage' && cardOf.has(String(c.args.thread_ts)))
      .map((c) => c.at - m.startedAt);
    await cycle<EasPollReport>('EAS', 'after the jump');

    const steady = (kind: 'DLC' | 'EAS') => {
      const rows = cycles.filter((c) => c.kind === kind && c.label.startsWith('steady'));
      const calls = median(rows.map((r) => r.paiCallsTotal));
      return {
        paiCalls: calls,
        perWorkspace: calls / WATCH_WORKSPACES.length,
        wallMs: median(rows.map((r) => r.wallMs)),
        cpuMs: median(rows.map((r) => r.cpuMs)),
        rssPeak: Math.max(...rows.map((r) => r.rssPeak)),
      };
    };
    return {
      jobs: trackedJobs.length,
      services: trackedServices.length,
      workspaces: WATCH_WORKSPACES.length,
      seedMs,
      rssIdle,
      cycles,
      dlcSteady: steady('DLC'),
      easSteady: steady('EAS'),
      changes: changers.length,
      toCard: summarize(toCard),
      toReply: summarize(toReply),
      changeCycleMs: m.wallMs,
      transitionsAnnounced: m.report.transitions,
    };
  } finally {
    await bot.stop();
    await redis.quit();
  }
}
