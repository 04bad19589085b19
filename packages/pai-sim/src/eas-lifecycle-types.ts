// The types of an EAS service's simulated lifecycle: what goes in (creation, plan, operations), what comes out (the
// service and its instances at an instant), and the fold's own state, shared by eas-lifecycle.ts and eas-instances.ts.

import type { EasServiceStatus as ServiceStatus } from './wire/eas.js';
import type { FailureDetails, ServicePlan } from './eas-plan.js';

export type ServiceOp =
  /** ScaleService, an UpdateService that only changes metadata.instance, or an autoscaler clamping the count. */
  | { kind: 'scale'; at: number; instances: number; coldStartMs: number }
  /** An UpdateService that changes anything else: a rolling update to a new replica set. */
  | { kind: 'update'; at: number; instances: number; coldStartMs: number; image: string; version: number }
  | { kind: 'start'; at: number; coldStartMs: number }
  | { kind: 'restart'; at: number; coldStartMs: number }
  | { kind: 'stop'; at: number }
  | { kind: 'delete'; at: number }
  /** An event that changes nothing else (autoscaler and traffic changes). */
  | { kind: 'note'; at: number; reason: string; message: string };

export interface LifecycleInput {
  name: string;
  serviceId: string;
  createdAt: number;
  plan: ServicePlan;
  /** metadata.instance at creation. */
  instances: number;
  /** Cold start of the first episode (the plan's, or a holdColdStart). */
  coldStartMs: number;
  /** containers[0].image at creation. */
  image: string;
  /** In time order. Operations later than `now` are ignored. */
  ops: readonly ServiceOp[];
}

export type NotReadyStatus = Extract<ServiceStatus, 'Waiting' | 'Scaling' | 'Updating' | 'Starting'>;

export interface TimedEvent {
  at: number;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  resource: 'Service' | 'Pod';
  /** For Pod events. */
  instance?: string;
}

export type InstancePhase = 'Pending' | 'Running' | 'Failed' | 'Terminating';

export interface InstanceState {
  name: string;
  serial: number;
  generation: number;
  /** Belongs to the newest replica set. */
  latest: boolean;
  status: InstancePhase;
  reason: string;
  ready: boolean;
  restartCount: number;
  createdAt: number;
  /** When it became (or will become) ready; for a failing instance, when it fails. */
  readyAt: number;
  innerIp: string;
  hostIp: string;
}

export interface ServiceState {
  status: ServiceStatus;
  reason: string;
  message: string;
  runningInstance: number;
  pendingInstance: number;
  totalInstance: number;
  /** The desired instance count (kept while Stopped, used by the next start). */
  targetInstances: number;
  image: string;
  instances: InstanceState[];
  /** Every event up to now, oldest first. */
  events: TimedEvent[];
  /** Set when the service is Failed. */
  failure?: FailureDetails;
  /** Deleted and past its Deleting phase: the API answers 404. */
  gone: boolean;
}

/** The fold's own state (eas-lifecycle.ts, eas-instances.ts); not part of the simulator's interface. */
export type Phase = 'creating' | 'active' | 'stopping' | 'stopped' | 'deleting' | 'gone';

export interface Slot {
  name: string;
  serial: number;
  generation: number;
  image: string;
  createdAt: number;
  midAt: number;
  readyAt: number;
  failing: boolean;
  midDone: boolean;
  readyDone: boolean;
  terminating: boolean;
  /** Scheduled removal: the old replica set of a rolling update, or the end of Stopping/Deleting. */
  endAt?: number;
}

export interface Fold {
  input: LifecycleInput;
  phase: Phase;
  phaseEnd: number;
  target: number;
  generation: number;
  image: string;
  label: NotReadyStatus;
  /** New instances fail at the end of their cold start until a rollout (UpdateService) replaces the config. */
  failing: boolean;
  failedEmitted: boolean;
  slots: Slot[];
  serial: number;
  events: TimedEvent[];
  ready: boolean;
  planWarningsAt?: number;
  scaledDown: Set<number>;
  rsNames: Map<number, string>;
}
