// An EAS service's state is a pure function of (creation, plan, the operations applied to it, now): the fold below
// replays
// the operations in time order as a small discrete-event simulation (instances becoming ready, failing, terminating),
// so moving a ManualClock is all a test needs to do, and two reads at the same instant always agree.
//
// Phases: Creating (creatingMs, no instances) -> Waiting (all instances Pending for coldStartMs) -> Running.
// Each later scale-up / start / restart / rollout is a new not-ready episode for its new instances (Scaling / Starting
// /
// Updating), StopService goes Stopping -> Stopped (0 instances), DeleteService goes Deleting -> gone.

import { failureDetails, type FailureDetails } from './eas-plan.js';
import { addresses, instanceName, instanceState, replicaSetName } from './eas-instances.js';
import type { Fold, LifecycleInput, ServiceOp, ServiceState, Slot, TimedEvent } from './eas-lifecycle-types.js';

export type {
  InstancePhase,
  InstanceState,
  LifecycleInput,
  NotReadyStatus,
  ServiceOp,
  ServiceState,
  TimedEvent,
} from './eas-lifecycle-types.js';
export { crashLoopRestarts, instanceName, replicaSetName } from './eas-instances.js';

const CONTAINER = 'worker0';

function emit(f: Fold, event: TimedEvent): void {
  f.events.push(event);
}

function serviceEvent(f: Fold, at: number, reason: string, message: string, type: TimedEvent['type'] = 'Normal'): void {
  emit(f, { at, type, reason, message, resource: 'Service' });
}

function podEvent(
  f: Fold,
  slot: Slot,
  at: number,
  reason: string,
  message: string,
  type: TimedEvent['type'] = 'Normal',
): void {
  emit(f, { at, type, reason, message, resource: 'Pod', instance: slot.name });
}

function rsName(f: Fold, generation = f.generation): string {
  let name = f.rsNames.get(generation);
  if (name === undefined) {
    name = replicaSetName(f.input.name, f.input.serviceId, generation);
    f.rsNames.set(generation, name);
  }
  return name;
}

function addSlots(f: Fold, n: number, at: number, coldStartMs: number): void {
  const cold = Math.max(0, coldStartMs);
  for (let i = 0; i < n; i++) {
    const serial = f.serial++;
    const slot: Slot = {
      name: instanceName(f.input.name, f.input.serviceId, f.generation, serial, rsName(f)),
      serial,
      generation: f.generation,
      image: f.image,
      createdAt: at,
      midAt: at + Math.floor(cold / 2),
      readyAt: at + cold,
      failing: f.failing,
      midDone: false,
      readyDone: false,
      terminating: false,
    };
    f.slots.push(slot);
    podEvent(
      f,
      slot,
      at,
      'Scheduled',
      `Successfully assigned ${slot.name} to ${addresses(f.input.serviceId, slot.serial).hostIp}`,
    );
    podEvent(f, slot, at, 'Pulling', `Pulling image "${slot.image}"`);
  }
}

function removeSlots(f: Fold, victims: readonly Slot[], at: number): void {
  for (const slot of victims) podEvent(f, slot, at, 'Killing', `Stopping container ${CONTAINER}`);
  const gone = new Set(victims);
  f.slots = f.slots.filter((s) => !gone.has(s));
}

/** Instances of the newest replica set that are not on their way out. */
function currentSlots(f: Fold): Slot[] {
  return f.slots.filter((s) => !s.terminating && s.endAt === undefined);
}

function terminateAll(f: Fold, at: number, until: number): void {
  for (const slot of f.slots) {
    if (!slot.terminating) podEvent(f, slot, at, 'Killing', `Stopping container ${CONTAINER}`);
    slot.terminating = true;
    slot.midDone = true;
    slot.readyDone = true;
    slot.endAt = Math.min(slot.endAt ?? until, until);
  }
}

function isReady(f: Fold): boolean {
  return f.phase === 'active' && f.slots.every((s) => s.readyDone && !s.failing);
}

function checkReady(f: Fold, at: number): void {
  const ready = isReady(f);
  if (ready && !f.ready) {
    const n = currentSlots(f).length;
    serviceEvent(
      f,
      at,
      'ServiceRunning',
      n === 0
        ? `Service ${f.input.name} is running with 0 instances.`
        : `Service ${f.input.name} is running: ${n}/${n} instance(s) ready.`,
    );
  }
  f.ready = ready;
}

function materialize(f: Fold, at: number): void {
  f.phase = 'active';
  f.label = 'Waiting';
  const { plan } = f.input;
  if (plan.outcome === 'Running' && plan.warningEvents?.length)
    f.planWarningsAt = at + Math.floor(Math.max(0, f.input.coldStartMs) / 2);
  if (f.target > 0) {
    serviceEvent(f, at, 'ScalingReplicaSet', `Scaled up replica set ${rsName(f)} to ${f.target}`);
    addSlots(f, f.target, at, f.input.coldStartMs);
  }
}

function nextTransition(f: Fold): number | undefined {
  let next: number | undefined;
  const consider = (t: number) => {
    if (next === undefined || t < next) next = t;
  };
  if (f.phase === 'creating') consider(f.input.createdAt + f.input.plan.creatingMs);
  if (f.phase === 'stopping' || f.phase === 'deleting') consider(f.phaseEnd);
  if (f.planWarningsAt !== undefined) consider(f.planWarningsAt);
  for (const s of f.slots) {
    if (!s.midDone) consider(s.midAt);
    if (!s.readyDone) consider(s.readyAt);
    if (s.endAt !== undefined) consider(s.endAt);
  }
  return next;
}

/** Pod warnings of an instance that just failed. Default warnings repeat per instance; planned ones are shown once per failure. */
function slotFailed(f: Fold, slot: Slot, failure: FailureDetails, firstOfFailure: boolean): void {
  if (f.input.plan.warningEvents === undefined || firstOfFailure) {
    for (const w of failure.podWarnings) podEvent(f, slot, slot.readyAt, w.Reason, w.Message, 'Warning');
  }
}

/** Applies every internal transition due at `t` (the earliest pending one). */
function processAt(f: Fold, t: number): void {
  if (f.phase === 'creating' && f.input.createdAt + f.input.plan.creatingMs <= t)
    materialize(f, f.input.createdAt + f.input.plan.creatingMs);
  if (f.planWarningsAt !== undefined && f.planWarningsAt <= t) {
    const at = f.planWarningsAt;
    f.planWarningsAt = undefined;
    const first = currentSlots(f)[0];
    for (const w of f.input.plan.warningEvents ?? []) {
      if (first) podEvent(f, first, at, w.Reason, w.Message, 'Warning');
      else serviceEvent(f, at, w.Reason, w.Message, 'Warning');
    }
  }
  let failed: { at: number; failure: FailureDetails } | undefined;
  const ended = new Set<Slot>();
  for (const slot of f.slots) {
    const failure = slot.failing ? failureDetails(f.input.plan, slot.image) : undefined;
    if (!slot.midDone && slot.midAt <= t) {
      slot.midDone = true;
      if (!failure?.imagePull) podEvent(f, slot, slot.midAt, 'Pulled', `Successfully pulled image "${slot.image}"`);
    }
    if (!slot.readyDone && slot.readyAt <= t) {
      slot.readyDone = true;
      if (failure) {
        slotFailed(f, slot, failure, !f.failedEmitted && failed === undefined);
        failed ??= { at: slot.readyAt, failure };
      } else podEvent(f, slot, slot.readyAt, 'Started', `Started container ${CONTAINER}; instance is ready`);
    }
    if (slot.endAt !== undefined && slot.endAt <= t) {
      ended.add(slot);
      if (!slot.terminating && !f.scaledDown.has(slot.generation)) {
        f.scaledDown.add(slot.generation);
        serviceEvent(f, slot.endAt, 'ScalingReplicaSet', `Scaled down replica set ${rsName(f, slot.generation)} to 0`);
      }
    }
  }
  if (ended.size > 0) f.slots = f.slots.filter((s) => !ended.has(s));
  if (failed && !f.failedEmitted) {
    f.failedEmitted = true;
    serviceEvent(f, failed.at, 'ServiceFailed', `${failed.failure.reason}: ${failed.failure.message}`, 'Warning');
  }
  if ((f.phase === 'stopping' || f.phase === 'deleting') && f.phaseEnd <= t) {
    f.slots = [];
    if (f.phase === 'stopping') {
      f.phase = 'stopped';
      serviceEvent(f, f.phaseEnd, 'ServiceStopped', `Service ${f.input.name} is stopped.`);
    } else {
      f.phase = 'gone';
    }
  }
}

function advance(f: Fold, to: number): void {
  for (;;) {
    const next = nextTransition(f);
    if (next === undefined || next > to) return;
    processAt(f, next);
    checkReady(f, next);
    if (f.phase === 'gone') return;
  }
}

function scale(f: Fold, op: Extract<ServiceOp, { kind: 'scale' }>): void {
  const n = Math.max(0, Math.floor(op.instances));
  const before = f.target;
  f.target = n;
  if (f.phase !== 'active') return;
  const current = currentSlots(f);
  if (n > current.length) {
    if (f.ready) f.label = 'Scaling';
    serviceEvent(f, op.at, 'ScalingReplicaSet', `Scaled up replica set ${rsName(f)} to ${n}`);
    addSlots(f, n - current.length, op.at, op.coldStartMs);
  } else if (n < current.length) {
    // Pending instances go first (newest first), then ready ones: a scale-down never costs capacity that is still
    // coming.
    const order = [...current].sort(
      (a, b) => Number(a.readyDone && !a.failing) - Number(b.readyDone && !b.failing) || b.serial - a.serial,
    );
    const victims = order.slice(0, current.length - n);
    if (n === 0) {
      const kept = new Set(current);
      victims.push(...f.slots.filter((s) => !kept.has(s)));
    }
    serviceEvent(f, op.at, 'ScalingReplicaSet', `Scaled down replica set ${rsName(f)} to ${n}`);
    removeSlots(f, victims, op.at);
  } else if (before !== n) {
    serviceEvent(f, op.at, 'ScalingReplicaSet', `Replica set ${rsName(f)} already has ${n} instance(s)`);
  }
}

function update(f: Fold, op: Extract<ServiceOp, { kind: 'update' }>): void {
  f.image = op.image;
  f.generation += 1;
  f.target = Math.max(0, Math.floor(op.instances));
  f.failing = false;
  f.failedEmitted = false;
  serviceEvent(
    f,
    op.at,
    'ServiceUpdating',
    `Updating service ${f.input.name} to version ${op.version} (image "${op.image}")`,
  );
  if (f.phase !== 'active') return;
  const old = f.slots.filter((s) => !s.terminating);
  // Failed instances serve nothing: they go at once; healthy ones keep serving until the new replica set is ready.
  removeSlots(
    f,
    old.filter((s) => s.failing),
    op.at,
  );
  const keep = old.filter((s) => !s.failing);
  if (f.target === 0) {
    removeSlots(f, keep, op.at);
    return;
  }
  for (const slot of keep)
    slot.endAt = Math.min(slot.endAt ?? Number.POSITIVE_INFINITY, op.at + Math.max(0, op.coldStartMs));
  f.label = 'Updating';
  serviceEvent(f, op.at, 'ScalingReplicaSet', `Scaled up replica set ${rsName(f)} to ${f.target}`);
  addSlots(f, f.target, op.at, op.coldStartMs);
}

function apply(f: Fold, op: ServiceOp): void {
  const { name, plan } = f.input;
  switch (op.kind) {
    case 'note':
      serviceEvent(f, op.at, op.reason, op.message);
      return;
    case 'scale':
      scale(f, op);
      return;
    case 'update':
      update(f, op);
      return;
    case 'start':
      if (f.phase !== 'stopped') return;
      f.phase = 'active';
      f.label = 'Starting';
      f.failedEmitted = false;
      serviceEvent(f, op.at, 'ServiceStarting', `Starting service ${name} with ${f.target} instance(s)`);
      if (f.target > 0) {
        serviceEvent(f, op.at, 'ScalingReplicaSet', `Scaled up replica set ${rsName(f)} to ${f.target}`);
        addSlots(f, f.target, op.at, op.coldStartMs);
      }
      return;
    case 'restart':
      if (f.phase !== 'active') return;
      serviceEvent(
        f,
        op.at,
        'ServiceRestarting',
        `Restarting service ${name}: replacing ${currentSlots(f).length} instance(s)`,
      );
      removeSlots(f, [...f.slots], op.at);
      f.generation += 1;
      f.label = 'Starting';
      f.failedEmitted = false;
      if (f.target > 0) {
        serviceEvent(f, op.at, 'ScalingReplicaSet', `Scaled up replica set ${rsName(f)} to ${f.target}`);
        addSlots(f, f.target, op.at, op.coldStartMs);
      }
      return;
    case 'stop':
      if (f.phase === 'stopping' || f.phase === 'stopped' || f.phase === 'deleting' || f.phase === 'gone') return;
      f.phase = 'stopping';
      f.phaseEnd = op.at + plan.stoppingMs;
      f.planWarningsAt = undefined;
      serviceEvent(f, op.at, 'ServiceStopping', `Stopping service ${name}`);
      terminateAll(f, op.at, f.phaseEnd);
      return;
    case 'delete':
      if (f.phase === 'deleting' || f.phase === 'gone') return;
      f.phase = 'deleting';
      f.phaseEnd = op.at + plan.deletingMs;
      f.planWarningsAt = undefined;
      serviceEvent(f, op.at, 'ServiceDeleting', `Deleting service ${name}`);
      terminateAll(f, op.at, f.phaseEnd);
      return;
  }
}

function describeState(f: Fold, now: number): Pick<ServiceState, 'status' | 'reason' | 'message' | 'failure'> {
  const name = f.input.name;
  switch (f.phase) {
    case 'creating':
      return { status: 'Creating', reason: 'ServiceCreating', message: `Service ${name} is being created.` };
    case 'stopping':
      return { status: 'Stopping', reason: 'ServiceStopping', message: `Service ${name} is being stopped.` };
    case 'stopped':
      return { status: 'Stopped', reason: 'ServiceStopped', message: `Service ${name} is stopped.` };
    case 'deleting':
    case 'gone':
      return { status: 'Deleting', reason: 'ServiceDeleting', message: `Service ${name} is being deleted.` };
    case 'active':
      break;
  }
  const failedSlot = f.slots.find((s) => s.failing && s.readyDone && !s.terminating && s.endAt === undefined);
  if (failedSlot) {
    const failure = failureDetails(f.input.plan, failedSlot.image);
    return { status: 'Failed', reason: failure.reason, message: failure.message, failure };
  }
  const current = currentSlots(f);
  const pending = f.slots.filter((s) => !s.readyDone && !s.terminating).length;
  const ready = current.filter((s) => s.readyDone).length;
  if (pending > 0) {
    const doing =
      now < Math.min(...f.slots.filter((s) => !s.readyDone).map((s) => s.midAt)) ? 'pulling images' : 'loading models';
    return {
      status: f.label,
      reason: 'InstancesNotReady',
      message: `${ready}/${f.target} instance(s) ready, ${pending} pending (${doing}).`,
    };
  }
  if (f.target === 0)
    return {
      status: 'Running',
      reason: 'Running',
      message: `Service ${name} is running with 0 instances (scaled to zero).`,
    };
  return {
    status: 'Running',
    reason: 'Running',
    message: `Service ${name} is running: ${ready}/${f.target} instance(s) ready.`,
  };
}

/** The service as seen at `now`. */
export function serviceStateAt(input: LifecycleInput, now: number): ServiceState {
  const f: Fold = {
    input,
    phase: 'creating',
    phaseEnd: 0,
    target: Math.max(0, Math.floor(input.instances)),
    generation: 1,
    image: input.image,
    label: 'Waiting',
    failing: input.plan.outcome === 'Failed',
    failedEmitted: false,
    slots: [],
    serial: 0,
    events: [],
    ready: false,
    scaledDown: new Set(),
    rsNames: new Map(),
  };
  serviceEvent(
    f,
    input.createdAt,
    'ServiceCreated',
    `Service ${input.name} created with ${f.target} instance(s), image "${input.image}"`,
  );
  for (const op of input.ops) {
    if (op.at > now) break;
    advance(f, op.at);
    if (f.phase === 'gone') break;
    apply(f, op);
    checkReady(f, op.at);
  }
  if (f.phase !== 'gone') advance(f, now);

  const described = describeState(f, now);
  const instances = f.slots
    .map((slot) => instanceState(f, slot, now, slot.failing ? failureDetails(input.plan, slot.image) : undefined))
    .sort((a, b) => a.serial - b.serial);
  const live = f.phase === 'active' || f.phase === 'creating';
  return {
    ...described,
    runningInstance: instances.filter((i) => i.status === 'Running').length,
    pendingInstance: instances.filter((i) => i.status === 'Pending').length,
    totalInstance: live ? f.target : 0,
    targetInstances: f.target,
    image: f.image,
    instances,
    events: f.events
      .map((e, i) => ({ e, i }))
      .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
      .map(({ e }) => e),
    gone: f.phase === 'gone',
  };
}
