// A notebook's state at any time, replayed from its start and what happened to it since (stops, starts, idle-stop
// policies, utilisation changes). Pure: the same input and time always give the same state, so a test can ask about
// any moment and the routes never keep timers.
//
//   Creating -> EnvPreparing -> Running -> Stopping -> Stopped        (EnvPreparing -> Failed with a failure plan)
//   Stopped/Saved/Failed -> Starting -> Running;  Stopping -> Saving -> Saved with SaveImage
//   Running, idle under the policy for MaxIdleTimeInMinutes -> Stopping (the idle culler)

import type { CullerPolicy, NotebookOp, NotebookPlan, Utilisation } from './dsw-plan.js';
import type { DswStatus } from './wire/dsw.js';

export interface NotebookInput {
  /** When the initial status began (the simulated time the notebook was added). */
  startsAt: number;
  initialStatus: 'Creating' | 'Running' | 'Stopped';
  /** Running time before startsAt. */
  runningBeforeMs: number;
  /** GPU instances are idle only when CPU and GPU use are both under their thresholds; CPU ones on CPU alone. */
  gpu: boolean;
  plan: NotebookPlan;
  utilisation: Utilisation;
  culler: CullerPolicy | undefined;
  /** In time order (equal times keep insertion order). */
  ops: readonly NotebookOp[];
}

/** A stretch of one pod running at one utilisation; `to` undefined while it lasts. */
export interface RunSegment {
  pod: number;
  from: number;
  to: number | undefined;
  utilisation: Utilisation;
}

export interface NotebookState {
  status: DswStatus;
  /** When the current status began. */
  since: number;
  accumulatedRunningMs: number;
  culler: CullerPolicy | undefined;
  /** Minutes idle under the policy; 0 with a policy while not idle or not running; undefined without a policy. */
  idleMinutes: number | undefined;
  utilisation: Utilisation;
  reason: { code: string; message: string } | undefined;
  culledAt: number[];
  /** Pods started so far; each start (and the first Running) is a new pod. */
  pods: number;
  segments: RunSegment[];
}

interface Stepper {
  status: DswStatus;
  since: number;
  phaseEndsAt: number | undefined;
  saveImage: boolean;
  runningSince: number | undefined;
  accumulatedMs: number;
  idleSince: number | undefined;
  culler: CullerPolicy | undefined;
  utilisation: Utilisation;
  reason: { code: string; message: string } | undefined;
  culledAt: number[];
  pods: number;
  segments: RunSegment[];
}

export function isIdle(u: Utilisation, policy: CullerPolicy, gpu: boolean): boolean {
  return u.cpu < policy.cpuPercentThreshold && (!gpu || u.gpu < policy.gpuPercentThreshold);
}

function enter(s: Stepper, status: DswStatus, at: number, phaseMs?: number): void {
  s.status = status;
  s.since = at;
  s.phaseEndsAt = phaseMs === undefined ? undefined : at + phaseMs;
}

function openSegment(s: Stepper, at: number): void {
  s.segments.push({ pod: s.pods, from: at, to: undefined, utilisation: { ...s.utilisation } });
}

function closeSegment(s: Stepper, at: number): void {
  const open = s.segments.at(-1);
  if (open && open.to === undefined) open.to = at;
}

function startRunning(s: Stepper, at: number, gpu: boolean): void {
  enter(s, 'Running', at);
  s.runningSince = at;
  s.pods += 1;
  s.reason = undefined;
  openSegment(s, at);
  s.idleSince = s.culler && isIdle(s.utilisation, s.culler, gpu) ? at : undefined;
}

function stopRunning(s: Stepper, at: number): void {
  if (s.runningSince !== undefined) s.accumulatedMs += at - s.runningSince;
  s.runningSince = undefined;
  s.idleSince = undefined;
  closeSegment(s, at);
}

function beginStop(s: Stepper, at: number, plan: NotebookPlan, saveImage: boolean): void {
  stopRunning(s, at);
  s.saveImage = saveImage;
  enter(s, 'Stopping', at, plan.stoppingMs);
}

function endPhase(s: Stepper, at: number, input: NotebookInput): void {
  const { plan } = input;
  switch (s.status) {
    case 'Creating':
      return enter(s, 'EnvPreparing', at, plan.envPreparingMs);
    case 'EnvPreparing':
    case 'Starting':
      if (s.status === 'EnvPreparing' && plan.failure) {
        s.reason = { code: plan.failure.reasonCode, message: plan.failure.reasonMessage };
        return enter(s, 'Failed', at);
      }
      return startRunning(s, at, input.gpu);
    case 'Stopping':
      return s.saveImage ? enter(s, 'Saving', at, plan.savingMs) : enter(s, 'Stopped', at);
    case 'Saving':
      return enter(s, 'Saved', at);
    default:
      s.phaseEndsAt = undefined;
  }
}

/** The idle state follows the policy and the load, and only counts while the pod runs. */
function reconsiderIdle(s: Stepper, at: number, gpu: boolean): void {
  if (s.status !== 'Running' || !s.culler) {
    s.idleSince = undefined;
    return;
  }
  if (!isIdle(s.utilisation, s.culler, gpu)) s.idleSince = undefined;
  else s.idleSince ??= at;
}

function apply(s: Stepper, op: NotebookOp, input: NotebookInput): void {
  switch (op.kind) {
    case 'stop':
      return beginStop(s, op.at, input.plan, op.saveImage);
    case 'start':
      s.reason = undefined;
      return enter(s, 'Starting', op.at, input.plan.startingMs);
    case 'culler':
      s.culler = op.policy;
      // A new policy sees the instance from its own creation on: idle time before it does not count.
      s.idleSince = undefined;
      return reconsiderIdle(s, op.at, input.gpu);
    case 'utilisation':
      s.utilisation = { ...op.utilisation };
      if (s.status === 'Running') {
        closeSegment(s, op.at);
        openSegment(s, op.at);
      }
      return reconsiderIdle(s, op.at, input.gpu);
  }
}

function cullAt(s: Stepper): number | undefined {
  if (s.status !== 'Running' || !s.culler || s.idleSince === undefined) return undefined;
  return s.idleSince + s.culler.maxIdleTimeInMinutes * 60_000;
}

function initial(input: NotebookInput): Stepper {
  const s: Stepper = {
    status: 'Stopped',
    since: input.startsAt,
    phaseEndsAt: undefined,
    saveImage: false,
    runningSince: undefined,
    accumulatedMs: input.runningBeforeMs,
    idleSince: undefined,
    culler: input.culler,
    utilisation: { ...input.utilisation },
    reason: undefined,
    culledAt: [],
    pods: 0,
    segments: [],
  };
  if (input.initialStatus === 'Creating') enter(s, 'Creating', input.startsAt, input.plan.creatingMs);
  else if (input.initialStatus === 'Running') startRunning(s, input.startsAt, input.gpu);
  return s;
}

function earliest(...times: (number | undefined)[]): number | undefined {
  let min: number | undefined;
  for (const t of times) if (t !== undefined && (min === undefined || t < min)) min = t;
  return min;
}

export function notebookStateAt(input: NotebookInput, now: number): NotebookState {
  const s = initial(input);
  let next = 0;
  for (;;) {
    const phaseAt = s.phaseEndsAt;
    const culled = cullAt(s);
    const op = input.ops[next];
    const at = earliest(phaseAt, culled, op?.at);
    if (at === undefined || at > now) break;
    // Equal times: a phase ends first, then the culler acts, then the request or script step.
    if (at === phaseAt) endPhase(s, at, input);
    else if (at === culled) {
      s.culledAt.push(at);
      beginStop(s, at, input.plan, false);
    } else if (op) {
      apply(s, op, input);
      next += 1;
    }
  }
  const runningNow = s.runningSince === undefined ? 0 : now - s.runningSince;
  const idleMinutes = !s.culler ? undefined : s.idleSince === undefined ? 0 : Math.floor((now - s.idleSince) / 60_000);
  return {
    status: s.status,
    since: s.since,
    accumulatedRunningMs: s.accumulatedMs + runningNow,
    culler: s.culler,
    idleMinutes,
    utilisation: s.utilisation,
    reason: s.reason,
    culledAt: s.culledAt,
    pods: s.pods,
    segments: s.segments,
  };
}
