// PAI-DSW 2022-01-01: every action the bot's DswClient calls, the exact request it builds checked against the fixture
// written from the SDK (test/contract/fixtures/dsw.json), the SDK's example responses through the client's parser; the
// client against the simulator through the real V3 signing; and compile-time checks that every field the bot's DSW
// types send or read is one the SDK models define (packages/pai-sim/src/wire/dsw.ts).

import { afterEach, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { ManualClock } from '@pai-bot/sim-kit/clock.js';
import { createPaiSimulator, type PaiSimulator } from '@pai-bot/pai-sim/index.js';
import {
  DSW_API_VERSION,
  DSW_METRIC_TYPES as SDK_METRIC_TYPES,
  type DSW_QUERY_KEYS,
  DSW_STATUSES,
  type IDLE_CULLER_BODY_KEYS,
  type WireDswGetInstance,
  type WireDswListItem,
  type WireEcsSpec,
  type WireIdleInstanceCuller,
  type WireMetricPoint,
  type WirePodMetrics,
  type WireRequestedResource,
} from '@pai-bot/pai-sim/wire/dsw.js';
import type { FileConfig } from '../../src/config/file-schema.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createPaiClients } from '../../src/pai/create-clients.js';
import { createDswClient, defaultDswEndpoint, listAllDswInstances, type DswClient } from '../../src/pai/dsw-client.js';
import {
  DSW_INSTANCE_STATUSES,
  DSW_METRIC_TYPES,
  DSW_VERSION,
  isKnownDswStatus,
  isRestingDswStatus,
  type CreateIdleInstanceCullerRequest,
  type DswEcsSpec,
  type DswIdleInstanceCuller,
  type DswInstance,
  type DswMetricPoint,
  type DswPodMetrics,
  type DswRequestedResource,
  type GetInstanceMetricsQuery,
  type ListEcsSpecsQuery,
  type ListInstancesQuery,
} from '../../src/pai/dsw-types.js';
import { PaiError } from '../../src/pai/errors.js';
import { createOpenApiTransport } from '../../src/pai/openapi.js';
import { isRetryable } from '../../src/pai/retry.js';
import { failure, sdkCaller } from '../support/openapi-sdk.js';
import { useRecordingOpenApiServer } from '../support/recording-openapi-server.js';
import { rejectionOf } from '../support/rejection.js';
import { describeContract, loadContract, tracked } from './contract-fixture.js';

const contract = loadContract('dsw');
const api = useRecordingOpenApiServer({ accessKeyId: 'AK-contract', accessKeySecret: 'secret-contract-1' });
let recorded: DswClient;
let called: Set<string>;

beforeAll(() => {
  ({ client: recorded, called } = tracked(createDswClient(api.transport)));
});

type Input = Record<string, unknown>;
const id = (i: Input) => i.instanceId as string;
const INVOKE: Record<string, (input: Input) => Promise<unknown>> = {
  ListInstances: (i) => recorded.listInstances(i as ListInstancesQuery),
  GetInstance: (i) => recorded.getInstance(id(i)),
  StopInstance: (i) => recorded.stopInstance(id(i), { saveImage: i.saveImage as boolean }),
  StartInstance: (i) => recorded.startInstance(id(i)),
  CreateIdleInstanceCuller: (i) => recorded.createIdleCuller(id(i), i.request as CreateIdleInstanceCullerRequest),
  GetIdleInstanceCuller: (i) => recorded.getIdleCuller(id(i)),
  DeleteIdleInstanceCuller: (i) => recorded.deleteIdleCuller(id(i)),
  GetInstanceMetrics: (i) => recorded.getInstanceMetrics(id(i), i.query as GetInstanceMetricsQuery),
  ListEcsSpecs: (i) => recorded.listEcsSpecs(i as unknown as ListEcsSpecsQuery),
};

describeContract(
  contract,
  INVOKE,
  api,
  () => called,
  () => Object.keys(createDswClient(api.transport)),
);

describe('DSW answers the bot does not mistake for success', () => {
  it('a 200 with Success=false is raised as the PaiError its code and status mean', async () => {
    const json = { RequestId: 'r-9', Success: false, Code: 'ValidationError', Message: 'bad id', HttpStatusCode: 404 };
    api.answer = { status: 200, json };
    const err = await rejectionOf<PaiError>(recorded.stopInstance('dsw-1'));
    expect(err).toBeInstanceOf(PaiError);
    expect(err).toMatchObject({ kind: 'not_found', action: 'StopInstance', requestId: 'r-9', retryable: false });
    api.answer = { status: 200, json: { RequestId: 'r-10', Success: false, Code: 'InternalError' } };
    const internal = await rejectionOf<PaiError>(recorded.listInstances());
    expect(internal).toMatchObject({ kind: 'unavailable', retryable: true });
  });

  it('refuses an empty or dot-segment instance id before anything is sent', async () => {
    for (const bad of ['', ' ', '.', '..']) {
      expect(await rejectionOf<PaiError>(recorded.stopInstance(bad))).toMatchObject({ kind: 'invalid' });
      const metrics = await rejectionOf<PaiError>(recorded.getInstanceMetrics(bad, { MetricType: 'GpuCoreUsage' }));
      expect(metrics).toMatchObject({ kind: 'invalid' });
    }
    expect(api.requests).toEqual([]);
  });

  it('keeps an unknown status as it is, and calls no unknown status resting (never taken for gone)', async () => {
    api.answer = { status: 200, json: { RequestId: 'r', InstanceId: 'dsw-1', Status: 'Hibernating' } };
    const got = await recorded.getInstance('dsw-1');
    expect(got.Status).toBe('Hibernating');
    expect(isKnownDswStatus(got.Status)).toBe(false);
    expect(isRestingDswStatus(got.Status)).toBe(false);
    expect(DSW_INSTANCE_STATUSES.filter(isRestingDswStatus)).toEqual(['SaveFailed', 'Stopped', 'Failed', 'Saved']);
  });
});

const T0 = Date.UTC(2026, 0, 10);
const MIN = 60_000;

describe('the bot against the DSW simulator, through the real signing', () => {
  let clock: ManualClock;
  let sim: PaiSimulator;
  let base: string;
  let dsw: DswClient;

  beforeEach(async () => {
    clock = new ManualClock(T0);
    const workspaces = [{ WorkspaceId: 'ws-dev', WorkspaceName: 'dev' }];
    sim = createPaiSimulator({ clock, credentials: { AK1: 'secret1' }, workspaces });
    base = await sim.start();
    const credentials = { accessKeyId: 'AK1', accessKeySecret: 'secret1' };
    dsw = createDswClient(createOpenApiTransport({ endpoint: base, credentials }));
  });

  afterEach(async () => {
    await sim.stop();
  });

  it('lists a workspace page by page, reads one notebook, and sees the culler stop it when idle', async () => {
    for (let n = 0; n < 12; n++) sim.addNotebook({ workspaceId: 'ws-dev', name: `nb-${n}`, runningBeforeMs: n * MIN });
    sim.addNotebook({ workspaceId: 'ws-other' });
    sim.addNotebook({ workspaceId: 'ws-dev', paymentType: 'Subscription', resourceId: 'rg-1' });
    const page = await dsw.listInstances({ WorkspaceId: 'ws-dev', Status: 'Running' });
    expect([page.Instances.length, page.TotalCount]).toEqual([10, 12]);
    expect(await listAllDswInstances(dsw, { WorkspaceId: 'ws-dev' })).toHaveLength(12);
    expect(await listAllDswInstances(dsw, { WorkspaceId: 'ws-dev', ResourceId: 'ALL' })).toHaveLength(13);

    const target = sim.notebooks().find((n) => n.name === 'nb-3')?.instanceId ?? '';
    const got = await dsw.getInstance(target);
    expect(got).toMatchObject({ InstanceId: target, InstanceName: 'nb-3', Status: 'Running', WorkspaceName: 'dev' });
    expect(got.AccumulatedRunningTimeInMs).toBe(3 * MIN);
    expect(got.EcsSpec).toBe('ecs.gn7i-c8g1.2xlarge');
    expect(got.IdleInstanceCuller).toBeUndefined();

    await dsw.createIdleCuller(target, { MaxIdleTimeInMinutes: 60, CpuPercentThreshold: 10, GpuPercentThreshold: 5 });
    sim.planNotebookUtilisation(target, [{ afterMs: 30 * MIN, cpu: 1, gpu: 0 }]);
    clock.advance(60 * MIN);
    expect((await dsw.getIdleCuller(target)).IdleTimeInMinutes).toBe(30);
    const running = await listAllDswInstances(dsw, { WorkspaceId: 'ws-dev', Status: 'Running' });
    const listed = running.find((i) => i.InstanceId === target);
    expect(listed?.IdleInstanceCuller).toMatchObject({ IdleTimeInMinutes: 30, MaxIdleTimeInMinutes: 60 });

    clock.advance(31 * MIN);
    expect((await dsw.getInstance(target)).Status).toBe('Stopped');
    expect((await dsw.getInstance(target)).AccumulatedRunningTimeInMs).toBe(3 * MIN + 90 * MIN);
    await dsw.startInstance(target);
    expect((await dsw.getInstance(target)).Status).toBe('Starting');
    await dsw.deleteIdleCuller(target);
    expect((await dsw.getInstance(target)).IdleInstanceCuller).toBeUndefined();
    expect(sim.calls.filter((c) => c.status !== 200)).toEqual([]);
    expect(new Set(sim.calls.map((c) => c.headers['x-acs-version']))).toEqual(new Set([DSW_VERSION]));
  });

  it('stops with SaveImage, reads GPU use per pod, lists ECS specs with prices', async () => {
    const target = sim.addNotebook({ workspaceId: 'ws-dev', utilisation: { cpu: 30, gpu: 85 } });
    clock.advance(30 * MIN);
    await dsw.stopInstance(target, { saveImage: true });
    expect(sim.callsOf('StopInstance')[0]?.query).toEqual({ SaveImage: 'true' });
    clock.advance(MIN);
    expect((await dsw.getInstance(target)).Status).toBe('Saved');
    const metrics = await dsw.getInstanceMetrics(target, {
      MetricType: 'GpuCoreUsage',
      StartTime: new Date(T0).toISOString(),
      EndTime: new Date(T0 + 30 * MIN).toISOString(),
      TimeStep: '10m',
    });
    expect(metrics.PodMetrics).toHaveLength(1);
    expect(metrics.PodMetrics[0]?.Metrics.map((m) => [m.Time, m.Value])).toEqual([
      [T0 / 1000, 85],
      [T0 / 1000 + 600, 85],
      [T0 / 1000 + 1200, 85],
    ]);
    const specs = await dsw.listEcsSpecs({ AcceleratorType: 'GPU', PageSize: 100 });
    const a10 = specs.EcsSpecs.find((s) => s.InstanceType === 'ecs.gn7i-c8g1.2xlarge');
    expect(a10).toMatchObject({ Price: 13.5, Currency: 'CNY' });
    sim.setEcsSpecPrice('ecs.gn7i-c8g1.2xlarge', undefined);
    const unpriced = await dsw.listEcsSpecs({ AcceleratorType: 'GPU', PageSize: 100 });
    expect(unpriced.EcsSpecs.find((s) => s.InstanceType === 'ecs.gn7i-c8g1.2xlarge')?.Price).toBeUndefined();
  });

  it('classifies errors as for the other products: not found, wrong state, throttled, forbidden', async () => {
    const stopped = sim.addNotebook({ workspaceId: 'ws-dev', status: 'Stopped' });
    const missing = await rejectionOf<PaiError>(dsw.getInstance('dsw-0000000000000000'));
    expect(missing).toMatchObject({ kind: 'not_found', statusCode: 404 });
    const wrongState = await rejectionOf<PaiError>(dsw.stopInstance(stopped));
    expect(wrongState).toMatchObject({ kind: 'invalid', code: 'IncorrectInstanceStatus' });
    expect(await rejectionOf<PaiError>(dsw.getIdleCuller(stopped))).toMatchObject({ kind: 'not_found' });
    sim.throttleNext(1, 'ListInstances');
    const throttled = await rejectionOf<PaiError>(dsw.listInstances({ WorkspaceId: 'ws-dev' }));
    expect(throttled).toMatchObject({ kind: 'throttled' });
    expect(isRetryable(throttled)).toBe(true);
    sim.denyAction('StartInstance', 'paidsw:StartInstance');
    const denied = await rejectionOf<PaiError>(dsw.startInstance(stopped));
    expect(denied).toMatchObject({ kind: 'forbidden', authAction: 'paidsw:StartInstance' });
  });

  it('PAI_DSW_ENDPOINT flows from the environment through the config to the DSW client', async () => {
    const yaml = 'region: cn-shanghai\nworkspaces:\n  - name: dev\n    id: "100001"\n    env: dev\n';
    const config = loadConfig({
      env: {
        SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
        SLACK_SIGNING_SECRET: 'signing-secret-0123456789',
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'AK1',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret1',
        PAI_DSW_ENDPOINT: base,
      },
      readFile: () => yaml,
    });
    expect(config.endpoints.dsw).toBe(base);
    sim.addNotebook({ workspaceId: 'ws-dev' });
    expect((await createPaiClients(config).dsw.listInstances({ WorkspaceId: 'ws-dev' })).TotalCount).toBe(1);
    expect(defaultDswEndpoint(' cn-shanghai\t')).toBe('pai-dsw.cn-shanghai.aliyuncs.com');
    const noOverride = { ...config, endpoints: {}, file: { region: 'cn-beijing' } as FileConfig };
    expect(Object.keys(createPaiClients(noOverride))).toContain('dsw');
  });
});

describe('the DSW simulator is as strict as the SDK', () => {
  let sim: PaiSimulator;
  let base: string;

  beforeEach(async () => {
    sim = createPaiSimulator({ clock: new ManualClock(T0), credentials: { AK1: 'secret1' } });
    base = await sim.start();
  });

  afterEach(async () => {
    await sim.stop();
  });

  it('refuses query keys, bodies and values the SDK would not send', async () => {
    const call = sdkCaller(base, { version: DSW_API_VERSION });
    const nb = sim.addNotebook({ workspaceId: 'ws-dev' });
    const invalid = { statusCode: 400, code: 'InvalidParameter' };
    const list = (query: Record<string, string>) => call('ListInstances', 'GET', '/api/v2/instances', { query });
    const refused: Record<string, string>[] = [
      { Workspace: 'ws-dev' },
      { Status: 'running' },
      { SortBy: 'CreateTime' },
      { Order: 'desc' },
      { MinGpu: '1' },
    ];
    for (const query of refused) {
      expect(await failure(list(query)), JSON.stringify(query)).toMatchObject(invalid);
    }
    const withBody = call('StopInstance', 'PUT', `/api/v2/instances/${nb}/stop`, { body: { SaveImage: true } });
    expect(await failure(withBody)).toMatchObject(invalid);
    // GetInstanceMetrics lives under the singular /api/v2/instance/; the plural path is no API.
    const gpuQuery = { query: { MetricType: 'GpuCoreUsage' } };
    const plural = call('GetInstanceMetrics', 'GET', `/api/v2/instances/${nb}/metrics`, gpuQuery);
    expect(await failure(plural)).toMatchObject({ statusCode: 404 });
    const specs = call('ListEcsSpecs', 'GET', '/api/v2/ecsspecs', { query: { AcceleratorType: 'PRIVATE' } });
    expect(await failure(specs)).toMatchObject(invalid);
    const oldVersion = call('GetInstance', 'GET', `/api/v2/instances/${nb}`, {}, '2021-01-01');
    expect(await failure(oldVersion)).toMatchObject({ code: 'InvalidAction.NotFound' });
  });
});

/** Keys of the bot's type that the SDK's model does not have. */
type NotInSdk<Bot, Sdk> = Exclude<keyof Bot, keyof Sdk>;
type NotIn<Bot, Keys extends readonly string[]> = Exclude<keyof Bot, Keys[number]>;

describe('the bot DSW types use only SDK field names', () => {
  it('requests', () => {
    expectTypeOf<NotIn<ListInstancesQuery, (typeof DSW_QUERY_KEYS)['ListInstances']>>().toEqualTypeOf<never>();
    type MetricsKeys = (typeof DSW_QUERY_KEYS)['GetInstanceMetrics'];
    expectTypeOf<NotIn<GetInstanceMetricsQuery, MetricsKeys>>().toEqualTypeOf<never>();
    expectTypeOf<NotIn<ListEcsSpecsQuery, (typeof DSW_QUERY_KEYS)['ListEcsSpecs']>>().toEqualTypeOf<never>();
    expectTypeOf<NotIn<CreateIdleInstanceCullerRequest, typeof IDLE_CULLER_BODY_KEYS>>().toEqualTypeOf<never>();
  });

  it('responses: list items and GetInstance, the culler, metrics, ECS specs', () => {
    expectTypeOf<NotInSdk<DswInstance, WireDswListItem>>().toEqualTypeOf<never>();
    expectTypeOf<NotInSdk<DswInstance, WireDswGetInstance>>().toEqualTypeOf<never>();
    expectTypeOf<NotInSdk<DswRequestedResource, WireRequestedResource>>().toEqualTypeOf<never>();
    expectTypeOf<NotInSdk<DswIdleInstanceCuller, WireIdleInstanceCuller>>().toEqualTypeOf<never>();
    expectTypeOf<NotInSdk<DswPodMetrics, WirePodMetrics>>().toEqualTypeOf<never>();
    expectTypeOf<NotInSdk<DswMetricPoint, WireMetricPoint>>().toEqualTypeOf<never>();
    expectTypeOf<NotInSdk<DswEcsSpec, WireEcsSpec>>().toEqualTypeOf<never>();
  });

  it('closed lists: the statuses and metric types are the SDK lists, in its order', () => {
    expect([...DSW_INSTANCE_STATUSES]).toEqual([...DSW_STATUSES]);
    expect([...DSW_METRIC_TYPES]).toEqual([...SDK_METRIC_TYPES]);
    expect(DSW_VERSION).toBe(DSW_API_VERSION);
  });
});
