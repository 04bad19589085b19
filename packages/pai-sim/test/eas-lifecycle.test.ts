import { describe, expect, it } from 'vitest';
import {
  crashLoopRestarts,
  instanceName,
  serviceStateAt,
  type LifecycleInput,
  type ServiceOp,
} from '../src/eas-lifecycle.js';
import { failureDetails, resolveServicePlan } from '../src/eas-plan.js';

const T0 = Date.UTC(2026, 0, 1);
const plan = resolveServicePlan({ creatingMs: 2000, coldStartMs: 10_000, stoppingMs: 1000, deletingMs: 1000 });
const IMAGE = 'registry.example/llm:1';

function input(ops: ServiceOp[] = [], overrides: Partial<LifecycleInput> = {}): LifecycleInput {
  return {
    name: 'llm',
    serviceId: 'eas-m-test',
    createdAt: T0,
    plan,
    instances: 2,
    coldStartMs: plan.coldStartMs,
    image: IMAGE,
    ops,
    ...overrides,
  };
}

const at = (i: LifecycleInput, ms: number) => serviceStateAt(i, T0 + ms);
const counts = (i: LifecycleInput, ms: number) => {
  const s = at(i, ms);
  return [s.status, s.runningInstance, s.pendingInstance, s.totalInstance];
};
const reasons = (events: { reason: string }[]) => events.map((e) => e.reason);

describe('EAS service lifecycle: creation', () => {
  it('goes Creating -> Waiting (all instances Pending) -> Running on the phase boundaries', () => {
    const i = input();
    expect(counts(i, 0)).toEqual(['Creating', 0, 0, 2]);
    expect(counts(i, 1999)).toEqual(['Creating', 0, 0, 2]);
    expect(counts(i, 2000)).toEqual(['Waiting', 0, 2, 2]);
    expect(counts(i, 11_999)).toEqual(['Waiting', 0, 2, 2]);
    expect(counts(i, 12_000)).toEqual(['Running', 2, 0, 2]);
    expect(at(i, 1e9).status).toBe('Running');
  });

  it('instances pull images (ContainerCreating), then load models (PodInitializing), then run', () => {
    const i = input();
    expect(at(i, 0).instances).toEqual([]);
    expect(at(i, 2000).instances.map((x) => [x.status, x.reason, x.ready])).toEqual([
      ['Pending', 'ContainerCreating', false],
      ['Pending', 'ContainerCreating', false],
    ]);
    expect(at(i, 7000).instances.map((x) => x.reason)).toEqual(['PodInitializing', 'PodInitializing']);
    expect(at(i, 12_000).instances.map((x) => [x.status, x.ready])).toEqual([
      ['Running', true],
      ['Running', true],
    ]);
    const names = at(i, 12_000).instances.map((x) => x.name);
    expect(names[0]).toMatch(/^llm-[a-z0-9]{10}-[a-z0-9]{5}$/);
    expect(new Set(names).size).toBe(2);
    expect(names[0]).toBe(instanceName('llm', 'eas-m-test', 1, 0));
  });

  it('emits a Normal event for each transition, at its time, oldest first', () => {
    const events = at(input([], { instances: 1 }), 60_000).events;
    expect(events.map((e) => [e.at - T0, e.type, e.resource, e.reason])).toEqual([
      [0, 'Normal', 'Service', 'ServiceCreated'],
      [2000, 'Normal', 'Service', 'ScalingReplicaSet'],
      [2000, 'Normal', 'Pod', 'Scheduled'],
      [2000, 'Normal', 'Pod', 'Pulling'],
      [7000, 'Normal', 'Pod', 'Pulled'],
      [12_000, 'Normal', 'Pod', 'Started'],
      [12_000, 'Normal', 'Service', 'ServiceRunning'],
    ]);
    expect(events[3]?.message).toBe(`Pulling image "${IMAGE}"`);
    expect(reasons(at(input([], { instances: 1 }), 5000).events)).toEqual([
      'ServiceCreated',
      'ScalingReplicaSet',
      'Scheduled',
      'Pulling',
    ]);
  });

  it('a zero-length Creating goes straight to Waiting; zero instances go straight to Running', () => {
    expect(counts(input([], { plan: resolveServicePlan(plan, { creatingMs: 0 }) }), 0)).toEqual(['Waiting', 0, 2, 2]);
    const empty = input([], { instances: 0 });
    expect(counts(empty, 2000)).toEqual(['Running', 0, 0, 0]);
    expect(at(empty, 2000).message).toContain('scaled to zero');
  });

  it('uses the cold start it was given (holdColdStart) for the first episode', () => {
    const held = input([], { coldStartMs: 60_000 });
    expect(at(held, 61_999).status).toBe('Waiting');
    expect(at(held, 62_000).status).toBe('Running');
  });

  it('ignores operations later than now, so reads at one instant always agree', () => {
    const i = input([{ kind: 'stop', at: T0 + 20_000 }]);
    expect(at(i, 15_000)).toEqual(at(i, 15_000));
    expect(at(i, 15_000).status).toBe('Running');
    expect(at(i, 20_000).status).toBe('Stopping');
  });
});

describe('EAS service lifecycle: scaling', () => {
  it('a scale-up of a running service is a new not-ready episode for the new instances (Scaling)', () => {
    const i = input([{ kind: 'scale', at: T0 + 20_000, instances: 5, coldStartMs: 8000 }]);
    expect(counts(i, 20_000)).toEqual(['Scaling', 2, 3, 5]);
    expect(at(i, 20_000).instances.map((x) => x.status)).toEqual([
      'Running',
      'Running',
      'Pending',
      'Pending',
      'Pending',
    ]);
    expect(counts(i, 27_999)).toEqual(['Scaling', 2, 3, 5]);
    expect(counts(i, 28_000)).toEqual(['Running', 5, 0, 5]);
    const events = at(i, 28_000).events.filter((e) => e.resource === 'Service');
    expect(events.map((e) => [e.at - T0, e.reason])).toEqual([
      [0, 'ServiceCreated'],
      [2000, 'ScalingReplicaSet'],
      [12_000, 'ServiceRunning'],
      [20_000, 'ScalingReplicaSet'],
      [28_000, 'ServiceRunning'],
    ]);
    expect(events[3]?.message).toMatch(/^Scaled up replica set llm-[a-z0-9]{10} to 5$/);
  });

  it('a scale-up while still Waiting stays Waiting', () => {
    const i = input([{ kind: 'scale', at: T0 + 5000, instances: 3, coldStartMs: 10_000 }]);
    expect(counts(i, 5000)).toEqual(['Waiting', 0, 3, 3]);
    expect(counts(i, 12_000)).toEqual(['Waiting', 2, 1, 3]);
    expect(counts(i, 15_000)).toEqual(['Running', 3, 0, 3]);
  });

  it('a scale-down is immediate and drops pending instances first', () => {
    const i = input([
      { kind: 'scale', at: T0 + 20_000, instances: 4, coldStartMs: 10_000 },
      { kind: 'scale', at: T0 + 21_000, instances: 3, coldStartMs: 10_000 },
    ]);
    expect(counts(i, 21_000)).toEqual(['Scaling', 2, 1, 3]);
    const down = input([{ kind: 'scale', at: T0 + 20_000, instances: 1, coldStartMs: 10_000 }]);
    expect(counts(down, 20_000)).toEqual(['Running', 1, 0, 1]);
    expect(reasons(at(down, 20_000).events).slice(-2)).toEqual(['ScalingReplicaSet', 'Killing']);
  });

  it('scaled to zero: Running with 0/0 instances; scaling back up is a new cold start', () => {
    const i = input([
      { kind: 'scale', at: T0 + 20_000, instances: 0, coldStartMs: 10_000 },
      { kind: 'scale', at: T0 + 30_000, instances: 1, coldStartMs: 4000 },
    ]);
    expect(counts(i, 20_000)).toEqual(['Running', 0, 0, 0]);
    expect(at(i, 20_000).instances).toEqual([]);
    expect(counts(i, 30_000)).toEqual(['Scaling', 0, 1, 1]);
    expect(counts(i, 34_000)).toEqual(['Running', 1, 0, 1]);
  });

  it('a scale while Creating only changes the count the instances start with', () => {
    const i = input([{ kind: 'scale', at: T0 + 1000, instances: 3, coldStartMs: 1 }]);
    expect(counts(i, 1000)).toEqual(['Creating', 0, 0, 3]);
    expect(counts(i, 2000)).toEqual(['Waiting', 0, 3, 3]);
    expect(at(i, 11_999).status).toBe('Waiting');
  });
});

describe('EAS service lifecycle: stop, start, restart, update, delete', () => {
  it('stop: Stopping (instances Terminating), then Stopped with 0 instances; start: Starting, then Running', () => {
    const i = input([
      { kind: 'stop', at: T0 + 20_000 },
      { kind: 'start', at: T0 + 30_000, coldStartMs: 5000 },
    ]);
    expect(counts(i, 20_000)).toEqual(['Stopping', 0, 0, 0]);
    expect(at(i, 20_000).instances.map((x) => x.status)).toEqual(['Terminating', 'Terminating']);
    expect(counts(i, 21_000)).toEqual(['Stopped', 0, 0, 0]);
    expect(at(i, 21_000).instances).toEqual([]);
    expect(at(i, 21_000).targetInstances).toBe(2);
    expect(counts(i, 30_000)).toEqual(['Starting', 0, 2, 2]);
    expect(counts(i, 35_000)).toEqual(['Running', 2, 0, 2]);
    expect(reasons(at(i, 35_000).events).filter((r) => r.startsWith('Service'))).toEqual([
      'ServiceCreated',
      'ServiceRunning',
      'ServiceStopping',
      'ServiceStopped',
      'ServiceStarting',
      'ServiceRunning',
    ]);
  });

  it('a stop while Creating never creates instances', () => {
    const i = input([{ kind: 'stop', at: T0 + 1000 }]);
    expect(counts(i, 1000)).toEqual(['Stopping', 0, 0, 0]);
    expect(counts(i, 60_000)).toEqual(['Stopped', 0, 0, 0]);
    expect(reasons(at(i, 60_000).events)).not.toContain('Pulling');
  });

  it('restart replaces every instance (new names) with a short not-ready episode', () => {
    const i = input([{ kind: 'restart', at: T0 + 20_000, coldStartMs: 3000 }]);
    const before = at(i, 19_999).instances.map((x) => x.name);
    expect(counts(i, 20_000)).toEqual(['Starting', 0, 2, 2]);
    const after = at(i, 23_000);
    expect([after.status, after.runningInstance]).toEqual(['Running', 2]);
    expect(after.instances.map((x) => x.name).some((n) => before.includes(n))).toBe(false);
  });

  it('a rollout (update) keeps the old instances serving until the new ones are ready', () => {
    const i = input([
      {
        kind: 'update',
        at: T0 + 20_000,
        instances: 2,
        coldStartMs: 10_000,
        image: 'registry.example/llm:2',
        version: 2,
      },
    ]);
    const mid = at(i, 25_000);
    expect([mid.status, mid.runningInstance, mid.pendingInstance, mid.totalInstance]).toEqual(['Updating', 2, 2, 2]);
    expect(mid.instances.map((x) => [x.status, x.latest])).toEqual([
      ['Running', false],
      ['Running', false],
      ['Pending', true],
      ['Pending', true],
    ]);
    const done = at(i, 30_000);
    expect([done.status, done.runningInstance, done.instances.length, done.image]).toEqual([
      'Running',
      2,
      2,
      'registry.example/llm:2',
    ]);
    expect(done.instances.every((x) => x.latest)).toBe(true);
    expect(done.events.filter((e) => e.at === T0 + 30_000).map((e) => e.message)).toContainEqual(
      expect.stringMatching(/^Scaled down replica set llm-\w+ to 0$/),
    );
  });

  it('delete: Deleting, then gone', () => {
    const i = input([{ kind: 'delete', at: T0 + 20_000 }]);
    expect([at(i, 20_000).status, at(i, 20_000).gone]).toEqual(['Deleting', false]);
    expect(at(i, 20_000).instances.map((x) => x.status)).toEqual(['Terminating', 'Terminating']);
    expect(at(i, 21_000).gone).toBe(true);
  });
});

describe('EAS service lifecycle: failure plans', () => {
  const failing = resolveServicePlan(plan, { outcome: 'Failed' });

  it('an image that cannot be pulled: Failed at the end of the first cold start, with warnings and diagnosis', () => {
    const i = input([], { plan: failing });
    expect(counts(i, 11_999)).toEqual(['Waiting', 0, 2, 2]);
    expect(at(i, 7000).instances.map((x) => x.reason)).toEqual(['ContainerCreating', 'ContainerCreating']);
    const s = at(i, 12_000);
    expect([s.status, s.reason, s.runningInstance, s.pendingInstance, s.totalInstance]).toEqual([
      'Failed',
      'ImagePullBackOff',
      0,
      0,
      2,
    ]);
    expect(s.message).toContain(IMAGE);
    expect(s.instances.map((x) => [x.status, x.reason, x.restartCount])).toEqual([
      ['Failed', 'ImagePullBackOff', 0],
      ['Failed', 'ImagePullBackOff', 0],
    ]);
    expect(reasons(s.events)).not.toContain('Pulled');
    const warnings = s.events.filter((e) => e.type === 'Warning');
    expect(warnings.map((e) => [e.resource, e.reason])).toEqual([
      ['Pod', 'Failed'],
      ['Pod', 'BackOff'],
      ['Pod', 'Failed'],
      ['Pod', 'BackOff'],
      ['Service', 'ServiceFailed'],
    ]);
    expect(s.failure?.diagnosis).toEqual([
      {
        Error: 'ImagePullBackOff',
        Causes: [`the image ${IMAGE} could not be pulled: access denied`],
        Advices: ['check the image address and the registry credentials (dockerAuth)'],
      },
    ]);
  });

  it('a crash loop counts restarts with Kubernetes back-off', () => {
    const i = input([], {
      plan: resolveServicePlan(failing, { reason: 'CrashLoopBackOff', message: 'exit code 137' }),
      instances: 1,
    });
    const s = at(i, 12_000);
    expect([s.status, s.reason, s.message]).toEqual(['Failed', 'CrashLoopBackOff', 'exit code 137']);
    expect(s.instances[0]).toMatchObject({ status: 'Failed', reason: 'CrashLoopBackOff', restartCount: 1 });
    expect(at(i, 12_000 + 30_000).instances[0]?.restartCount).toBe(3);
    expect(reasons(s.events)).toContain('Pulled');
  });

  it('planned warnings and reason replace the defaults', () => {
    const custom = resolveServicePlan(failing, {
      reason: 'ModelLoadFailed',
      message: 'model file not found',
      instanceReason: 'CrashLoopBackOff',
      warningEvents: [{ Reason: 'Unhealthy', Message: 'Readiness probe failed' }],
    });
    const s = at(input([], { plan: custom }), 12_000);
    expect([s.status, s.reason, s.instances[0]?.reason]).toEqual(['Failed', 'ModelLoadFailed', 'CrashLoopBackOff']);
    expect(s.events.filter((e) => e.type === 'Warning').map((e) => e.reason)).toEqual(['Unhealthy', 'ServiceFailed']);
  });

  it('a restart fails again (same config); an update to a new config recovers', () => {
    const restarted = input([{ kind: 'restart', at: T0 + 20_000, coldStartMs: 5000 }], { plan: failing });
    expect(at(restarted, 20_000).status).toBe('Starting');
    expect(at(restarted, 25_000).status).toBe('Failed');
    const fixed = input(
      [
        {
          kind: 'update',
          at: T0 + 20_000,
          instances: 2,
          coldStartMs: 5000,
          image: 'registry.example/llm:ok',
          version: 2,
        },
      ],
      { plan: failing },
    );
    expect(counts(fixed, 20_000)).toEqual(['Updating', 0, 2, 2]);
    expect(counts(fixed, 25_000)).toEqual(['Running', 2, 0, 2]);
  });

  it('warning events of a healthy plan show up halfway through the first cold start', () => {
    const noisy = resolveServicePlan(plan, {
      warningEvents: [{ Reason: 'Unhealthy', Message: 'Readiness probe failed: connection refused' }],
    });
    const i = input([], { plan: noisy });
    expect(at(i, 6999).events.filter((e) => e.type === 'Warning')).toEqual([]);
    expect(at(i, 7000).events.filter((e) => e.type === 'Warning')).toMatchObject([
      { reason: 'Unhealthy', resource: 'Pod', at: T0 + 7000 },
    ]);
    expect(at(i, 12_000).status).toBe('Running');
  });

  it('derives failure details from the reason', () => {
    expect(failureDetails(failing, 'img')).toMatchObject({
      reason: 'ImagePullBackOff',
      instanceReason: 'ImagePullBackOff',
      imagePull: true,
    });
    expect(failureDetails(resolveServicePlan(failing, { reason: 'Boom' }), 'img')).toMatchObject({
      instanceReason: 'CrashLoopBackOff',
      imagePull: false,
    });
  });
});

describe('helpers', () => {
  it('crashLoopRestarts follows 10 s doubling back-off capped at 5 min', () => {
    expect(
      [0, 9999, 10_000, 29_999, 30_000, 70_000, 150_000, 310_000, 610_000, 910_000].map(crashLoopRestarts),
    ).toEqual([1, 1, 2, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('resolveServicePlan falls back on bad durations', () => {
    expect(resolveServicePlan({ coldStartMs: -1, creatingMs: Number.NaN }).coldStartMs).toBe(10_000);
    expect(resolveServicePlan({ creatingMs: Number.NaN }).creatingMs).toBe(2000);
  });
});
