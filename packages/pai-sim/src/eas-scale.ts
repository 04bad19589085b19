// Changing a service's instance count, shared by ScaleService, UpdateService, the autoscaler routes and
// PaiSimulator.autoscale (the autoscaler acting on its own), so every way of scaling starts instances alike.

import type { ServiceState } from './eas-lifecycle.js';
import type { ServiceRecord, ServiceStore } from './eas-store.js';

/** Statuses in which the service has no live instances to scale, restart or replace. */
export const INACTIVE: ReadonlySet<string> = new Set(['Creating', 'Stopping', 'Stopped', 'Deleting']);

/** Cold start for a new not-ready episode: a holdColdStart is consumed only when instances are really being started. */
export function coldStartFor(store: ServiceStore, record: ServiceRecord, startsInstances: boolean): number {
  return startsInstances ? store.takeColdStart(record.name, record.plan) : record.plan.coldStartMs;
}

/**
 * Makes `instances` the desired count from `now`. A scale-up of a live service starts new instances that stay Pending
 * for `coldStartMs` when given (a held cold start is then kept for a later episode), else for a held one or the plan's.
 */
export function scaleTo(
  store: ServiceStore,
  record: ServiceRecord,
  state: ServiceState,
  instances: number,
  now: number,
  coldStartMs?: number,
): void {
  const startsInstances = !INACTIVE.has(state.status) && instances > state.targetInstances;
  const coldStart =
    startsInstances && coldStartMs !== undefined ? coldStartMs : coldStartFor(store, record, startsInstances);
  // metadata.instance follows the count, as DescribeService's ServiceConfig shows it.
  record.config = { ...record.config, metadata: { ...record.config.metadata, instance: instances } };
  store.addOp(record, { kind: 'scale', at: now, instances, coldStartMs: coldStart });
}
