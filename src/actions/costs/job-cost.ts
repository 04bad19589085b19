// What a finished DLC job cost: each pod's running time (GmtStartTime to GmtFinishTime, earlier runs of a restarted
// pod included) at the hourly price of its instance type, the type its JobSpec names. Pure. A job whose pods do not
// all have a price gets no figure at all (a part would read as the whole); the reason says which type lacks one.
// Read from GetJob or a ListJobs item; what the bot assumes of the pod times is in docs/pai-wire-notes.md (DLC).

import type { Job, Pod } from '../../pai/dlc-types.js';
import { runCost, type CostEstimate, type PriceBook } from './price-book.js';

export type JobCost =
  /** `estimates`: one per instance type, largest first; empty when no pod ever ran (nothing to bill). */
  | { priced: true; estimates: CostEstimate[]; spot?: { bidPercent?: number } }
  /** `instanceType` is set when the type is known and only its price is not. */
  | { priced: false; why: string; instanceType?: string };

/**
 * How long a pod ran, in ms: from GmtStartTime (it started running) to its GmtFinishTime, or the job's when the pod
 * has none of its own. A pod that never started ran 0.
 */
export function podRunningMs(pod: Pod, jobFinishedAt: number | undefined): number {
  const start = Date.parse(pod.GmtStartTime ?? '');
  if (!Number.isFinite(start)) return 0;
  const own = Date.parse(pod.GmtFinishTime ?? '');
  const end = Number.isFinite(own) ? own : jobFinishedAt;
  return end === undefined || !Number.isFinite(end) ? 0 : Math.max(0, end - start);
}

/** The instance type a pod runs on: its JobSpec's (matched by Type), or the only JobSpec's. */
function instanceTypeOf(job: Job, pod: Pod): string | undefined {
  const specs = job.JobSpecs ?? [];
  const spec = specs.find((s) => s.Type === pod.Type) ?? (specs.length === 1 ? specs[0] : undefined);
  return spec?.EcsSpec || undefined;
}

export function jobCost(job: Job, book: PriceBook): JobCost {
  if (!job.Pods) return { priced: false, why: 'PAI returned no pods for it' };
  const finishedAt = Date.parse(job.GmtFinishTime ?? '');
  const byType = new Map<string, number[]>();
  for (const pod of job.Pods) {
    for (const run of [pod, ...(pod.HistoryPods ?? [])]) {
      const ms = podRunningMs(run, Number.isFinite(finishedAt) ? finishedAt : undefined);
      if (ms === 0) continue;
      const type = instanceTypeOf(job, pod);
      if (!type) return { priced: false, why: 'its job specs name no instance type (a job on a resource quota?)' };
      byType.set(type, [...(byType.get(type) ?? []), ms]);
    }
  }
  const estimates: CostEstimate[] = [];
  for (const [type, runs] of byType) {
    const price = book.priceOf(type);
    if (!price) return { priced: false, why: `no price for ${type}`, instanceType: type };
    estimates.push(runCost(price, runs));
  }
  estimates.sort((a, b) => b.amount - a.amount);
  const spot = (job.JobSpecs ?? []).find((s) => s.SpotSpec)?.SpotSpec;
  const limit = spot?.SpotDiscountLimit;
  return {
    priced: true,
    estimates,
    ...(spot ? { spot: limit === undefined ? {} : { bidPercent: Math.round(limit * 100) } } : {}),
  };
}
