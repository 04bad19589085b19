// The simulator is as strict as the SDK (packages/pai-sim/src/wire/): it refuses what the generated client would never
// send (unknown query keys, a body on a body-less action), a missing required field, a value outside a closed list and
// a time in another form than the documented one, so a misreading in the bot fails a test. The bot's own clients,
// pointed at it, are accepted.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@pai-bot/sim-kit/clock.js';
import { createDlcClient } from '../../src/pai/dlc-client.js';
import { createEasClient } from '../../src/pai/eas-client.js';
import { createOpenApiTransport } from '../../src/pai/openapi.js';
import { createPaiSimulator, type PaiSimulator } from '@pai-bot/pai-sim/index.js';
import { DLC_API_VERSION, type DlcEcsSpec } from '@pai-bot/pai-sim/wire/dlc.js';
import { EAS_API_VERSION, type EasMachineSpec } from '@pai-bot/pai-sim/wire/eas.js';
import { WORKSPACE_API_VERSION } from '@pai-bot/pai-sim/wire/workspace.js';
import { failure, sdkCaller } from '../support/openapi-sdk.js';

const T0 = Date.UTC(2026, 0, 10);
let clock: ManualClock;
let sim: PaiSimulator;
let base: string;

beforeEach(async () => {
  clock = new ManualClock(T0);
  sim = createPaiSimulator({
    clock,
    credentials: { AK1: 'secret1' },
    workspaces: [{ WorkspaceId: 'ws-dev', WorkspaceName: 'dev' }],
  });
  base = await sim.start();
});

afterEach(async () => {
  await sim.stop();
});

const dlcCall = () => sdkCaller(base, { version: DLC_API_VERSION });
const easCall = () => sdkCaller(base, { version: EAS_API_VERSION });
const job = (over: Record<string, unknown> = {}) => ({
  DisplayName: 'tf-mnist-test',
  JobType: 'TFJob',
  JobSpecs: [{ Type: 'Worker', Image: 'img:1', PodCount: 1, EcsSpec: 'ecs.c6.large' }],
  UserCommand: 'python /root/code/mnist.py',
  WorkspaceId: 'ws-dev',
  ...over,
});
const invalid = { statusCode: 400, code: 'InvalidParameter' };
/** models/EcsSpec.ts's fields: all the simulator's list may show. */
const DLC_ECS_SPEC_FIELDS: (keyof DlcEcsSpec)[] = [
  'AcceleratorType',
  'Cpu',
  'DefaultGPUDriver',
  'Gpu',
  'GpuMemory',
  'GpuType',
  'InstanceType',
  'IsAvailable',
  'Memory',
  'NonProtectSpotDiscount',
  'PaymentTypes',
  'ResourceType',
  'SpotStockStatus',
  'SupportedGPUDrivers',
];

describe('request shape: only what the SDK client sends', () => {
  it('refuses a query key the action does not take, and a body on a body-less action', async () => {
    const call = dlcCall();
    expect(await failure(call('ListJobs', 'GET', '/api/v1/jobs', { query: { Workspace: 'ws-dev' } }))).toMatchObject(
      invalid,
    );
    const created = (await call('CreateJob', 'POST', '/api/v1/jobs', { body: job() })).body.JobId as string;
    expect(
      await failure(call('StopJob', 'POST', `/api/v1/jobs/${created}/stop`, { body: { JobId: created } })),
    ).toMatchObject(invalid);
    expect((await call('StopJob', 'POST', `/api/v1/jobs/${created}/stop`)).body.JobId).toBe(created);
    expect(
      await failure(
        sdkCaller(base, { version: WORKSPACE_API_VERSION })('ListWorkspaces', 'GET', '/api/v1/workspaces', {
          query: { Ids: 'ws-dev' },
        }),
      ),
    ).toMatchObject(invalid);
  });
});

describe('DLC CreateJob as CreateJobRequest defines it', () => {
  it('refuses missing required fields, unknown fields, and values outside the closed lists', async () => {
    const call = dlcCall();
    for (const body of [
      job({ UserCommand: undefined }),
      job({ JobType: 'pytorchjob' }),
      job({ Command: 'python x.py' }),
      job({ JobSpecs: [{ Type: 'Master', Image: 'img:1', PodCount: 1 }] }), // a TFJob has no Master
      job({ JobSpecs: [{ Type: 'Worker', Image: 'img:1', PodCount: 1, SpotSpec: { SpotStrategy: 'SpotAsPriceGo' } }] }),
      job({
        JobSpecs: [
          {
            Type: 'Worker',
            Image: 'img:1',
            PodCount: 1,
            SpotSpec: { SpotStrategy: 'SpotWithPriceLimit', SpotDiscountLimit: 0.8, SpotPriceLimit: 0.4 },
          },
        ],
      }),
      job({ DataSources: [{ Path: 'oss://b/p/' }] }),
      job({ Settings: { tags: { a: 'b' } } }),
      job({ Priority: 10 }),
    ]) {
      expect(await failure(call('CreateJob', 'POST', '/api/v1/jobs', { body })), JSON.stringify(body)).toMatchObject(
        invalid,
      );
    }
  });
});

describe('DLC ListJobs query as ListJobsRequest defines it', () => {
  it('takes times only as 2020-11-08T16:00:00Z and statuses, sort keys and orders only as listed', async () => {
    const call = dlcCall();
    const list = (query: Record<string, string>) => call('ListJobs', 'GET', '/api/v1/jobs', { query });
    await list({ StartTime: '2026-01-01T00:00:00Z', Status: 'Running', SortBy: 'GmtFinishTime', Order: 'asc' });
    const refused: Record<string, string>[] = [
      { StartTime: '2026-01-01T00:00:00.000Z' },
      { EndTime: '2026-01-01 00:00:00' },
      { Status: 'running' },
      { Status: 'Dequeued' },
      { SortBy: 'CreateTime' },
      { Order: 'DESC' },
      { FromAllWorkspaces: 'true' },
      { ShowOwn: 'yes' },
    ];
    for (const query of refused) {
      expect(await failure(list(query)), JSON.stringify(query)).toMatchObject(invalid);
    }
  });
});

describe('DLC ListEcsSpecs as ListEcsSpecsRequest defines it', () => {
  const list = (query: Record<string, string> = {}) => dlcCall()('ListEcsSpecs', 'GET', '/api/v1/ecsspecs', { query });

  it('takes only its own query keys and values of its closed lists', async () => {
    await list({ AcceleratorType: 'GPU', ResourceType: 'ECS', SortBy: 'Memory', Order: 'asc', PageSize: '100' });
    const refused: Record<string, string>[] = [
      { Accelerator: 'GPU' },
      { AcceleratorType: 'gpu' },
      { ResourceType: 'DSW' },
      { SortBy: 'Gpu' },
      { Order: 'DESC' },
      { PageSize: '0' },
      { PageSize: '101' },
      { WorkspaceId: 'ws-dev' },
    ];
    for (const query of refused) {
      expect(await failure(list(query)), JSON.stringify(query)).toMatchObject(invalid);
    }
  });

  it('answers with the EcsSpec fields only, unavailable types included, filtered and paged as asked', async () => {
    const all = (await list({ PageSize: '100' })).body as { EcsSpecs: Record<string, unknown>[]; TotalCount: number };
    expect(all.TotalCount).toBe(all.EcsSpecs.length);
    const fields = new Set(all.EcsSpecs.flatMap((s) => Object.keys(s)));
    for (const f of fields) expect(DLC_ECS_SPEC_FIELDS, f).toContain(f);
    expect(all.EcsSpecs.some((s) => s.IsAvailable === false)).toBe(true);
    const gpu = (await list({ AcceleratorType: 'GPU', PageSize: '100' })).body.EcsSpecs as { Gpu: number }[];
    expect(gpu.length).toBeGreaterThan(0);
    expect(gpu.every((s) => s.Gpu > 0)).toBe(true);
    const two = (await list({ InstanceTypes: 'ecs.g6.xlarge,ecs.gn6i-c4g1.xlarge' })).body.EcsSpecs as {
      InstanceType: string;
    }[];
    expect(two.map((s) => s.InstanceType).sort()).toEqual(['ecs.g6.xlarge', 'ecs.gn6i-c4g1.xlarge']);
    const page2 = (await list({ PageNumber: '2', PageSize: '3' })).body as { EcsSpecs: unknown[]; TotalCount: number };
    expect(page2.EcsSpecs).toEqual(all.EcsSpecs.slice(3, 6));
    expect(page2.TotalCount).toBe(all.TotalCount);
  });

  it('setDlcEcsSpecs replaces the list; undefined restores the simulator’s own', async () => {
    const own = ((await list({ PageSize: '100' })).body.EcsSpecs as unknown[]).length;
    sim.setDlcEcsSpecs([
      { InstanceType: 'ecs.test.large', AcceleratorType: 'CPU', Cpu: 2, Memory: 8, IsAvailable: true },
    ]);
    expect((await list()).body).toMatchObject({ TotalCount: 1, EcsSpecs: [{ InstanceType: 'ecs.test.large' }] });
    sim.setDlcEcsSpecs(undefined);
    expect(((await list({ PageSize: '100' })).body.EcsSpecs as unknown[]).length).toBe(own);
  });
});

describe('EAS DescribeMachineSpec as DescribeMachineSpecRequest defines it', () => {
  const describeSpecs = (query: Record<string, string> = {}) =>
    easCall()('DescribeMachineSpec', 'GET', '/api/v2/public/instance_types', { query });
  /** DescribeMachineSpecResponseBodyInstanceMetas's fields: all the simulator's list may show. */
  const FIELDS: (keyof EasMachineSpec)[] = [
    'CPU',
    'GPU',
    'GPUAmount',
    'GPUMemory',
    'InstanceType',
    'IsAvailable',
    'Memory',
    'NonProtectSpotDiscount',
    'SpotDiscount',
    'StockStatus',
    'Vendor',
  ];

  it('takes only InstanceTypes as a query key', async () => {
    const refused: Record<string, string>[] = [
      { PageSize: '100' },
      { WorkspaceId: 'ws-dev' },
      { InstanceType: 'ecs.c7.xlarge' },
    ];
    for (const query of refused) {
      expect(await failure(describeSpecs(query)), JSON.stringify(query)).toMatchObject(invalid);
    }
    const two = (await describeSpecs({ InstanceTypes: 'ecs.c7.xlarge,ecs.gn6i-c4g1.xlarge' })).body.InstanceMetas as {
      InstanceType: string;
    }[];
    expect(two.map((s) => s.InstanceType).sort()).toEqual(['ecs.c7.xlarge', 'ecs.gn6i-c4g1.xlarge']);
  });

  it('answers with the InstanceMetas fields only, a type out of stock included', async () => {
    const body = (await describeSpecs()).body as { InstanceMetas: Record<string, unknown>[] };
    expect(body.InstanceMetas.length).toBeGreaterThan(1);
    for (const f of new Set(body.InstanceMetas.flatMap((s) => Object.keys(s)))) expect(FIELDS, f).toContain(f);
    expect(body.InstanceMetas.some((s) => s.StockStatus === 'NoStock' && s.IsAvailable === false)).toBe(true);
    expect(body.InstanceMetas.some((s) => typeof s.GPU === 'string' && (s.GPUAmount as number) > 0)).toBe(true);
    // The bot's client asks as the simulator takes it.
    const eas = createEasClient(
      createOpenApiTransport({ endpoint: base, credentials: { accessKeyId: 'AK1', accessKeySecret: 'secret1' } }),
      { region: 'cn-shanghai' },
    );
    const listed = await eas.describeMachineSpec();
    expect(listed.InstanceMetas.map((m) => m.InstanceType)).toEqual(body.InstanceMetas.map((m) => m.InstanceType));
    expect(sim.calls.filter((c) => c.status !== 200)).toEqual([]);
  });

  it('setEasMachineSpecs replaces the list; undefined restores the simulator’s own', async () => {
    const own = ((await describeSpecs()).body.InstanceMetas as unknown[]).length;
    sim.setEasMachineSpecs([{ InstanceType: 'ecs.test.large', CPU: 2, Memory: 8, IsAvailable: true }]);
    expect((await describeSpecs()).body).toMatchObject({ InstanceMetas: [{ InstanceType: 'ecs.test.large' }] });
    sim.setEasMachineSpecs(undefined);
    expect(((await describeSpecs()).body.InstanceMetas as unknown[]).length).toBe(own);
  });
});

describe('EAS as the SDK defines it', () => {
  const config = {
    metadata: { name: 'demo', instance: 1, workspace_id: 'ws-dev' },
    containers: [{ image: 'img:1', script: 'python app.py', port: 8000 }],
  };
  const svc = (sub = '') => `/api/v2/services/cn-shanghai/demo${sub}`;

  it('autoscaler: lower-case keys only, metricName from the closed list, no key the model lacks', async () => {
    const call = easCall();
    await call('CreateService', 'POST', '/api/v2/services', { body: JSON.stringify(config) });
    for (const body of [
      { min: 1, max: 3, scaleStrategies: [{ metricName: 'QPS', threshold: 10 }] },
      { min: 1, max: 3, scaleStrategies: [{ metricName: 'qps', threshold: 10, window: 60 }] },
      { Min: 1, Max: 3, ScaleStrategies: [{ metricName: 'qps', threshold: 10 }] },
      { min: 1, max: 3, scaleStrategies: [{ metricName: 'cpu', threshold: 50 }], behavior: { onIdle: {} } },
    ]) {
      expect(
        await failure(call('CreateServiceAutoScaler', 'POST', svc('/autoscaler'), { body })),
        JSON.stringify(body),
      ).toMatchObject(invalid);
    }
    await call('CreateServiceAutoScaler', 'POST', svc('/autoscaler'), {
      body: { min: 1, max: 3, scaleStrategies: [{ metricName: 'gpu[util]', threshold: 60 }] },
    });
  });

  it('scale, release and events: model fields, closed lists, the documented time layout', async () => {
    const call = easCall();
    await call('CreateService', 'POST', '/api/v2/services', { body: JSON.stringify(config) });
    expect(await failure(call('ScaleService', 'PUT', svc('/scale'), { body: { Instances: 2 } }))).toMatchObject(
      invalid,
    );
    expect(
      await failure(call('ReleaseService', 'PUT', svc('/release'), { body: { Weight: 50, TrafficState: 'shared' } })),
    ).toMatchObject(invalid);
    await call('ReleaseService', 'PUT', svc('/release'), { body: { TrafficState: 'grouping' } });
    const events = (query: Record<string, string>) => call('DescribeServiceEvent', 'GET', svc('/events'), { query });
    await events({ StartTime: '2026-01-10 00:00:00' });
    expect(await failure(events({ StartTime: '2026-01-10T00:00:00Z' }))).toMatchObject(invalid);
    expect(
      await failure(call('ListServices', 'GET', '/api/v2/services', { query: { ServiceStatus: 'Deploying' } })),
    ).toMatchObject(invalid);
  });

  it('ListServices includes services of no workspace unless IncludeNoWorkspace=false, and the bot asks for false', async () => {
    const call = easCall();
    await call('CreateService', 'POST', '/api/v2/services', { body: JSON.stringify(config) });
    expect(sim.addService({ name: 'legacy_svc' })).toBe(true); // created without a workspace
    const names = async (query: Record<string, string>) =>
      ((await call('ListServices', 'GET', '/api/v2/services', { query })).body.Services as { ServiceName: string }[])
        .map((s) => s.ServiceName)
        .sort();
    expect(await names({ WorkspaceId: 'ws-dev' })).toEqual(['demo', 'legacy_svc']);
    expect(await names({ WorkspaceId: 'ws-dev', IncludeNoWorkspace: 'false' })).toEqual(['demo']);

    const eas = createEasClient(
      createOpenApiTransport({ endpoint: base, credentials: { accessKeyId: 'AK1', accessKeySecret: 'secret1' } }),
      { region: 'cn-shanghai' },
    );
    expect((await eas.listServices({ WorkspaceId: 'ws-dev' })).Services.map((s) => s.ServiceName)).toEqual(['demo']);
  });

  it('shows no field the SDK models lack (AutoscalerEnabled, IsLatest, event Resource)', async () => {
    const call = easCall();
    await call('CreateService', 'POST', '/api/v2/services', { body: JSON.stringify(config) });
    await call('CreateServiceAutoScaler', 'POST', svc('/autoscaler'), {
      body: { min: 1, max: 3, scaleStrategies: [{ metricName: 'cpu', threshold: 50 }] },
    });
    clock.advance(60_000);
    expect((await call('DescribeService', 'GET', svc())).body).not.toHaveProperty('AutoscalerEnabled');
    const instances = (await call('ListServiceInstances', 'GET', svc('/instances'))).body.Instances as Record<
      string,
      unknown
    >[];
    expect(instances[0]).not.toHaveProperty('IsLatest');
    const events = (await call('DescribeServiceEvent', 'GET', svc('/events'))).body.Events as Record<string, unknown>[];
    expect(Object.keys(events[0] ?? {}).sort()).toEqual(['Message', 'Reason', 'Time', 'Type']);
  });
});

describe('the bot against the strict simulator', () => {
  it('DLC: create, list (with its documented time form), get, logs, events, stop', async () => {
    const dlc = createDlcClient(
      createOpenApiTransport({ endpoint: base, credentials: { accessKeyId: 'AK1', accessKeySecret: 'secret1' } }),
    );
    const { JobId } = await dlc.createJob({
      DisplayName: 'bert',
      JobType: 'PyTorchJob',
      JobSpecs: [
        {
          Type: 'Worker',
          Image: 'img:1',
          PodCount: 1,
          SpotSpec: { SpotStrategy: 'SpotWithPriceLimit', SpotDiscountLimit: 0.9 },
        },
      ],
      UserCommand: 'python train.py',
      WorkspaceId: 'ws-dev',
      Settings: { Tags: { 'chatops-request': 'r1' } },
    });
    clock.advance(10_000);
    const listed = await dlc.listJobs({
      WorkspaceId: 'ws-dev',
      JobIds: [JobId],
      StartTime: new Date(T0 - 86_400_000).toISOString(),
      Tags: { 'chatops-request': 'r1' },
    });
    expect(listed.Jobs.map((j) => j.JobId)).toEqual([JobId]);
    const got = await dlc.getJob(JobId);
    await dlc.getPodLogs(JobId, got.Pods?.[0]?.PodId ?? '', { MaxLines: 20 });
    await dlc.getJobEvents(JobId, { MaxEventsNum: 20 });
    await dlc.stopJob(JobId);
    const specs = await dlc.listEcsSpecs({ PageSize: 100 });
    expect(specs.EcsSpecs.map((s) => s.InstanceType)).toContain('ecs.g6.xlarge');
    expect(sim.calls.filter((c) => c.status !== 200)).toEqual([]);
  });
});
