// The pure half of `/pai cost`: what PAI listed (EAS services, DSW notebooks, finished DLC jobs) turned into items with
// their estimates, sorted largest first, and the totals per currency of the items that have a price. An item without
// one is kept, with the reason, and left out of every total: a total is the sum of figures, never of guesses.

import type { Job } from '../../pai/dlc-types.js';
import type { DswInstance } from '../../pai/dsw-types.js';
import type { Service } from '../../pai/eas-types.js';
import { jobCost } from './job-cost.js';
import { hourlyBurn, type CostEstimate, type PriceBook } from './price-book.js';
import { serviceInstanceType } from './service-instance-type.js';

export interface CostItem {
  name: string;
  /** The PAI id when it differs from the name (notebooks and jobs). */
  id?: string;
  /** What it is now: "2 replicas, Running", "Succeeded, 2 pods". */
  detail: string;
  /** Empty when there is no figure; then `unpriced` says why. */
  estimates: CostEstimate[];
  /** "no price for ecs.x", or "no estimate: <why>". */
  unpriced?: string;
  /** Estimated at the on-demand price (spot pods); the bid's cap when known. */
  spot?: { bidPercent?: number };
}

export interface Total {
  currency: string;
  amount: number;
}

/** One part of the report, or why it could not be read (the rest of the report still stands). */
export type CostPart = { items: CostItem[]; more?: string } | { error: string };

export interface CostReportView {
  workspace: string;
  sinceMs: number;
  services: CostPart;
  notebooks: CostPart;
  jobs: CostPart;
  /** Per hour: the running services and notebooks that have a price. */
  hourly: Total[];
  /** The jobs that ended in the window and have a price. */
  ended: Total[];
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
const amountOf = (i: CostItem) => i.estimates.reduce((sum, e) => sum + e.amount, 0);
const priced = (name: string, detail: string, estimates: CostEstimate[], extra: Partial<CostItem> = {}): CostItem => ({
  name,
  detail,
  estimates,
  ...extra,
});
const unpriced = (name: string, detail: string, why: string, extra: Partial<CostItem> = {}): CostItem => ({
  name,
  detail,
  estimates: [],
  unpriced: why,
  ...extra,
});

/** An EAS service with replicas: its replica count × the price of the instance type its config names, per hour. */
export function serviceItem(s: Service, book: PriceBook): CostItem {
  const replicas = s.TotalInstance ?? 0;
  const detail = `${plural(replicas, 'replica')}, ${s.Status}`;
  const type = serviceInstanceType(s);
  if (!('type' in type)) return unpriced(s.ServiceName, detail, `no estimate: ${type.unknown}`);
  const price = book.priceOf(type.type);
  return price
    ? priced(s.ServiceName, detail, [hourlyBurn(price, replicas)])
    : unpriced(s.ServiceName, detail, `no price for ${type.type}`);
}

/** A running DSW notebook: one instance of its ECS spec, per hour. */
export function notebookItem(n: DswInstance, book: PriceBook): CostItem {
  const name = n.InstanceName || n.InstanceId;
  const id = { id: n.InstanceId };
  const detail = n.Status;
  if (!n.EcsSpec) return unpriced(name, detail, 'no estimate: it names no ECS spec (a subscription resource?)', id);
  const price = book.priceOf(n.EcsSpec);
  return price
    ? priced(name, detail, [hourlyBurn(price, 1)], id)
    : unpriced(name, detail, `no price for ${n.EcsSpec}`, id);
}

/** A finished DLC job: its pods' running time at their prices; undefined when no pod ever ran (nothing to bill). */
export function jobItem(j: Job, book: PriceBook): CostItem | undefined {
  const cost = jobCost(j, book);
  const pods = j.Pods ? `, ${plural(j.Pods.length, 'pod')}` : '';
  const base = { id: j.JobId };
  if (!cost.priced) {
    const why = cost.instanceType ? `no price for ${cost.instanceType}` : `no estimate: ${cost.why}`;
    return unpriced(j.DisplayName, `${j.Status}${pods}`, why, base);
  }
  if (cost.estimates.length === 0) return undefined;
  return priced(j.DisplayName, `${j.Status}${pods}`, cost.estimates, {
    ...base,
    ...(cost.spot ? { spot: cost.spot } : {}),
  });
}

/** Largest first; the items without a figure after them, by name. */
export function largestFirst(items: readonly CostItem[]): CostItem[] {
  return [...items].sort(
    (a, b) =>
      Number(a.estimates.length === 0) - Number(b.estimates.length === 0) ||
      amountOf(b) - amountOf(a) ||
      a.name.localeCompare(b.name),
  );
}

/** The sum of every figure, per currency (a price book may mix the config's currency with a list price's). */
export function totalsOf(parts: readonly CostPart[]): Total[] {
  const sums = new Map<string, number>();
  for (const part of parts)
    if ('items' in part)
      for (const item of part.items)
        for (const e of item.estimates) sums.set(e.currency, (sums.get(e.currency) ?? 0) + e.amount);
  return [...sums].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => b.amount - a.amount);
}

export function costReportView(
  input: Pick<CostReportView, 'workspace' | 'sinceMs' | 'services' | 'notebooks' | 'jobs'>,
): CostReportView {
  const sorted = (p: CostPart): CostPart => ('items' in p ? { ...p, items: largestFirst(p.items) } : p);
  const services = sorted(input.services);
  const notebooks = sorted(input.notebooks);
  const jobs = sorted(input.jobs);
  return { ...input, services, notebooks, jobs, hourly: totalsOf([services, notebooks]), ended: totalsOf([jobs]) };
}
