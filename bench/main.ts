// `npm run bench`: every scenario once, against the PAI simulator, the fake Slack and a private redis-server on
// this machine; prints a table and writes BENCHMARKS.md (keeping its hand-written sections, see keepHandWritten).
// Not part of `npm test`.
//
//   npx tsx bench/main.ts                  all seven scenarios, then BENCHMARKS.md
// npx tsx bench/main.ts ack storm        only these (ack, submit, watch, storm, gate, watchall, replicas); prints,
// writes nothing
//   BENCH_CPU_PROF=/tmp/prof npx tsx …     the bot processes and the bare app write V8 CPU profiles there
// BENCH_QUIET_WAIT_S=0                   do not wait for a busy machine to settle first (default: up to the spare time,
// 120 s)

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchAckLatency, type AckResult } from './ack-latency.js';
import { benchCommandToPai, type SubmitResult } from './command-to-pai.js';
import { benchGateProperty, GATE_HISTORIES, type GateResult } from './gate-property.js';
import { benchWatchAll, type WatchAllResult } from './watch-all.js';
import { benchReplicaStorm, type ReplicaStormResult } from './replica-storm.js';
import { forkTs } from './ipc.js';
import { cpuWindow, machineInfo, waitForQuiet, type CpuWindow } from './machine.js';
import { keepHandWritten, renderReport, summaryTable } from './report.js';
import { benchSlackStorm, type StormResult } from './slack-storm.js';
import { benchWatchScale, type WatchResult } from './watch-scale.js';
import { SPARE_TIME_MS, spareTime, type SparePurpose } from './spare-time.js';
import { startWorld } from './world.js';

const ALL = ['ack', 'submit', 'watch', 'storm', 'gate', 'watchall', 'replicas'] as const;
type Scenario = (typeof ALL)[number];
const picked = process.argv.slice(2).filter((a): a is Scenario => (ALL as readonly string[]).includes(a));
const unknown = process.argv.slice(2).filter((a) => !(ALL as readonly string[]).includes(a));
if (unknown.length) {
  process.stderr.write(`bench: unknown scenario(s) ${unknown.join(', ')}; choose from ${ALL.join(', ')}\n`);
  process.exit(2);
}
const run = new Set<Scenario>(picked.length ? picked : ALL);
const log = (line: string) => process.stdout.write(`${line}\n`);

export interface BenchResults {
  ack?: AckResult;
  submit?: SubmitResult;
  watch?: WatchResult;
  storm?: StormResult;
  gate?: GateResult;
  watchall?: WatchAllResult;
  replicas?: ReplicaStormResult;
  cpu: Partial<Record<Scenario, CpuWindow>>;
  /** Wall time of each scenario. */
  scenarioMs: Partial<Record<Scenario, number>>;
  /** What the quiet wait and the repeated chunks took of the spare time. */
  spareSpent: Record<SparePurpose, number>;
  durationMs: number;
  loadAtEnd: number[];
  quietWaitLoad: number;
}

const started = performance.now();
const spare = spareTime(SPARE_TIME_MS);
const quietWaitLoad = await waitForQuiet(
  1.5,
  Math.min(Number(process.env.BENCH_QUIET_WAIT_S ?? Infinity) * 1000, spare.left()),
  log,
);
spare.spend(performance.now() - started, 'quiet wait');
const machine = machineInfo();
log(
  `bench: ${machine.cpu} × ${machine.cores}, Node ${machine.node}, redis ${machine.redis}; load average ${machine.loadAtStart.map((l) => l.toFixed(2)).join(' ')}`,
);
const world = await startWorld();
const loadgen = await forkTs('./loadgen.ts', {}, 'load generator');
const results: BenchResults = {
  cpu: {},
  scenarioMs: {},
  spareSpent: spare.spent,
  durationMs: 0,
  loadAtEnd: [],
  quietWaitLoad,
};
let failed = false;
const step = async <T>(name: Scenario, title: string, fn: () => Promise<T>): Promise<T | undefined> => {
  if (!run.has(name)) return undefined;
  log(`\n[${name}] ${title}`);
  const window = cpuWindow();
  const t0 = performance.now();
  try {
    return await fn();
  } catch (err) {
    failed = true;
    log(`[${name}] FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return undefined;
  } finally {
    const w = window();
    results.cpu[name] = w;
    results.scenarioMs[name] = performance.now() - t0;
    log(
      `[${name}] ${Math.round((performance.now() - t0) / 1000)} s; machine ${Math.round(w.machineBusy * 100)} % busy, ${Math.round(w.foreign * 100)} % of it by other processes; ${Math.round(w.steal * 100)} % stolen by the hypervisor`,
    );
  }
};
try {
  results.ack = await step('ack', 'ack latency of /pai dlc status, 100 and 300 requests/s, vs a bare Bolt app', () =>
    benchAckLatency(world, loadgen, spare, log),
  );
  results.submit = await step('submit', '/pai dlc submit → CreateJob at the simulator, 50 submits/s', () =>
    benchCommandToPai(world, loadgen, log),
  );
  results.watch = await step('watch', 'watching 10,000 jobs and 500 services in 20 workspaces', () =>
    benchWatchScale(world, log),
  );
  results.storm = await step('storm', '1,000 state changes across 10 channels through the paced Slack output', () =>
    benchSlackStorm(world, log),
  );
  // After scenario 3, whose jobs and services it watches whole.
  results.watchall = await step(
    'watchall',
    '`watch: all` over the 20 workspaces of scenario 3: an hour of external jobs, failures and cold starts, with a restart',
    () => benchWatchAll(world, log),
  );
  results.replicas = await step(
    'replicas',
    'three worker processes, one channel, a storm: the pace shared through Redis, then per process',
    () => benchReplicaStorm(world, log),
  );
  results.gate = await step('gate', `the prod gate's property over ${GATE_HISTORIES} random histories`, () =>
    benchGateProperty(log),
  );
} finally {
  await loadgen.stop();
  await world.stop();
}
results.durationMs = performance.now() - started;
results.loadAtEnd = loadavg();

log(`\n${summaryTable(results)}\n`);
if (run.size === ALL.length && !failed) {
  const path = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  writeFileSync(path, keepHandWritten(previous, renderReport(machine, results)));
  log(`wrote ${path} (${Math.round(results.durationMs / 1000)} s in all)`);
} else {
  log(
    `BENCHMARKS.md not written (${failed ? 'a scenario failed' : 'only some scenarios ran'}); ${Math.round(results.durationMs / 1000)} s in all`,
  );
}
process.exit(failed ? 1 : 0);
