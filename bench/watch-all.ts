// Scenario 6: `watch: all` at scale. The 20 workspaces of scenario 3 (its 10,000 jobs and 500 services still at
// the simulator) are watched whole by a second bot with `watch: all`: nothing of theirs was launched by it. For
// one simulated hour, in 30-second poll cycles, jobs are created outside the bot at 10,000 per workspace and
// day, about 100 of them fail (half on an OSS 403), and the autoscaler scales up 20 services whose new replicas
// stay Pending past cold_start_after. Halfway, the bot process is stopped, jobs fail while it is down, and a new
// process takes over. Half the workspaces have a notebook left idle (and two busy ones), the other half only busy
// ones, so the idle digest's ListInstances is counted too. Measured: PAI calls per workspace and cycle (DSW included), the simulated time from a failure (or a cold
// start crossing its threshold) to its alert, the bot's CPU and RSS per cycle, and whether every failure and
// cold start alerted exactly once across the restart.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobPlan } from '@pai-bot/pai-sim/index.js';
import { JOB_FAILURE_SCENARIOS } from '@pai-bot/pai-sim/failure-scenarios.js';
import type { PollReport } from '../src/actions/watchers/poll-dlc-jobs.js';
import type { EasPollReport } from '../src/actions/watchers/poll-eas-services.js';
import type { CycleMeasure } from './bot-process.js';
import { forkTs, type ChildHandle } from './ipc.js';
import { median, prng, summarize, type Summary } from './stats.js';
import { benchYaml, WATCH_WORKSPACES, type BotInfo, type World } from './world.js';

const CYCLE_MS = 30_000;
const CYCLES = 120; // one simulated hour
const RESTART_AT = 60;
const JOBS_PER_WORKSPACE_PER_DAY = 10_000;
const FAILURES_PER_HOUR = 100;
const COLD_STARTS_PER_HOUR = 20;
const COLD_START_AFTER_MS = 5 * 60_000;
const COLD_START_MS = 7 * 60_000;

export interface WatchAllResult {
  workspaces: number;
  cycles: number;
  jobsCreated: number;
  failures: number;
  coldStarts: number;
  /** Failures (and cold starts) with exactly one alert; duplicates; none. */
  failureAlerts: { once: number; twice: number; missed: number };
  coldStartAlerts: { once: number; twice: number; missed: number };
  paiCallsPerWorkspace: { p50: number; max: number };
  /** Of those, the idle digest's ListInstances (none for a workspace whose digest went out). */
  dswCallsPerWorkspace: { p50: number; max: number };
  /** Idle digests: one per workspace with an idle notebook, across the restart (digest_every is a day). */
  digests: { expected: number; posted: number };
  /** Simulated time from the failure at PAI (GmtFinishTime) to the cycle that posted its alert. */
  toFailureAlert: Summary;
  /** Simulated time from a cold start crossing cold_start_after to the cycle that posted its alert. */
  toColdStartAlert: Summary;
  cpuMsPerCycle: { p50: number; max: number };
  rssPeak: number;
  restartDownFailures: number;
}

function watchAllYaml(): string {
  // Scenario 3's config with every watching workspace watched whole, and a dev budget that does not get in the way.
  return benchYaml()
    .replace(/(  - name: ws\d\d\n    id: "\d+"\n    env: dev\n    channels: \[[^\]]*\])/g, '$1\n    watch: all')
    .replace(
      '  mention: [S0ONCALL]\n',
      `  mention: [S0ONCALL]\n  cold_start_after: ${COLD_START_AFTER_MS / 60_000}m\n  dev_max_per_hour: 1000\n`,
    );
}

const failingPlan = (oss: boolean): Partial<JobPlan> => ({
  ...(oss ? JOB_FAILURE_SCENARIOS.oss_permission : JOB_FAILURE_SCENARIOS.out_of_memory),
  creatingMs: 0,
  queuingMs: 0,
  envPreparingMs: 0,
  runningMs: 10_000,
});
const longPlan: Partial<JobPlan> = { creatingMs: 0, queuingMs: 0, envPreparingMs: 0, runningMs: 48 * 3_600_000 };

export async function benchWatchAll(world: World, log: (line: string) => void): Promise<WatchAllResult> {
  const configPath = join(world.dir, 'watch-all.yaml');
  writeFileSync(configPath, watchAllYaml());
  const keyPrefix = 'watchall';
  const start = (): Promise<ChildHandle<BotInfo>> =>
    forkTs<BotInfo>(
      './bot-process.ts',
      {
        ...world.env,
        PAI_BOT_CONFIG: configPath,
        BENCH_KEY_PREFIX: keyPrefix,
        BENCH_LOG_FILE: join(world.dir, 'bot-watchall.log'),
        BENCH_ROLE: 'worker',
      },
      'bot (watch: all)',
    );
  const random = prng(2026);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const listed = () =>
    WATCH_WORKSPACES.flatMap((w) =>
      world
        .simFor(w.id)
        .services()
        .filter((s) => s.WorkspaceId === w.id)
        .map((s) => ({ ws: w, name: s.ServiceName })),
    );
  if (listed().length === 0) {
    // Run on its own (npx tsx bench/main.ts watchall): scenario 3's 500 services are not there, so create them.
    for (const w of WATCH_WORKSPACES)
      for (let i = 0; i < 25; i++) world.simFor(w.id).addService({ name: `svc_${w.name}_${i}`, workspaceId: w.id });
    world.clock.advance(30 * 60_000);
  }
  const services = listed();
  const failures: { jobId: string; ws: string }[] = [];
  const coldStarts: { name: string; crossesAt: number }[] = [];
  const failureAlertAt = new Map<string, number[]>();
  const coldAlertAt = new Map<string, number[]>();
  const calls: number[] = [];
  const dswCalls: number[] = [];
  const cpu: number[] = [];
  let rssPeak = 0;
  let jobsCreated = 0;
  let restartDownFailures = 0;
  let seenAlerts = 0;

  const createJobs = () => {
    for (const w of WATCH_WORKSPACES) {
      const n = JOBS_PER_WORKSPACE_PER_DAY * (CYCLE_MS / 86_400_000);
      const count = Math.floor(n) + (random() < n - Math.floor(n) ? 1 : 0);
      for (let i = 0; i < count; i++)
        world.simFor(w.id).addJob({
          displayName: `ext-${w.name}-${jobsCreated++}`,
          workspaceId: w.id,
          plan: longPlan,
          username: 'ci-runner',
        });
    }
  };
  const fail = (): void => {
    const w = pick(WATCH_WORKSPACES);
    const jobId = world.simFor(w.id).addJob({
      displayName: `ext-fail-${failures.length}`,
      workspaceId: w.id,
      plan: failingPlan(failures.length % 2 === 0),
      username: 'ci-runner',
    });
    failures.push({ jobId, ws: w.id });
  };
  const noteAlerts = (simNow: number) => {
    const posted = world.slack.messages('C0ONCALL').filter((m) => !m.thread_ts);
    for (const m of posted.slice(seenAlerts)) {
      for (const f of failures)
        if (m.text.includes(f.jobId) || JSON.stringify(m.blocks).includes(f.jobId))
          failureAlertAt.set(f.jobId, [...(failureAlertAt.get(f.jobId) ?? []), simNow]);
      const cold = /Cold start: (\S+)/.exec(m.text)?.[1];
      if (cold) coldAlertAt.set(cold, [...(coldAlertAt.get(cold) ?? []), simNow]);
    }
    seenAlerts = posted.length;
  };

  // Notebooks: even workspaces one left idle without a policy and two busy under one; odd ones two busy only.
  const idleWorkspaces = WATCH_WORKSPACES.filter((_, i) => i % 2 === 0);
  for (const [i, w] of WATCH_WORKSPACES.entries()) {
    const busy = { utilisation: { cpu: 80, gpu: 70 }, culler: { maxIdleTimeInMinutes: 120 } };
    for (let n = 0; n < 2; n++) world.simFor(w.id).addNotebook({ workspaceId: w.id, name: `busy-${n}`, ...busy });
    if (i % 2 === 0) world.simFor(w.id).addNotebook({ workspaceId: w.id, name: 'left-on', runningBeforeMs: 3_600_000 });
  }

  let bot = await start();
  const step = async (advance: boolean) => {
    if (advance) {
      world.clock.advance(CYCLE_MS);
      await bot.call('advance', { ms: CYCLE_MS });
    }
    const from = world.router.calls.length;
    const dlc = await bot.call<CycleMeasure<PollReport>>('pollNow');
    const eas = await bot.call<CycleMeasure<EasPollReport>>('pollServicesNow');
    await bot.call('pollNotebooksNow');
    const cycleCalls = world.router.calls.slice(from);
    calls.push(cycleCalls.length / WATCH_WORKSPACES.length);
    dswCalls.push(cycleCalls.filter((c) => c.action === 'ListInstances').length / WATCH_WORKSPACES.length);
    cpu.push(dlc.cpuUserMs + dlc.cpuSystemMs + eas.cpuUserMs + eas.cpuSystemMs);
    rssPeak = Math.max(rssPeak, dlc.rssPeak, eas.rssPeak);
    // Alerts go out through the paced output: give them a moment to arrive before counting.
    await new Promise((r) => setTimeout(r, 200));
    noteAlerts(world.clock.now());
  };
  try {
    await bot.call('advance', { ms: world.clock.offsetMs });
    await step(false); // the first look: what is there now is history
    for (let c = 1; c <= CYCLES; c++) {
      createJobs();
      if (random() < FAILURES_PER_HOUR / CYCLES) fail();
      if (c % (CYCLES / COLD_STARTS_PER_HOUR) === 0) {
        // A service not scaled before in this run: each cold start is then its own service's only one.
        const s = pick(services.filter((x) => !coldStarts.some((c) => c.name === x.name)));
        const current = world
          .simFor(s.ws.id)
          .services()
          .find((x) => x.ServiceName === s.name);
        if (
          current &&
          world.simFor(s.ws.id).autoscale(s.name, (current.TotalInstance ?? 1) + 2, { coldStartMs: COLD_START_MS })
        )
          coldStarts.push({ name: s.name, crossesAt: world.clock.now() + COLD_START_AFTER_MS });
      }
      if (c === RESTART_AT) {
        // The bot goes down; two jobs fail meanwhile; a new process takes over on the same Redis.
        await bot.call('stop').catch(() => undefined);
        fail();
        fail();
        restartDownFailures = 2;
        world.clock.advance(CYCLE_MS);
        bot = await start();
        await bot.call('advance', { ms: world.clock.offsetMs });
        await step(false);
        continue;
      }
      await step(true);
      if (c % 20 === 0)
        log(
          `  cycle ${c}/${CYCLES}: ${jobsCreated} jobs created, ${failures.length} failures, ${coldStarts.length} cold starts, ${seenAlerts} alerts so far`,
        );
    }
    // Let the last failures and cold starts come due.
    for (let c = 0; c < 16; c++) await step(true);
  } finally {
    await bot.call('stop').catch(() => undefined);
  }

  const tally = (keys: readonly string[], at: Map<string, number[]>) => ({
    once: keys.filter((k) => at.get(k)?.length === 1).length,
    twice: keys.filter((k) => (at.get(k)?.length ?? 0) > 1).length,
    missed: keys.filter((k) => !at.has(k)).length,
  });
  const finishOf = (f: { jobId: string; ws: string }) =>
    Date.parse(
      world
        .simFor(f.ws)
        .jobs()
        .find((j) => j.JobId === f.jobId)?.GmtFinishTime ?? '',
    );
  const toFailure = failures.flatMap((f) => {
    const at = failureAlertAt.get(f.jobId)?.[0];
    const end = finishOf(f);
    return at !== undefined && Number.isFinite(end) ? [at - end] : [];
  });
  const toCold = coldStarts.flatMap((s) => {
    const at = coldAlertAt.get(s.name)?.[0];
    return at !== undefined ? [at - s.crossesAt] : [];
  });
  return {
    workspaces: WATCH_WORKSPACES.length,
    cycles: calls.length,
    jobsCreated,
    failures: failures.length,
    coldStarts: coldStarts.length,
    failureAlerts: tally(
      failures.map((f) => f.jobId),
      failureAlertAt,
    ),
    coldStartAlerts: tally([...new Set(coldStarts.map((s) => s.name))], coldAlertAt),
    paiCallsPerWorkspace: { p50: median(calls), max: Math.max(...calls) },
    dswCallsPerWorkspace: { p50: median(dswCalls), max: Math.max(...dswCalls) },
    digests: {
      expected: idleWorkspaces.length,
      posted: WATCH_WORKSPACES.reduce(
        (n, w) => n + world.slack.messages(w.channel).filter((m) => m.text.startsWith('Idle notebooks in')).length,
        0,
      ),
    },
    toFailureAlert: summarize(toFailure),
    toColdStartAlert: summarize(toCold),
    cpuMsPerCycle: { p50: median(cpu), max: Math.max(...cpu) },
    rssPeak,
    restartDownFailures,
  };
}
