// When a notebook counts as idle, for `/pai dsw list --idle` and the idle digest alike: Running, and either without an
// idle-stop policy (nothing will ever stop it) or idle at least `notebooks.idle_after` as its policy counts idle time.
// PAI reports idle time only under a policy (IdleInstanceCuller.IdleTimeInMinutes). Pure, so the rule is tested alone.

import { notebookUrl } from '../../render/console-links.js';
import type { DswIdleInstanceCuller, DswInstance } from '../../pai/dsw-types.js';
import { type CostEstimate, type PriceBook, runCost } from '../costs/price-book.js';

/** A policy that can stop the notebook: one with a positive MaxIdleTimeInMinutes. */
export function hasIdleStopPolicy(culler: DswIdleInstanceCuller | undefined): culler is DswIdleInstanceCuller {
  return (culler?.MaxIdleTimeInMinutes ?? 0) > 0;
}

export function isIdleNotebook(i: Pick<DswInstance, 'Status' | 'IdleInstanceCuller'>, idleAfterMs: number): boolean {
  if (i.Status !== 'Running') return false;
  if (!hasIdleStopPolicy(i.IdleInstanceCuller)) return true;
  return (i.IdleInstanceCuller.IdleTimeInMinutes ?? 0) * 60_000 >= idleAfterMs;
}

/** A notebook as the idle digest lists it. */
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
  /** The notebook's page (InstanceUrl), when PAI gives one the bot links (render/console-links.ts notebookUrl). */
  url?: string;
}

/** The idle notebooks of `instances`, the most expensive first (where stopping saves most), then the longest running. */
export function idleNotebooks(
  instances: readonly DswInstance[],
  idleAfterMs: number,
  prices: PriceBook,
): IdleNotebook[] {
  const idle: IdleNotebook[] = [];
  for (const i of instances) {
    if (!isIdleNotebook(i, idleAfterMs)) continue;
    const policy = hasIdleStopPolicy(i.IdleInstanceCuller) ? i.IdleInstanceCuller : undefined;
    const idleMinutes = policy?.IdleTimeInMinutes;
    const runningMs = Math.max(0, i.AccumulatedRunningTimeInMs ?? 0);
    const price = i.EcsSpec ? prices.priceOf(i.EcsSpec) : undefined;
    const url = notebookUrl(i.InstanceUrl);
    idle.push({
      instanceId: i.InstanceId,
      name: i.InstanceName ?? i.InstanceId,
      ...(i.EcsSpec ? { ecsSpec: i.EcsSpec } : {}),
      runningMs,
      ...(idleMinutes !== undefined ? { idleMinutes } : {}),
      reason: policy ? 'idle' : 'no-policy',
      ...(price ? { costSoFar: runCost(price, [runningMs]) } : {}),
      ...(url ? { url } : {}),
    });
  }
  return idle.sort((a, b) => (b.costSoFar?.amount ?? -1) - (a.costSoFar?.amount ?? -1) || b.runningMs - a.runningMs);
}
