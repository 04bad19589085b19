import { describe, expect, it } from 'vitest';
import { ManualClock } from '@pai-bot/sim-kit/clock.js';
import { notebookStateAt, type NotebookInput } from '../src/dsw-lifecycle.js';
import { DEFAULT_NOTEBOOK_PLAN, type NotebookOp } from '../src/dsw-plan.js';
import { createPaiSimulator, type PaiSimulator } from '../src/index.js';
import { compileRoute, matchRoute, type RouteReply } from '../src/routes.js';
import { dswRoutes, type DswContext } from '../src/dsw-routes.js';
import { EcsSpecCatalogue } from '../src/dsw-specs.js';
import { NotebookStore } from '../src/dsw-store.js';
import { dswControls } from '../src/dsw-controls.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const durations = { creatingMs: 1000, envPreparingMs: 2000, startingMs: 3000, stoppingMs: 1000, savingMs: 4000 };
const plan = { ...DEFAULT_NOTEBOOK_PLAN, ...durations };

function input(ops: NotebookOp[] = [], overrides: Partial<NotebookInput> = {}): NotebookInput {
  return {
    startsAt: T0,
    initialStatus: 'Creating',
    runningBeforeMs: 0,
    gpu: true,
    plan,
    utilisation: { cpu: 50, gpu: 50 },
    culler: undefined,
    ops,
    ...overrides,
  };
}
const at = (i: NotebookInput, ms: number) => notebookStateAt(i, T0 + ms);
const status = (i: NotebookInput, ms: number) => at(i, ms).status;

describe('DSW notebook lifecycle', () => {
  it('goes Creating -> EnvPreparing -> Running on the phase boundaries, and stays Running', () => {
    const i = input();
    expect([0, 999, 1000, 2999, 3000, 1e9].map((ms) => status(i, ms))).toEqual([
      'Creating',
      'Creating',
      'EnvPreparing',
      'EnvPreparing',
      'Running',
      'Running',
    ]);
  });

  it('StopInstance: Running -> Stopping -> Stopped; StartInstance: Stopped -> Starting -> Running (a new pod)', () => {
    const i = input([
      { kind: 'stop', at: T0 + 10_000, saveImage: false },
      { kind: 'start', at: T0 + 20_000 },
    ]);
    expect([9_999, 10_000, 11_000, 20_000, 22_999, 23_000].map((ms) => status(i, ms))).toEqual([
      'Running',
      'Stopping',
      'Stopped',
      'Starting',
      'Starting',
      'Running',
    ]);
    expect(at(i, 30_000).pods).toBe(2);
  });

  it('SaveImage passes through Saving to Saved', () => {
    const i = input([{ kind: 'stop', at: T0 + 10_000, saveImage: true }]);
    const statuses = [10_500, 11_000, 14_999, 15_000].map((ms) => status(i, ms));
    expect(statuses).toEqual(['Stopping', 'Saving', 'Saving', 'Saved']);
  });

  it('a failure plan ends EnvPreparing in Failed with its reason; a start runs it again', () => {
    const failure = { reasonCode: 'ImagePullBackOff', reasonMessage: 'Back-off pulling image' };
    const i = input([{ kind: 'start', at: T0 + 10_000 }], { plan: { ...plan, failure } });
    expect(at(i, 3000)).toMatchObject({ status: 'Failed', reason: { code: 'ImagePullBackOff' } });
    expect(at(i, 13_000)).toMatchObject({ status: 'Running', reason: undefined });
  });

  it('accumulates running time only while Running, across stops and starts, on top of the time before', () => {
    const i = input(
      [
        { kind: 'stop', at: T0 + 60 * MIN, saveImage: false },
        { kind: 'start', at: T0 + 120 * MIN },
      ],
      { initialStatus: 'Running', runningBeforeMs: 5 * MIN },
    );
    expect(at(i, 30 * MIN).accumulatedRunningMs).toBe(35 * MIN);
    expect(at(i, 90 * MIN).accumulatedRunningMs).toBe(65 * MIN);
    // Starting takes 3 s, so 120 min + 3 s is the new start of Running.
    expect(at(i, 150 * MIN).accumulatedRunningMs).toBe(65 * MIN + 30 * MIN - 3000);
  });
});

describe('DSW idle culler (replayed)', () => {
  const policy = { cpuPercentThreshold: 20, gpuPercentThreshold: 10, maxIdleTimeInMinutes: 60 };

  it('stops a GPU notebook idle (CPU and GPU under both thresholds) for MaxIdleTimeInMinutes', () => {
    const i = input([{ kind: 'utilisation', at: T0 + 10 * MIN, utilisation: { cpu: 5, gpu: 0 } }], {
      initialStatus: 'Running',
      culler: policy,
    });
    expect(at(i, 9 * MIN).idleMinutes).toBe(0);
    expect(at(i, 40 * MIN)).toMatchObject({ status: 'Running', idleMinutes: 30 });
    expect(at(i, 70 * MIN - 1).status).toBe('Running');
    expect(at(i, 70 * MIN)).toMatchObject({ status: 'Stopping', culledAt: [T0 + 70 * MIN] });
    expect(at(i, 71 * MIN)).toMatchObject({ status: 'Stopped', accumulatedRunningMs: 70 * MIN, idleMinutes: 0 });
  });

  it('a busy GPU keeps it running; load coming back resets the idle time', () => {
    const running = { initialStatus: 'Running', culler: policy } as const;
    const gpuBusy = input([{ kind: 'utilisation', at: T0, utilisation: { cpu: 1, gpu: 80 } }], running);
    expect(at(gpuBusy, 600 * MIN)).toMatchObject({ status: 'Running', idleMinutes: 0 });
    const bursty = input(
      [
        { kind: 'utilisation', at: T0, utilisation: { cpu: 1, gpu: 1 } },
        { kind: 'utilisation', at: T0 + 50 * MIN, utilisation: { cpu: 90, gpu: 90 } },
        { kind: 'utilisation', at: T0 + 55 * MIN, utilisation: { cpu: 1, gpu: 1 } },
      ],
      running,
    );
    expect(at(bursty, 100 * MIN)).toMatchObject({ status: 'Running', idleMinutes: 45 });
    expect(at(bursty, 115 * MIN).status).toBe('Stopping');
  });

  it('a CPU notebook is judged on CPU alone', () => {
    const i = input([], { initialStatus: 'Running', gpu: false, culler: policy, utilisation: { cpu: 3, gpu: 90 } });
    expect(at(i, 60 * MIN).status).toBe('Stopping');
  });

  it('counts idle time from the policy on, not before; deleting the policy stops the count', () => {
    const idle = { cpu: 0, gpu: 0 };
    const i = input(
      [
        { kind: 'culler', at: T0 + 300 * MIN, policy },
        { kind: 'culler', at: T0 + 330 * MIN, policy: undefined },
      ],
      { initialStatus: 'Running', utilisation: idle },
    );
    expect(at(i, 299 * MIN).idleMinutes).toBeUndefined();
    expect(at(i, 320 * MIN).idleMinutes).toBe(20);
    expect(at(i, 1000 * MIN)).toMatchObject({ status: 'Running', idleMinutes: undefined });
  });

  it('keeps the policy across a stop and start, counting idle time afresh', () => {
    const idle = { initialStatus: 'Running', culler: policy, utilisation: { cpu: 0, gpu: 0 } } as const;
    const i = input([{ kind: 'start', at: T0 + 100 * MIN }], idle);
    expect(at(i, 61 * MIN).status).toBe('Stopped');
    expect(at(i, 130 * MIN)).toMatchObject({ status: 'Running', idleMinutes: 29 });
    // Idle since Running came back at 100 min + 3 s (Starting), so culled 60 minutes later.
    const culledAt = [T0 + 60 * MIN, T0 + 160 * MIN + 3000];
    expect(at(i, 160 * MIN + 3000)).toMatchObject({ status: 'Stopping', culledAt });
  });
});

function routeHarness() {
  const clock = new ManualClock(T0);
  const dsw: DswContext = {
    store: new NotebookStore(),
    catalogue: new EcsSpecCatalogue(),
    workspaces: [],
    region: 'cn-shanghai',
    log: () => undefined,
  };
  const routes = dswRoutes(dsw).map(compileRoute);
  const call = (method: string, path: string, query: Record<string, string> = {}, body?: unknown): RouteReply => {
    const m = matchRoute(routes, method, path);
    if (!m) throw new Error(`no route ${method} ${path}`);
    return m.route.handle({ params: m.params, query, body, accessKeyId: 'AK1', now: clock.now() });
  };
  return { clock, call, controls: dswControls(dsw, clock) };
}

const bodyOf = (r: RouteReply) => {
  if (!r.ok) throw new Error(`${r.status} ${r.code}: ${r.message}`);
  return r.body as Record<string, unknown>;
};

describe('DSW routes and controls (in process)', () => {
  it('the idle culler, created by request, stops a notebook the utilisation script makes idle', () => {
    const { clock, call, controls } = routeHarness();
    const id = controls.addNotebook({ workspaceId: 'ws1', utilisation: { cpu: 70, gpu: 70 } });
    bodyOf(call('POST', `/api/v2/instances/${id}/idleinstanceculler`, {}, { MaxIdleTimeInMinutes: 30 }));
    controls.planNotebookUtilisation(id, [{ afterMs: 60 * MIN, cpu: 2, gpu: 0 }]);
    clock.advance(89 * MIN);
    const running = { Status: 'Running', IdleInstanceCuller: { IdleTimeInMinutes: 29 } };
    expect(bodyOf(call('GET', `/api/v2/instances/${id}`))).toMatchObject(running);
    clock.advance(1 * MIN);
    expect(bodyOf(call('GET', `/api/v2/instances/${id}`)).Status).toBe('Stopping');
    expect(controls.notebooks()[0]).toMatchObject({ status: 'Stopping', culledAt: [T0 + 90 * MIN] });
    // One policy per instance.
    const again = call('POST', `/api/v2/instances/${id}/idleinstanceculler`, {}, { MaxIdleTimeInMinutes: 30 });
    expect(again).toMatchObject({ ok: false, status: 400 });
    bodyOf(call('DELETE', `/api/v2/instances/${id}/idleinstanceculler`));
    expect(call('GET', `/api/v2/instances/${id}/idleinstanceculler`)).toMatchObject({ ok: false, status: 404 });
  });

  it('refuses a culler body outside CreateIdleInstanceCullerRequest and fills missing thresholds', () => {
    const { call, controls } = routeHarness();
    const id = controls.addNotebook({ workspaceId: 'ws1' });
    const path = `/api/v2/instances/${id}/idleinstanceculler`;
    const refused = [
      {},
      { MaxIdleTimeInMinutes: 0 },
      { MaxIdleTimeInMinutes: 60, CpuPercentThreshold: 0 },
      { MaxIdleTimeInMinutes: 60, Cpu: 5 },
    ];
    for (const body of refused) {
      expect(call('POST', path, {}, body), JSON.stringify(body)).toMatchObject({ ok: false, status: 400 });
    }
    bodyOf(call('POST', path, {}, { MaxIdleTimeInMinutes: 60, GpuPercentThreshold: 5 }));
    const policy = { CpuPercentThreshold: 20, GpuPercentThreshold: 5, MaxIdleTimeInMinutes: 60, IdleTimeInMinutes: 0 };
    expect(bodyOf(call('GET', path))).toMatchObject(policy);
  });

  it('stop and start only from the states that allow them', () => {
    const { clock, call, controls } = routeHarness();
    const id = controls.addNotebook({ workspaceId: 'ws1', status: 'Stopped' });
    expect(call('PUT', `/api/v2/instances/${id}/stop`)).toMatchObject({ ok: false, code: 'IncorrectInstanceStatus' });
    bodyOf(call('PUT', `/api/v2/instances/${id}/start`));
    expect(call('PUT', `/api/v2/instances/${id}/start`)).toMatchObject({ ok: false, code: 'IncorrectInstanceStatus' });
    clock.advance(10_000);
    expect(call('PUT', `/api/v2/instances/${id}/stop`, { SaveImage: 'yes' })).toMatchObject({ ok: false, status: 400 });
    bodyOf(call('PUT', `/api/v2/instances/${id}/stop`, { SaveImage: 'true' }));
    expect(call('GET', '/api/v2/instances/dsw-0000000000000000')).toMatchObject({ ok: false, status: 404 });
  });

  it('GetInstanceMetrics: one series per pod, a point per TimeStep while running, from the utilisation', () => {
    const { clock, call, controls } = routeHarness();
    const id = controls.addNotebook({ workspaceId: 'ws1', utilisation: { cpu: 40, gpu: 90 } });
    clock.advance(30 * MIN);
    controls.setNotebookUtilisation(id, { cpu: 40, gpu: 3 });
    clock.advance(30 * MIN);
    const window = { StartTime: '2026-01-01T00:00:00Z', EndTime: '2026-01-01T01:00:00Z' };
    const query = { MetricType: 'GpuCoreUsage', ...window, TimeStep: '15m' };
    const r = bodyOf(call('GET', `/api/v2/instance/${id}/metrics`, query));
    const pods = r.PodMetrics as { PodId: string; Metrics: { Time: number; Value: number }[] }[];
    expect(pods).toHaveLength(1);
    expect(pods[0]?.PodId).toMatch(/^dsw-\d{5}-[0-9a-f]{10}-[a-z0-9]{5}$/);
    expect(pods[0]?.Metrics.map((m) => [m.Time - T0 / 1000, m.Value])).toEqual([
      [0, 90],
      [900, 90],
      [1800, 3],
      [2700, 3],
      [3600, 3],
    ]);
    const refused: Record<string, string>[] = [
      {},
      { MetricType: 'GpuUtil' },
      { MetricType: 'CpuCoreUsage', TimeStep: '15' },
      { MetricType: 'CpuCoreUsage', StartTime: '2026-01-01T00:00:00.000Z' },
    ];
    for (const bad of refused) {
      const reply = call('GET', `/api/v2/instance/${id}/metrics`, bad);
      expect(reply, JSON.stringify(bad)).toMatchObject({ ok: false, status: 400 });
    }
  });

  it('ListEcsSpecs: AcceleratorType required, prices in CNY, a price can be taken away', () => {
    const { call, controls } = routeHarness();
    expect(call('GET', '/api/v2/ecsspecs')).toMatchObject({ ok: false, status: 400 });
    const a10 = () => {
      const specs = bodyOf(call('GET', '/api/v2/ecsspecs', { AcceleratorType: 'GPU', PageSize: '100' })).EcsSpecs;
      return (specs as Record<string, unknown>[]).find((s) => s.InstanceType === 'ecs.gn7i-c8g1.2xlarge');
    };
    expect(a10()).toMatchObject({ GPU: 1, GPUType: 'A10', Price: 13.5, Currency: 'CNY' });
    controls.setEcsSpecPrice('ecs.gn7i-c8g1.2xlarge', undefined);
    expect(a10()).not.toHaveProperty('Price');
    expect(() => controls.setEcsSpecPrice('ecs.nope', 1)).toThrow(/no instance type/);
  });
});

describe('the simulator serves DSW beside DLC, EAS and AIWorkspace', () => {
  it('exposes the DSW controls on PaiSimulator', () => {
    const sim: PaiSimulator = createPaiSimulator({ clock: new ManualClock(T0), credentials: { AK1: 'secret1' } });
    const id = sim.addNotebook({ workspaceId: 'ws1', name: 'bert-dev', runningBeforeMs: 2 * MIN });
    const seeded = { instanceId: id, name: 'bert-dev', status: 'Running', accumulatedRunningTimeMs: 2 * MIN };
    expect(sim.notebooks()).toMatchObject([seeded]);
    expect(() => sim.setNotebookUtilisation('dsw-missing', { cpu: 0, gpu: 0 })).toThrow(/no notebook/);
    expect(() => sim.addNotebook({ workspaceId: 'ws1', ecsSpec: 'ecs.unknown' })).toThrow(/spec list/);
  });
});
