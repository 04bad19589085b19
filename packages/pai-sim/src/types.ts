// Public shapes of the PAI simulator: options, plans, recorded calls and the controller interface.

import type { Clock } from '@pai-bot/sim-kit/clock.js';
import type { DlcEcsSpec, DlcJob } from './wire/dlc.js';
import type { EasMachineSpec } from './wire/eas.js';
import type { ServicePlan, SimService } from './eas-plan.js';
import type { DswSimulatorControls } from './dsw-plan.js';
import type { WireModelVersion } from './wire/gallery.js';

/** Phase durations and ending of one simulated DLC job. */
export interface JobPlan {
  creatingMs: number;
  queuingMs: number;
  envPreparingMs: number;
  runningMs: number;
  /** How long StopJob leaves the job in Stopping before it becomes Stopped. */
  stoppingMs: number;
  outcome: 'Succeeded' | 'Failed';
  /** Only used when outcome is Failed. */
  reasonCode?: string;
  reasonMessage?: string;
  /** Extra job events / pod log lines appended when the job fails. */
  events?: string[];
  logs?: string[];
}

export const DEFAULT_JOB_PLAN: Readonly<JobPlan> = Object.freeze({
  creatingMs: 2_000,
  queuingMs: 3_000,
  envPreparingMs: 2_000,
  runningMs: 20_000,
  stoppingMs: 2_000,
  outcome: 'Succeeded',
});

export interface SimWorkspace {
  WorkspaceId: string;
  WorkspaceName: string;
  EnvTypes?: string[];
}

export interface PaiSimulatorOptions {
  /** Drives job progress and ListJobs' default window. Signature timestamps are checked against `wallClock`. */
  clock: Clock;
  /** AccessKeyId -> AccessKeySecret accepted. */
  credentials: Record<string, string>;
  workspaces?: SimWorkspace[];
  defaultPlan?: Partial<JobPlan>;
  log?: (line: string) => void;
  /**
   * AccessKeyId -> STS token. An AK listed here must send exactly this x-acs-security-token;
   * tokens sent with unlisted AKs are accepted unchecked.
   */
  securityTokens?: Record<string, string>;
  /** Real time for x-acs-date freshness (15 min). Defaults to the system clock; tests may pin it. */
  wallClock?: Clock;
  /** The region EAS paths must name as {ClusterId}; shown as Region and in endpoints. Default 'cn-shanghai'. */
  region?: string;
  /** Defaults for every simulated EAS service (see DEFAULT_SERVICE_PLAN). */
  defaultServicePlan?: Partial<ServicePlan>;
  /** Real milliseconds every request waits before it is handled, like PAI's own processing time (e.g. 10-60 ms). */
  latencyMs?: () => number;
}

/** A DLC job created outside the bot (PaiSimulator.addJob). */
export interface ExternalJob {
  displayName: string;
  workspaceId: string;
  /** Shapes this job only (e.g. JOB_FAILURE_SCENARIOS.oss_permission); planJobNamed plans still apply underneath. */
  plan?: Partial<JobPlan>;
  /** The creator as GetJob/ListJobs show it. Default: console-user, with a stable UID derived from the username. */
  userId?: string;
  username?: string;
  /** Default PyTorchJob. */
  jobType?: string;
  image?: string;
  /** Worker pods; default 1. */
  workers?: number;
}

export type FaultKind = 'throttle' | 'serverError' | 'nonJson' | 'denied';

export interface RecordedCall {
  /** The route's action, or the x-acs-action header when no route matched. */
  action: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Request headers as received (lower-case names), e.g. to replay a request or check x-acs-security-token. */
  headers: Record<string, string>;
  /** Parsed JSON body, undefined when empty or not JSON. */
  body: unknown;
  accessKeyId: string | undefined;
  /** Simulation clock (ms) when the request arrived. */
  at: number;
  /** HTTP status the simulator answered with. */
  status: number;
  /** Error Code of the reply, when it was an error. */
  errorCode?: string;
  /** Set when a fault knob (not the business logic) produced the reply. */
  fault?: FaultKind;
  /** Real milliseconds the reply was held back by delayNext. */
  delayedMs?: number;
}

/** A job as GetJob would show it right now, plus the simulator's bookkeeping. */
export interface SimJob extends DlcJob {
  plan: JobPlan;
  createdAt: number;
  stopRequestedAt?: number;
}

/** DLC, EAS and AIWorkspace controls here; DSW's (addNotebook, setNotebookUtilisation, …) in dsw-plan.ts. */
export interface PaiSimulator extends DswSimulatorControls {
  start(port?: number, host?: string): Promise<string>;
  /**
   * A service created outside the bot (the console, a pipeline, another SDK user), at once and without a request:
   * `uid` is the creator PAI shows (CallerUid; default CONSOLE_USER's, as addJob). Without `workspaceId` it belongs to
   * no workspace (as services created before workspaces, or with eascmd without one). Refused (returns false) when the
   * name is taken.
   */
  addService(input: { name: string; workspaceId?: string; image?: string; instances?: number; uid?: string }): boolean;
  /**
   * A DLC job created outside the bot (the PAI console, CI, another SDK user), at once and without a request, checked
   * and recorded as CreateJob would. Returns its JobId; throws with CreateJob's message when CreateJob would refuse it.
   * It does not take the planNextJob plan, which stays for the bot's next CreateJob.
   */
  addJob(input: ExternalJob): string;
  /**
   * What DLC ListEcsSpecs answers from now on (in this order, paged and filtered as asked); `undefined` restores the
   * simulator's own list (DLC_ECS_SPECS).
   */
  setDlcEcsSpecs(specs: readonly DlcEcsSpec[] | undefined): void;
  /**
   * What EAS DescribeMachineSpec answers from now on (in this order); `undefined` restores the simulator's own list
   * (EAS_MACHINE_SPECS).
   */
  setEasMachineSpecs(specs: readonly EasMachineSpec[] | undefined): void;
  /**
   * What the EAS autoscaler does on its own: sets the instance count of service `name` without a request. A scale-up
   * starts new instances that stay Pending for `coldStartMs` when given, else for a held cold start or the plan's.
   * Returns false when the service does not exist or is Stopping, Stopped or Deleting (an autoscaler leaves those
   * alone).
   */
  autoscale(name: string, replicas: number, opts?: { coldStartMs?: number }): boolean;
  /**
   * Publishes a version of a Model Gallery model (the fixed catalogue's, gallery-catalogue.ts): added, or replacing
   * the version of that name (its spec edited). Throws for an unknown ModelId.
   */
  publishModelVersion(modelId: string, version: WireModelVersion): void;
  /** Calls listener with every recorded call as soon as it is handled (before its reply is sent); returns an unsubscribe. */
  onCall(listener: (call: RecordedCall) => void): () => void;
  /** From now on every request waits this long (real ms) before it is handled; undefined: no wait. */
  setLatency(latencyMs: (() => number) | undefined): void;
  stop(): Promise<void>;
  readonly calls: RecordedCall[];
  readonly rejected: RecordedCall[];
  callsOf(action: string): RecordedCall[];
  jobs(): SimJob[];
  throttleNext(n: number, action?: string): void;
  serverErrorNext(n: number, action?: string, status?: number): void;
  nonJsonNext(n: number, action?: string): void;
  delayNext(ms: number, action?: string): void;
  denyAction(action: string, authAction: string): void;
  /** Lifts a denyAction. */
  allowAction(action: string): void;
  /** Drops every pending fault and denial. */
  clearFaults(): void;
  planNextJob(plan: Partial<JobPlan>): void;
  planJobNamed(displayName: string, plan: Partial<JobPlan>): void;
  /** EAS services as DescribeService would show them right now (gone ones excluded), plus plan and bookkeeping. */
  services(): SimService[];
  /** Shapes only the next CreateService (queued, in creation order). */
  planNextService(plan: Partial<ServicePlan>): void;
  /** Shapes every service created with this name, re-creations included. */
  planServiceNamed(name: string, plan: Partial<ServicePlan>): void;
  /**
   * The next not-ready episode of the service `name` (its first cold start if it does not exist yet; else the next
   * scale-up, start, restart or rollout) keeps its new instances Pending for `ms`. Consumed by that episode.
   */
  holdColdStart(name: string, ms: number): void;
}
