// What the machine is and how busy it was: versions for the report, and CPU time used by this bench's own
// process tree versus everything else on the machine (other work on a shared 2-core box skews latencies).

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';

export interface MachineInfo {
  date: string;
  cpu: string;
  cores: number;
  memGiB: number;
  os: string;
  kernel: string;
  node: string;
  redis: string;
  packages: Record<string, string>;
  commit: string;
  loadAtStart: number[];
}

function tryRun(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function pkgVersion(name: string): string {
  try {
    return (
      JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return 'unknown';
  }
}

export function machineInfo(): MachineInfo {
  let os = 'unknown';
  try {
    os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os;
  } catch {
    // not Linux
  }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memGiB: Math.round(totalmem() / 2 ** 30),
    os,
    kernel: release(),
    node: process.version,
    redis: /v=(\S+)/.exec(tryRun('redis-server', ['--version']))?.[1] ?? 'unknown',
    packages: Object.fromEntries(
      ['@slack/bolt', '@slack/web-api', 'bullmq', 'ioredis', 'pino', 'tsx', 'typescript'].map((p) => [
        p,
        pkgVersion(p),
      ]),
    ),
    commit: tryRun('git', ['rev-parse', '--short', 'HEAD']),
    loadAtStart: loadavg(),
  };
}

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** CPU ms spent by all processes on this machine, and ms stolen by the hypervisor (other VMs on the host). */
function machineMs(): { busy: number; steal: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  return { busy: (cpu[0]! + cpu[1]! + cpu[2]! + cpu[5]! + cpu[6]!) * TICK_MS, steal: (cpu[7] ?? 0) * TICK_MS };
}

/** CPU ms used so far by this process and its descendants (children we forked, redis-server), exited ones included. */
function treeCpuMs(): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      // utime + stime, plus cutime + cstime: the time of its children that have exited and been reaped.
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]));
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  for (const [pid, t] of ticks) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === process.pid) {
        total += t;
        break;
      }
    }
  }
  return total * TICK_MS;
}

export interface CpuWindow {
  /** Share of all cores busy during the window (0..1). */
  machineBusy: number;
  /** Share of all cores used by processes that are not this bench's (0..1). */
  foreign: number;
  /** Share of all cores the hypervisor gave to other virtual machines (steal time, 0..1). */
  steal: number;
}

export function cpuWindow(): () => CpuWindow {
  const t0 = performance.now();
  const m0 = machineMs();
  const o0 = treeCpuMs();
  return () => {
    const wall = (performance.now() - t0) * cpus().length;
    const m1 = machineMs();
    const machine = m1.busy - m0.busy;
    const own = treeCpuMs() - o0;
    return {
      machineBusy: machine / wall,
      foreign: Math.max(0, machine - own) / wall,
      steal: (m1.steal - m0.steal) / wall,
    };
  };
}

/**
 * Waits (bounded) for the machine to be quiet: the 1-minute load average below `below` and, over the last 5 s,
 * less than 3 % of the CPU stolen by the hypervisor. Resolves with the load average it ended with.
 */
export async function waitForQuiet(below: number, maxWaitMs: number, log: (line: string) => void): Promise<number> {
  const t0 = Date.now();
  let said = false;
  for (;;) {
    const window = cpuWindow();
    await new Promise((r) => setTimeout(r, 5_000));
    const { steal } = window();
    const load = loadavg()[0]!;
    if ((load < below && steal < 0.03) || Date.now() - t0 >= maxWaitMs) return load;
    if (!said)
      log(
        `machine busy (load average ${load.toFixed(2)}, ${Math.round(steal * 100)} % stolen by the hypervisor); waiting up to ${Math.round(maxWaitMs / 1000)} s for it to settle…`,
      );
    said = true;
  }
}
