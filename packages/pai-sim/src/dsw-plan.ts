// DSW notebooks in the simulator: phase durations (the plan), utilisation, the idle-stop policy, and the controls tests
// use to seed notebooks and drive their load. Durations and the idle rules here are the simulator's, not PAI's.

import type { DswStatus } from './wire/dsw.js';

/** Phase durations of one simulated notebook, and how its environment preparation ends. */
export interface NotebookPlan {
  creatingMs: number;
  envPreparingMs: number;
  startingMs: number;
  stoppingMs: number;
  /** StopInstance with SaveImage=true: Stopping, then Saving this long, then Saved. */
  savingMs: number;
  /** Set: EnvPreparing ends Failed with this reason instead of Running (an image that cannot be pulled, say). */
  failure?: { reasonCode: string; reasonMessage: string };
}

export const DEFAULT_NOTEBOOK_PLAN: Readonly<NotebookPlan> = Object.freeze({
  creatingMs: 2_000,
  envPreparingMs: 3_000,
  startingMs: 3_000,
  stoppingMs: 2_000,
  savingMs: 5_000,
});

/** CPU and GPU use in percent (0-100), as the idle culler and GetInstanceMetrics see them. */
export interface Utilisation {
  cpu: number;
  gpu: number;
}

/** A new notebook is busy until a test says otherwise: only what a test makes idle is ever culled. */
export const DEFAULT_UTILISATION: Readonly<Utilisation> = Object.freeze({ cpu: 60, gpu: 60 });

/** CreateIdleInstanceCuller's policy, thresholds filled in. */
export interface CullerPolicy {
  cpuPercentThreshold: number;
  gpuPercentThreshold: number;
  maxIdleTimeInMinutes: number;
}

/**
 * Thresholds a request leaves out. The SDK gives none; these are its @example values (20 % CPU, 10 % GPU), so a policy
 * with only MaxIdleTimeInMinutes still has a meaning in the simulator.
 */
export const DEFAULT_CULLER_THRESHOLDS = Object.freeze({ cpuPercentThreshold: 20, gpuPercentThreshold: 10 });

/** Something that happened to a notebook, at a time; the state at any time is replayed from these. */
export type NotebookOp =
  | { kind: 'stop'; at: number; saveImage: boolean }
  | { kind: 'start'; at: number }
  | { kind: 'culler'; at: number; policy: CullerPolicy | undefined }
  | { kind: 'utilisation'; at: number; utilisation: Utilisation };

/** A notebook created outside the bot (PaiSimulator.addNotebook). */
export interface ExternalNotebook {
  workspaceId: string;
  /** Default `notebook-<n>`. */
  name?: string;
  /** An instance type of the ECS spec list (ListEcsSpecs); default ecs.gn7i-c8g1.2xlarge (one A10 GPU). */
  ecsSpec?: string;
  /**
   * Running (default): running from now, as if started earlier; Stopped: stopped; Creating: goes through Creating and
   * EnvPreparing first, like an instance just created at the console.
   */
  status?: 'Running' | 'Stopped' | 'Creating';
  /** Running time before now, shown in AccumulatedRunningTimeInMs (default 0). */
  runningBeforeMs?: number;
  /** How long ago it was created (GmtCreateTime); default runningBeforeMs. */
  createdAgoMs?: number;
  utilisation?: Utilisation;
  /** An idle-stop policy from the start (thresholds default as CreateIdleInstanceCuller's). */
  culler?: { maxIdleTimeInMinutes: number; cpuPercentThreshold?: number; gpuPercentThreshold?: number };
  /** Subscription notebooks need a resourceId (their resource group) and are only listed with ResourceId. */
  paymentType?: 'PayAsYouGo' | 'Subscription';
  resourceId?: string;
  userId?: string;
  userName?: string;
  image?: string;
  labels?: Record<string, string>;
  plan?: Partial<NotebookPlan>;
}

/** One change of utilisation in a script, `afterMs` from the time the script is set. */
export interface UtilisationStep extends Utilisation {
  afterMs: number;
}

/** A notebook as GetInstance would show it now, plus the simulator's bookkeeping. */
export interface SimNotebook {
  instanceId: string;
  name: string;
  workspaceId: string;
  status: DswStatus;
  ecsSpec: string;
  gpu: boolean;
  accumulatedRunningTimeMs: number;
  /** Minutes idle under the current policy; undefined without a policy or when not running. */
  idleMinutes: number | undefined;
  culler: CullerPolicy | undefined;
  utilisation: Utilisation;
  /** When the idle culler stopped it (simulated epoch ms), oldest first. */
  culledAt: number[];
  ops: readonly NotebookOp[];
}

/** The DSW half of the simulator's controls. */
export interface DswSimulatorControls {
  /** Creates a notebook in a workspace without a request; returns its InstanceId (dsw-…). */
  addNotebook(input: ExternalNotebook): string;
  /** From now on the notebook's CPU and GPU use are these (percent). Throws for an unknown InstanceId. */
  setNotebookUtilisation(instanceId: string, utilisation: Utilisation): void;
  /** A utilisation script: each step takes effect `afterMs` after now (e.g. busy for an hour, then idle). */
  planNotebookUtilisation(instanceId: string, steps: readonly UtilisationStep[]): void;
  /** Notebooks as GetInstance would show them right now, with bookkeeping. */
  notebooks(): SimNotebook[];
  /** Sets (or, with `undefined`, removes) the list price ListEcsSpecs shows for an instance type. */
  setEcsSpecPrice(instanceType: string, price: number | undefined, currency?: string): void;
}
