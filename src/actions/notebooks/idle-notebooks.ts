// Which running notebooks belong in the idle digest: those idle at least `notebooks.idle_after`, and those with no
// idle-stop policy at all (nothing would ever stop them). Pure, so the rule is tested on its own.

import type { DswInstance } from '../../pai/dsw-types.js';
import { type CostEstimate, type PriceBook, runCost } from '../costs/price-book.js';

export interface IdleNotebook {
  instanceId: string;
  name: string;
  ecsSpec?: string;
  runningMs: number;
  /** Minutes idle so far, as PAI counts them; undefined without a policy (PAI counts nothing then). */
  idleMinutes?: number;
  /** Why it is listed. */
  reason: 'idle' | 'no-policy';
  /** What its running time cost so far, when its instance type has a price. */
  costSoFar?: CostEstimate;
}

export function idleNotebooks(
  instances: readonly DswInstance[],
  idleAfterMs: number,
  prices: PriceBook,
): IdleNotebook[] {
  const idle: IdleNotebook[] = [];
  for (const i of instances) {
    if (i.Status !== 'Running') continue;
    const culler = i.IdleInstanceCuller;
    const idleMinutes = culler?.IdleTimeInMinutes;
    const reason = culler === undefined ? 'no-policy' : (idleMinutes ?? 0) * 60_000 >= idleAfterMs ? 'idle' : undefined;
    if (!reason) continue;
    const runningMs = Math.max(0, i.AccumulatedRunningTimeInMs ?? 0);
    const price = i.EcsSpec ? prices.priceOf(i.EcsSpec) : undefined;
    idle.push({
      instanceId: i.InstanceId,
      name: i.InstanceName ?? i.InstanceId,
      ...(i.EcsSpec ? { ecsSpec: i.EcsSpec } : {}),
      runningMs,
      ...(idleMinutes !== undefined ? { idleMinutes } : {}),
      reason,
      ...(price ? { costSoFar: runCost(price, [runningMs]) } : {}),
    });
  }
  // The most expensive first: where stopping saves most; then the longest running.
  return idle.sort((a, b) => (b.costSoFar?.amount ?? -1) - (a.costSoFar?.amount ?? -1) || b.runningMs - a.runningMs);
}
