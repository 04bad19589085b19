// The simulator's only EAS state: accepted services, their plans and the operations applied to them. Everything
// time-dependent (status, instances, events) is derived from these on each read by eas-lifecycle.

import { createHash, randomBytes } from 'node:crypto';
import { serviceStateAt, type LifecycleInput, type ServiceOp, type ServiceState } from './eas-lifecycle.js';
import { resolveServicePlan, type ServicePlan, type SimAutoscaler } from './eas-plan.js';
import type { ServiceConfigObject } from './eas-validation.js';

export interface ServiceRecord {
  name: string;
  serviceId: string;
  region: string;
  /** Account UID of the creator, as it appears in endpoints. */
  uid: string;
  workspaceId?: string;
  createdAt: number;
  updatedAt: number;
  /** Creation order; breaks ties between services created at the same clock instant. */
  seq: number;
  plan: ServicePlan;
  /** The current config: CreateService's, merged with every UpdateService, with metadata.instance kept in step with scaling. */
  config: ServiceConfigObject;
  initialInstances: number;
  initialImage: string;
  firstColdStartMs: number;
  ops: ServiceOp[];
  version: number;
  weight: number;
  trafficState: string;
  labels: Record<string, string>;
  autoscaler?: SimAutoscaler;
  deleteRequestedAt?: number;
  accessToken: string;
}

export interface NewService {
  name: string;
  config: ServiceConfigObject;
  instances: number;
  image: string;
  region: string;
  uid: string;
  workspaceId?: string;
  labels: Record<string, string>;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `eas-m-` + 18 lower-case alphanumerics. */
export function newServiceId(): string {
  let suffix = '';
  for (const byte of randomBytes(18)) suffix += ALNUM[byte % ALNUM.length];
  return `eas-m-${suffix}`;
}

export function lifecycleInput(record: ServiceRecord): LifecycleInput {
  return {
    name: record.name,
    serviceId: record.serviceId,
    createdAt: record.createdAt,
    plan: record.plan,
    instances: record.initialInstances,
    coldStartMs: record.firstColdStartMs,
    image: record.initialImage,
    ops: record.ops,
  };
}

export function stateOf(record: ServiceRecord, now: number): ServiceState {
  return serviceStateAt(lifecycleInput(record), now);
}

export class ServiceStore {
  private records: ServiceRecord[] = [];
  private readonly nextPlans: Partial<ServicePlan>[] = [];
  private readonly namedPlans = new Map<string, Partial<ServicePlan>>();
  private readonly heldColdStarts = new Map<string, number>();
  private seq = 0;

  constructor(private readonly defaultPlan: Partial<ServicePlan> | undefined) {}

  /** Queued: each call shapes one future service, in creation order. */
  planNext(plan: Partial<ServicePlan>): void {
    this.nextPlans.push(plan);
  }

  /** Standing: every service created with this name (including re-creations) gets the plan. */
  planNamed(name: string, plan: Partial<ServicePlan>): void {
    this.namedPlans.set(name, { ...this.namedPlans.get(name), ...plan });
  }

  /** The next not-ready episode of the service called `name` (its first cold start if it does not exist yet) lasts `ms`. */
  holdColdStart(name: string, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`holdColdStart: ms must be a finite number >= 0, got ${ms}`);
    this.heldColdStarts.set(name, ms);
  }

  heldColdStart(name: string): number | undefined {
    return this.heldColdStarts.get(name);
  }

  /** The cold start of a new not-ready episode: a held one (consumed) or the plan's. */
  takeColdStart(name: string, plan: ServicePlan): number {
    const held = this.heldColdStarts.get(name);
    if (held === undefined) return plan.coldStartMs;
    this.heldColdStarts.delete(name);
    return held;
  }

  create(input: NewService, now: number): ServiceRecord {
    this.purgeGone(now);
    // Precedence: the default, then the plan for this name, then the one-shot "next service" plan.
    const plan = resolveServicePlan(this.defaultPlan, this.namedPlans.get(input.name), this.nextPlans.shift());
    const serviceId = newServiceId();
    const record: ServiceRecord = {
      name: input.name,
      serviceId,
      region: input.region,
      uid: input.uid,
      ...(input.workspaceId === undefined ? {} : { workspaceId: input.workspaceId }),
      createdAt: now,
      updatedAt: now,
      seq: this.seq++,
      plan,
      config: input.config,
      initialInstances: input.instances,
      initialImage: input.image,
      firstColdStartMs: this.takeColdStart(input.name, plan),
      ops: [],
      version: 1,
      weight: 100,
      trafficState: 'standalone',
      labels: input.labels,
      accessToken: createHash('sha256')
        .update(`${serviceId}/token`)
        .digest('base64')
        .replace(/[^A-Za-z0-9]/g, '')
        .slice(0, 40),
    };
    this.records.push(record);
    return record;
  }

  /** The live service with this name (Deleting included; gone after its Deleting phase). */
  get(name: string, now: number): ServiceRecord | undefined {
    const record = this.records.find((r) => r.name === name);
    if (!record) return undefined;
    if (record.deleteRequestedAt !== undefined && stateOf(record, now).gone) {
      this.records = this.records.filter((r) => r !== record);
      return undefined;
    }
    return record;
  }

  all(now: number): ServiceRecord[] {
    this.purgeGone(now);
    return [...this.records];
  }

  addOp(record: ServiceRecord, op: ServiceOp): void {
    record.ops.push(op);
    record.updatedAt = op.at;
    if (op.kind === 'delete' && record.deleteRequestedAt === undefined) record.deleteRequestedAt = op.at;
  }

  private purgeGone(now: number): void {
    this.records = this.records.filter((r) => r.deleteRequestedAt === undefined || !stateOf(r, now).gone);
  }
}
