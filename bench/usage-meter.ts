// What a measured process (the bot, the bare Bolt app) reports over IPC around a load run: CPU time (all
// threads), wall time and its event-loop delay since the last mark, and RSS.

import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface Usage {
  cpuMs: number;
  wallMs: number;
  /** Event-loop delay percentiles of this (the main) thread, ms. */
  eldP50Ms: number;
  eldP99Ms: number;
  eldMaxMs: number;
  rss: number;
}

/** The IPC handlers `mark` (start a window) and `usage` (read it). */
export function usageMeter(): { mark(): boolean; usage(): Usage } {
  const eld = monitorEventLoopDelay({ resolution: 5 });
  eld.enable();
  let cpuMark = process.cpuUsage();
  let wallMark = performance.now();
  return {
    mark: () => {
      cpuMark = process.cpuUsage();
      wallMark = performance.now();
      eld.reset();
      return true;
    },
    usage: () => {
      const cpu = process.cpuUsage(cpuMark);
      return {
        cpuMs: (cpu.user + cpu.system) / 1000,
        wallMs: performance.now() - wallMark,
        eldP50Ms: eld.percentile(50) / 1e6,
        eldP99Ms: eld.percentile(99) / 1e6,
        eldMaxMs: eld.max / 1e6,
        rss: process.memoryUsage.rss(),
      };
    },
  };
}
