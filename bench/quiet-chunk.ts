// Scenario 1's answer to a shared host: a chunk measured while the hypervisor stole CPU, or other processes
// used it, says little about the apps, so it is run again while the budgets last.

import type { CpuWindow } from './machine.js';
import type { SpareTime } from './spare-time.js';
import { sleep } from './stats.js';

/** A chunk is run again (at most MAX_REPEATS times) when the hypervisor stole, or other processes used, more than this share of the CPU. */
export const MAX_STEAL = 0.03;
export const MAX_FOREIGN = 0.05;
export const MAX_REPEATS = 2;

/** How many chunks may still be run again: `used` grows with each repeat, up to `max`, while the run's spare time lasts. */
export interface RepeatBudget {
  used: number;
  max: number;
  time: SpareTime;
}

/**
 * Runs a chunk, and runs it again (at most MAX_REPEATS times, while `budget` lasts) when the hypervisor stole,
 * or other processes used, more of the CPU meanwhile than MAX_STEAL / MAX_FOREIGN. The last attempt is kept
 * whatever it saw. `settleMs` is the pause before each attempt.
 */
export async function quietChunk<T extends { cpu: CpuWindow }>(
  run: () => Promise<T>,
  budget: RepeatBudget,
  what: string,
  log: (line: string) => void,
  settleMs = 300,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const t0 = performance.now();
    await sleep(settleMs);
    const result = await run();
    const tookMs = performance.now() - t0;
    if (attempt > 0) budget.time.spend(tookMs, 'repeats');
    const noisy = result.cpu.steal > MAX_STEAL || result.cpu.foreign > MAX_FOREIGN;
    // A repeat takes about as long as the attempt it repeats.
    if (!noisy || attempt >= MAX_REPEATS || budget.used >= budget.max || budget.time.left() < tookMs) return result;
    budget.used++;
    log(
      `  (${what}: chunk again, ${Math.round(result.cpu.steal * 100)} % of the CPU was stolen by the hypervisor and ${Math.round(result.cpu.foreign * 100)} % used by other processes)`,
    );
  }
}
