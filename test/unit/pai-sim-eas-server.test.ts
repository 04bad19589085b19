// Drives the EAS part of the simulator with the real @alicloud/openapi-client, the way the bot calls PAI-EAS
// 2021-07-01:
// CreateService/UpdateService bodies are the config JSON text passed verbatim as the OpenApiRequest body.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@pai-bot/sim-kit/clock.js';
import { EAS_VERSION, type Service, type ServiceEvent, type ServiceInstance } from '../../src/pai/eas-types.js';
import { createPaiSimulator, type PaiSimulator } from '@pai-bot/pai-sim/index.js';
import { failure, sdkCaller } from '../support/openapi-sdk.js';

const sdk = (base: string, accessKeyId?: string, accessKeySecret?: string) =>
  sdkCaller(base, { version: EAS_VERSION, accessKeyId, accessKeySecret });

const T0 = Date.UTC(2026, 0, 10);
const IMAGE = 'registry.cn-shanghai.aliyuncs.com/pai/llm-serve:1.0';

function config(name = 'qwen_chat', overrides: { instance?: number; image?: string; workspace_id?: string } = {}) {
  return {
    metadata: {
      name,
      instance: overrides.instance ?? 2,
      cpu: 8,
      memory: 32000,
      gpu: 1,
      ...(overrides.workspace_id ? { workspace_id: overrides.workspace_id } : {}),
    },
    cloud: { computing: { instances: [{ type: 'ecs.gn7i-c8g1.2xlarge' }] } },
    containers: [{ image: overrides.image ?? IMAGE, command: 'python serve.py', port: 8000 }],
  };
}

let clock: ManualClock;
let sim: PaiSimulator;
let base: string;
let call: ReturnType<typeof sdk>;
const logLines: string[] = [];

beforeEach(async () => {
  logLines.length = 0;
  clock = new ManualClock(T0);
  sim = createPaiSimulator({
    clock,
    credentials: { AK1: 'secret1' },
    workspaces: [
      { WorkspaceId: 'ws-dev', WorkspaceName: 'nlp_dev' },
      { WorkspaceId: 'ws-prod', WorkspaceName: 'nlp_prod', EnvTypes: ['prod'] },
    ],
    defaultServicePlan: { creatingMs: 2000, coldStartMs: 10_000, stoppingMs: 1000, deletingMs: 1000 },
    log: (line) => logLines.push(line),
  });
  base = await sim.start();
  call = sdk(base);
});

afterEach(async () => {
  await sim.stop();
});

const svc = (name: string, sub = '') => `/api/v2/services/cn-shanghai/${name}${sub}`;
const create = async (cfg: object = config(), query: Record<string, string> = { WorkspaceId: 'ws-dev' }) =>
  (await call('CreateService', 'POST', '/api/v2/services', { query, body: JSON.stringify(cfg) })).body;
const describeSvc = async (name = 'qwen_chat') =>
  (await call('DescribeService', 'GET', svc(name))).body as unknown as Service & Record<string, unknown>;
const counts = async (name = 'qwen_chat') => {
  const s = await describeSvc(name);
  return [s.Status, s.RunningInstance, s.PendingInstance, s.TotalInstance];
};
const instances = async (name = 'qwen_chat', query: Record<string, string> = {}) =>
  (await call('ListServiceInstances', 'GET', svc(name, '/instances'), { query })).body as {
    Instances: (ServiceInstance & Record<string, unknown>)[];
    TotalCount: number;
  };
const events = async (name = 'qwen_chat', query: Record<string, string> = {}) =>
  (await call('DescribeServiceEvent', 'GET', svc(name, '/events'), { query })).body as {
    Events: ServiceEvent[];
    TotalCount: number;
    TotalPageNum: number;
  };
const put = (action: string, name: string, sub: string, body?: unknown) =>
  call(action, 'PUT', svc(name, sub), body === undefined ? {} : { body });

describe('CreateService and DescribeService through the lifecycle', () => {
  it('creates from a config JSON string and goes Creating -> Waiting (pending instances) -> Running as the clock moves', async () => {
    const created = await create();
    expect(created).toMatchObject({
      RequestId: expect.any(String),
      ServiceId: expect.stringMatching(/^eas-m-[a-z0-9]{18}$/),
      ServiceName: 'qwen_chat',
      Status: 'Creating',
      Region: 'cn-shanghai',
      InternetEndpoint: expect.stringMatching(
        /^http:\/\/\d{16}\.cn-shanghai\.pai-eas\.aliyuncs\.com\/api\/predict\/qwen_chat$/,
      ),
      IntranetEndpoint: expect.stringMatching(
        /^http:\/\/\d{16}\.vpc\.cn-shanghai\.pai-eas\.aliyuncs\.com\/api\/predict\/qwen_chat$/,
      ),
    });
    expect(sim.callsOf('CreateService')[0]).toMatchObject({
      method: 'POST',
      path: '/api/v2/services',
      query: { WorkspaceId: 'ws-dev' },
      body: config(),
      status: 200,
    });

    expect(await counts()).toEqual(['Creating', 0, 0, 2]);
    clock.advance(2000);
    expect(await counts()).toEqual(['Waiting', 0, 2, 2]);
    expect((await instances()).Instances.map((i) => [i.Status, i.Reason, i.ReadyProcesses, i.TotalProcesses])).toEqual([
      ['Pending', 'ContainerCreating', 0, 1],
      ['Pending', 'ContainerCreating', 0, 1],
    ]);
    clock.advance(5000);
    expect((await instances()).Instances.map((i) => i.Reason)).toEqual(['PodInitializing', 'PodInitializing']);
    clock.advance(5000);
    const running = await describeSvc();
    expect(running).toMatchObject({
      Status: 'Running',
      RunningInstance: 2,
      PendingInstance: 0,
      TotalInstance: 2,
      ServiceId: created.ServiceId,
      Image: IMAGE,
      Region: 'cn-shanghai',
      WorkspaceId: 'ws-dev',
      CreateTime: '2026-01-10T00:00:00Z',
      UpdateTime: '2026-01-10T00:00:00Z',
      Weight: 100,
      CurrentVersion: 1,
      Cpu: 8,
      Memory: 32000,
      Gpu: 1,
      IntranetEndpoint: created.IntranetEndpoint,
    });
    // The SDK's Service model has no AutoscalerEnabled (it is only a ListServices filter), so DescribeService shows
    // none.
    expect(running).not.toHaveProperty('AutoscalerEnabled');
    expect(JSON.parse(running.ServiceConfig ?? '')).toEqual(config());
    const listed = await instances();
    expect(listed.TotalCount).toBe(2);
    expect(listed.Instances[0]).toMatchObject({
      InstanceName: expect.stringMatching(/^qwen_chat-[a-z0-9]{10}-[a-z0-9]{5}$/),
      Status: 'Running',
      ReadyProcesses: 1,
      RestartCount: 0,
      StartTime: '2026-01-10T00:00:02Z',
      InstanceType: 'ecs.gn7i-c8g1.2xlarge',
    });
    expect(sim.services()).toMatchObject([
      { ServiceName: 'qwen_chat', Status: 'Running', plan: { coldStartMs: 10_000 }, createdAt: T0 },
    ]);
    expect(logLines.some((l) => l.includes('CreateService qwen_chat'))).toBe(true);
  });

  it('takes the workspace from metadata.workspace_id and labels from the Labels query', async () => {
    await create(config('a_svc', { workspace_id: 'ws-prod' }), { Labels: JSON.stringify({ team: 'nlp' }) });
    expect(await describeSvc('a_svc')).toMatchObject({
      WorkspaceId: 'ws-prod',
      Labels: [{ LabelKey: 'team', LabelValue: 'nlp' }],
    });
  });
});

describe('bad input and unknown services', () => {
  it.each([
    ['not json at all', 'JSON'],
    [JSON.stringify({ containers: [{ image: IMAGE }] }), 'metadata'],
    [JSON.stringify({ metadata: { instance: 1 }, containers: [{ image: IMAGE }] }), 'metadata.name'],
    [JSON.stringify({ metadata: { name: 'Bad-Name', instance: 1 }, containers: [{ image: IMAGE }] }), 'metadata.name'],
    [JSON.stringify({ metadata: { name: '1abc', instance: 1 }, containers: [{ image: IMAGE }] }), 'metadata.name'],
    [JSON.stringify({ metadata: { name: 'ok_name' }, containers: [{ image: IMAGE }] }), 'metadata.instance'],
    [
      JSON.stringify({ metadata: { name: 'ok_name', instance: 1001 }, containers: [{ image: IMAGE }] }),
      'metadata.instance',
    ],
    [JSON.stringify({ metadata: { name: 'ok_name', instance: 1 } }), 'containers[0].image'],
    [
      JSON.stringify({ metadata: { name: 'ok_name', instance: 1 }, containers: [{ command: 'x' }] }),
      'containers[0].image',
    ],
    [JSON.stringify(JSON.stringify(config())), 'JSON object'],
  ])('rejects the body %s naming %s', async (body, field) => {
    const err = await failure(call('CreateService', 'POST', '/api/v2/services', { body }));
    expect(err).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect(err.message).toContain(field);
    expect(sim.services()).toHaveLength(0);
  });

  it('rejects a duplicate name, an unknown workspace and bad Labels', async () => {
    await create();
    expect(await failure(create())).toMatchObject({ code: 'InvalidService.AlreadyExists', statusCode: 400 });
    const ws = await failure(create(config('other'), { WorkspaceId: 'ws-nope' }));
    expect(ws).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect(ws.message).toContain('WorkspaceId');
    expect(await failure(create(config('other'), { Labels: 'team=nlp' }))).toMatchObject({ code: 'InvalidParameter' });
    expect(sim.services()).toHaveLength(1);
  });

  it('answers 404 InvalidService.NotFound for an unknown service on every per-service route', async () => {
    for (const [action, method, sub] of [
      ['DescribeService', 'GET', ''],
      ['UpdateService', 'PUT', ''],
      ['DeleteService', 'DELETE', ''],
      ['ScaleService', 'PUT', '/scale'],
      ['StartService', 'PUT', '/start'],
      ['StopService', 'PUT', '/stop'],
      ['RestartService', 'PUT', '/restart'],
      ['ReleaseService', 'PUT', '/release'],
      ['DescribeServiceAutoScaler', 'GET', '/autoscaler'],
      ['DescribeServiceEvent', 'GET', '/events'],
      ['ListServiceInstances', 'GET', '/instances'],
      ['DescribeServiceDiagnosis', 'GET', '/diagnosis'],
    ] as const) {
      const withBody = ['UpdateService', 'ScaleService', 'ReleaseService'].includes(action);
      const err = await failure(call(action, method, svc('nope', sub), withBody ? { body: {} } : {}));
      expect(err, action).toMatchObject({ statusCode: 404, code: 'InvalidService.NotFound' });
    }
  });

  it('rejects a ClusterId that is not the region', async () => {
    await create();
    const err = await failure(call('DescribeService', 'GET', '/api/v2/services/cn-hangzhou/qwen_chat'));
    expect(err).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    expect(err.message).toContain('ClusterId');
  });

  it('serves another region when configured', async () => {
    const other = createPaiSimulator({ clock, credentials: { AK1: 'secret1' }, region: 'ap-southeast-1' });
    const url = await other.start();
    try {
      const c = sdk(url);
      const created = (await c('CreateService', 'POST', '/api/v2/services', { body: JSON.stringify(config()) })).body;
      expect(created).toMatchObject({
        Region: 'ap-southeast-1',
        InternetEndpoint: expect.stringContaining('.ap-southeast-1.pai-eas.'),
      });
      expect((await c('DescribeService', 'GET', '/api/v2/services/ap-southeast-1/qwen_chat')).body.Region).toBe(
        'ap-southeast-1',
      );
    } finally {
      await other.stop();
    }
  });
});

describe('signature and fault knobs on EAS', () => {
  it('rejects a bad signature and never creates the service', async () => {
    const err = await failure(
      sdk(base, 'AK1', 'wrong')('CreateService', 'POST', '/api/v2/services', { body: JSON.stringify(config()) }),
    );
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
    expect(sim.services()).toHaveLength(0);
    expect(sim.rejected).toMatchObject([{ action: 'CreateService', errorCode: 'SignatureDoesNotMatch' }]);
    expect(sim.calls).toHaveLength(0);
  });

  it('refuses EAS actions sent with another version', async () => {
    expect(await failure(call('ListServices', 'GET', '/api/v2/services', {}, '2020-12-03'))).toMatchObject({
      code: 'InvalidAction.NotFound',
      statusCode: 400,
    });
  });

  it('throttleNext, serverErrorNext, nonJsonNext and denyAction match EAS action names', async () => {
    await create();
    sim.throttleNext(1, 'DescribeService');
    expect(await failure(describeSvc())).toMatchObject({ code: 'Throttling.User', statusCode: 400 });
    sim.serverErrorNext(1, 'ListServices');
    expect(await failure(call('ListServices', 'GET', '/api/v2/services'))).toMatchObject({
      code: 'ServiceUnavailable',
      statusCode: 503,
    });
    sim.nonJsonNext(1, 'ListServiceInstances');
    expect((await failure(instances())).name).toBe('SyntaxError');
    sim.denyAction('ScaleService', 'eas:ScaleService');
    const denied = await failure(put('ScaleService', 'qwen_chat', '/scale', { Instance: 5 }));
    expect(denied).toMatchObject({
      code: 'Forbidden.RAM',
      statusCode: 403,
      accessDeniedDetail: { AuthAction: 'eas:ScaleService' },
    });
    expect((await describeSvc()).TotalInstance).toBe(2);
    expect(sim.calls.filter((c) => c.fault).map((c) => [c.action, c.fault])).toEqual([
      ['DescribeService', 'throttle'],
      ['ListServices', 'serverError'],
      ['ListServiceInstances', 'nonJson'],
      ['ScaleService', 'denied'],
    ]);
  });
});

describe('ListServices', () => {
  const list = async (query: Record<string, string> = {}) =>
    (await call('ListServices', 'GET', '/api/v2/services', { query })).body as {
      Services: (Service & Record<string, unknown>)[];
      TotalCount: number;
      PageNumber: number;
      PageSize: number;
    };
  const names = async (query: Record<string, string> = {}) => (await list(query)).Services.map((s) => s.ServiceName);

  it('filters by name (fuzzy and exact), status and workspace; newest first; no IntranetEndpoint', async () => {
    await create(config('chat_a'));
    clock.advance(1000);
    await create(config('chat_b'), { WorkspaceId: 'ws-prod' });
    clock.advance(1000);
    await create(config('embed'));
    expect(await names()).toEqual(['embed', 'chat_b', 'chat_a']);
    expect(await names({ Order: 'asc' })).toEqual(['chat_a', 'chat_b', 'embed']);
    expect(await names({ Filter: 'CHAT' })).toEqual(['chat_b', 'chat_a']);
    expect(await names({ ServiceName: 'chat' })).toEqual([]);
    expect(await names({ ServiceName: 'chat_a' })).toEqual(['chat_a']);
    expect(await names({ WorkspaceId: 'ws-prod' })).toEqual(['chat_b']);
    expect(await names({ ServiceStatus: 'Waiting' })).toEqual(['chat_a']);
    expect(await names({ ServiceStatus: 'Creating' })).toEqual(['embed', 'chat_b']);
    const all = await list();
    expect(all).toMatchObject({ TotalCount: 3, PageNumber: 1, PageSize: 100 });
    expect(all.Services[0]).toHaveProperty('InternetEndpoint');
    expect(all.Services[0]).not.toHaveProperty('IntranetEndpoint');
  });

  it('pages from PageNumber 1 and refuses PageSize over 100', async () => {
    for (let i = 0; i < 5; i++) await create(config(`svc_${i}`));
    const page = await list({ PageSize: '2', PageNumber: '2', Order: 'asc' });
    expect(page.Services.map((s) => s.ServiceName)).toEqual(['svc_2', 'svc_3']);
    expect(page).toMatchObject({ TotalCount: 5, PageNumber: 2, PageSize: 2 });
    expect(await failure(list({ PageSize: '101' }))).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect(await failure(list({ PageNumber: '0' }))).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
  });
});

describe('scaling and updates', () => {
  it('ScaleService up starts a new episode with pending instances; down is immediate; 0 is Running 0/0', async () => {
    await create();
    clock.advance(12_000);
    expect((await put('ScaleService', 'qwen_chat', '/scale', { Instance: 4 })).body.Message).toContain('from 2 to 4');
    expect(await counts()).toEqual(['Scaling', 2, 2, 4]);
    expect(JSON.parse((await describeSvc()).ServiceConfig ?? '').metadata.instance).toBe(4);
    clock.advance(10_000);
    expect(await counts()).toEqual(['Running', 4, 0, 4]);
    await put('ScaleService', 'qwen_chat', '/scale', { Instance: 1 });
    expect(await counts()).toEqual(['Running', 1, 0, 1]);
    await put('ScaleService', 'qwen_chat', '/scale', { Instance: 0 });
    expect(await counts()).toEqual(['Running', 0, 0, 0]);
    expect((await instances()).TotalCount).toBe(0);
    await put('ScaleService', 'qwen_chat', '/scale', { Instance: 1 });
    expect(await counts()).toEqual(['Scaling', 0, 1, 1]);
    for (const Instance of [-1, 1001, 1.5, '2']) {
      expect(await failure(put('ScaleService', 'qwen_chat', '/scale', { Instance }))).toMatchObject({
        code: 'InvalidParameter',
        statusCode: 400,
      });
    }
    expect(await failure(put('ScaleService', 'qwen_chat', '/scale', {}))).toMatchObject({ code: 'InvalidParameter' });
  });

  it('UpdateService merges a partial config: an instance change scales, an image change rolls out (Updating)', async () => {
    await create();
    clock.advance(12_000);
    const scaled = await put('UpdateService', 'qwen_chat', '', JSON.stringify({ metadata: { instance: 3 } }));
    expect(scaled.body.Message).toContain('scaled to 3');
    expect(await counts()).toEqual(['Scaling', 2, 1, 3]);
    clock.advance(10_000);
    const rolled = await put(
      'UpdateService',
      'qwen_chat',
      '',
      JSON.stringify({ containers: [{ image: 'registry.example/llm:2', port: 8000 }] }),
    );
    expect(rolled.body.Message).toContain('version 2');
    const updating = await describeSvc();
    expect(updating).toMatchObject({
      Status: 'Updating',
      RunningInstance: 3,
      PendingInstance: 3,
      TotalInstance: 3,
      CurrentVersion: 2,
      Image: 'registry.example/llm:2',
    });
    expect(JSON.parse(updating.ServiceConfig ?? '')).toMatchObject({
      metadata: { name: 'qwen_chat', instance: 3, cpu: 8 },
      containers: [{ image: 'registry.example/llm:2' }],
    });
    expect((await instances()).Instances.map((i) => i.Status)).toEqual([
      'Running',
      'Running',
      'Running',
      'Pending',
      'Pending',
      'Pending',
    ]);
    clock.advance(10_000);
    expect(await counts()).toEqual(['Running', 3, 0, 3]);
    expect((await instances()).TotalCount).toBe(3);
    expect(
      (await put('UpdateService', 'qwen_chat', '', JSON.stringify({ metadata: { instance: 3 } }))).body.Message,
    ).toContain('unchanged');
    expect(
      await failure(put('UpdateService', 'qwen_chat', '', JSON.stringify({ metadata: { name: 'renamed' } }))),
    ).toMatchObject({ code: 'InvalidParameter' });
    expect(await failure(put('UpdateService', 'qwen_chat', '', JSON.stringify({ containers: [] })))).toMatchObject({
      code: 'InvalidParameter',
    });
  });
});

describe('stop, start, restart, delete', () => {
  it('stops (Stopping, then Stopped with 0 instances), starts with a new cold start, and refuses the wrong transitions', async () => {
    await create();
    clock.advance(12_000);
    expect((await failure(put('StartService', 'qwen_chat', '/start'))).message).toContain(
      'only a Stopped service can be started',
    );
    expect((await put('StopService', 'qwen_chat', '/stop')).body).toMatchObject({
      RequestId: expect.any(String),
      Message: expect.stringContaining('stopping'),
    });
    expect(await counts()).toEqual(['Stopping', 0, 0, 0]);
    expect((await instances()).Instances.map((i) => i.Status)).toEqual(['Terminating', 'Terminating']);
    clock.advance(1000);
    expect(await counts()).toEqual(['Stopped', 0, 0, 0]);
    const again = await failure(put('StopService', 'qwen_chat', '/stop'));
    expect(again).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    expect(again.message).toContain('already stopped');
    expect(await failure(put('RestartService', 'qwen_chat', '/restart'))).toMatchObject({ statusCode: 400 });
    await put('StartService', 'qwen_chat', '/start');
    expect(await counts()).toEqual(['Starting', 0, 2, 2]);
    clock.advance(10_000);
    expect(await counts()).toEqual(['Running', 2, 0, 2]);
  });

  it('restart replaces the instances with a short not-ready episode', async () => {
    await create();
    clock.advance(12_000);
    const before = (await instances()).Instances.map((i) => i.InstanceName);
    await put('RestartService', 'qwen_chat', '/restart');
    expect(await counts()).toEqual(['Starting', 0, 2, 2]);
    clock.advance(10_000);
    expect(await counts()).toEqual(['Running', 2, 0, 2]);
    const after = (await instances()).Instances.map((i) => i.InstanceName);
    expect(after.filter((n) => before.includes(n))).toEqual([]);
  });

  it('deletes: Deleting, then 404, and the name can be used again', async () => {
    await create();
    clock.advance(12_000);
    expect((await call('DeleteService', 'DELETE', svc('qwen_chat'))).body.Message).toContain('deleted');
    expect((await describeSvc()).Status).toBe('Deleting');
    expect(await failure(put('ScaleService', 'qwen_chat', '/scale', { Instance: 3 }))).toMatchObject({
      statusCode: 400,
    });
    expect(await failure(create())).toMatchObject({ code: 'InvalidService.AlreadyExists' });
    clock.advance(1000);
    expect(await failure(describeSvc())).toMatchObject({ statusCode: 404, code: 'InvalidService.NotFound' });
    expect(sim.services()).toHaveLength(0);
    await create();
    expect(await counts()).toEqual(['Creating', 0, 0, 2]);
  });
});

describe('autoscaler and traffic', () => {
  it('creates, describes, updates and deletes an autoscaler; the count is brought inside [min, max]', async () => {
    await create();
    clock.advance(12_000);
    const scaler = { min: 3, max: 6, scaleStrategies: [{ metricName: 'qps', threshold: 50 }] };
    await call('CreateServiceAutoScaler', 'POST', svc('qwen_chat', '/autoscaler'), { body: scaler });
    expect(await describeSvc()).toMatchObject({ Status: 'Scaling', TotalInstance: 3 });
    expect((await call('DescribeServiceAutoScaler', 'GET', svc('qwen_chat', '/autoscaler'))).body).toMatchObject({
      MinReplica: 3,
      MaxReplica: 6,
      ScaleStrategies: [{ metricName: 'qps', threshold: 50 }],
      CurrentMetrics: [{ metricName: 'qps', value: 0 }],
    });
    expect(
      await failure(call('CreateServiceAutoScaler', 'POST', svc('qwen_chat', '/autoscaler'), { body: scaler })),
    ).toMatchObject({ statusCode: 400 });
    // As strict as the SDK: scaleStrategies required, max above min.
    expect(
      await failure(
        call('UpdateServiceAutoScaler', 'PUT', svc('qwen_chat', '/autoscaler'), { body: { min: 1, max: 2 } }),
      ),
    ).toMatchObject({ statusCode: 400 });
    expect(
      await failure(
        call('UpdateServiceAutoScaler', 'PUT', svc('qwen_chat', '/autoscaler'), {
          body: { min: 2, max: 2, scaleStrategies: [{ metricName: 'cpu', threshold: 50 }] },
        }),
      ),
    ).toMatchObject({ statusCode: 400 });
    await call('UpdateServiceAutoScaler', 'PUT', svc('qwen_chat', '/autoscaler'), {
      body: { min: 1, max: 2, scaleStrategies: [{ metricName: 'cpu', threshold: 50 }] },
    });
    expect(await counts()).toEqual(['Running', 2, 0, 2]);
    expect(
      (await call('ListServices', 'GET', '/api/v2/services', { query: { AutoscalerEnabled: 'true' } })).body.TotalCount,
    ).toBe(1);
    await call('DeleteServiceAutoScaler', 'DELETE', svc('qwen_chat', '/autoscaler'));
    expect(
      (await call('ListServices', 'GET', '/api/v2/services', { query: { AutoscalerEnabled: 'true' } })).body.TotalCount,
    ).toBe(0);
    const none = (await call('DescribeServiceAutoScaler', 'GET', svc('qwen_chat', '/autoscaler'))).body;
    expect(none).not.toHaveProperty('MinReplica');
    expect(await failure(call('DeleteServiceAutoScaler', 'DELETE', svc('qwen_chat', '/autoscaler')))).toMatchObject({
      statusCode: 400,
    });
  });

  it.each([
    [{ min: 5, max: 2 }, 'min'],
    [{ min: 0, max: 0 }, 'max'],
    [{ max: 2 }, 'min'],
    [{ min: 1, max: 2, scaleStrategies: [{ metricName: 'qps' }] }, 'threshold'],
  ])('rejects the autoscaler %j naming %s', async (body, field) => {
    await create();
    const err = await failure(call('CreateServiceAutoScaler', 'POST', svc('qwen_chat', '/autoscaler'), { body }));
    expect(err).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    expect(err.message).toContain(field);
  });

  it('ReleaseService sets Weight and TrafficState; out of range is 400', async () => {
    await create();
    await put('ReleaseService', 'qwen_chat', '/release', { Weight: 20, TrafficState: 'grouping' });
    expect(await describeSvc()).toMatchObject({ Weight: 20, TrafficState: 'grouping' });
    await put('ReleaseService', 'qwen_chat', '/release', { Weight: -1 });
    expect(await describeSvc()).toMatchObject({ Weight: -1, TrafficState: 'grouping' });
    for (const body of [{ Weight: 1001 }, { Weight: -2 }, {}, { Weight: 10, TrafficState: 'solo' }]) {
      expect(await failure(put('ReleaseService', 'qwen_chat', '/release', body))).toMatchObject({
        statusCode: 400,
        code: 'InvalidParameter',
      });
    }
  });
});

describe('events, instances and diagnosis', () => {
  it('lists Normal events for each transition with EAS time format, filtered and paged', async () => {
    await create(config('qwen_chat', { instance: 1 }));
    clock.advance(12_000);
    const all = await events();
    expect(all.Events.map((e) => [e.Time, e.Type, e.Reason])).toEqual([
      ['2026-01-10 00:00:00', 'Normal', 'ServiceCreated'],
      ['2026-01-10 00:00:02', 'Normal', 'ScalingReplicaSet'],
      ['2026-01-10 00:00:02', 'Normal', 'Scheduled'],
      ['2026-01-10 00:00:02', 'Normal', 'Pulling'],
      ['2026-01-10 00:00:07', 'Normal', 'Pulled'],
      ['2026-01-10 00:00:12', 'Normal', 'Started'],
      ['2026-01-10 00:00:12', 'Normal', 'ServiceRunning'],
    ]);
    // Only the four fields of the SDK's event model.
    expect(Object.keys(all.Events[0] ?? {}).sort()).toEqual(['Message', 'Reason', 'Time', 'Type']);
    expect(all).toMatchObject({ TotalCount: 7, TotalPageNum: 1 });
    expect((await events('qwen_chat', { EventType: 'Warning' })).Events).toEqual([]);
    const page = await events('qwen_chat', { PageSize: '3', PageNum: '3' });
    expect(page).toMatchObject({ TotalCount: 7, TotalPageNum: 3 });
    expect(page.Events.map((e) => e.Reason)).toEqual(['ServiceRunning']);
    expect(
      (await events('qwen_chat', { StartTime: '2026-01-10 00:00:05', EndTime: '2026-01-10 00:00:10' })).Events.map(
        (e) => e.Reason,
      ),
    ).toEqual(['Pulled']);
    expect(await failure(events('qwen_chat', { EventType: 'Error' }))).toMatchObject({ statusCode: 400 });
    expect(await failure(events('qwen_chat', { StartTime: 'yesterday' }))).toMatchObject({ statusCode: 400 });
    // Only the documented form: an ISO time is refused.
    expect(await failure(events('qwen_chat', { StartTime: '2026-01-10T00:00:05Z' }))).toMatchObject({
      statusCode: 400,
    });
  });

  it('a failure plan: Failed with reason, failed instances, Warning events and a diagnosis', async () => {
    sim.planServiceNamed('broken', { outcome: 'Failed' });
    await create(config('broken', { image: 'registry.example/x:1' }));
    await create(config('healthy'));
    clock.advance(7000);
    expect((await call('DescribeServiceDiagnosis', 'GET', svc('broken', '/diagnosis'))).body.DiagnosisList).toEqual([]);
    clock.advance(5000);
    expect(await describeSvc('broken')).toMatchObject({
      Status: 'Failed',
      Reason: 'ImagePullBackOff',
      Message: expect.stringContaining('registry.example/x:1'),
      RunningInstance: 0,
      TotalInstance: 2,
    });
    expect((await instances('broken')).Instances.map((i) => [i.Status, i.Reason])).toEqual([
      ['Failed', 'ImagePullBackOff'],
      ['Failed', 'ImagePullBackOff'],
    ]);
    const warnings = (await events('broken', { EventType: 'Warning' })).Events;
    expect(warnings.map((e) => e.Reason)).toEqual(['Failed', 'BackOff', 'Failed', 'BackOff', 'ServiceFailed']);
    expect(warnings.every((e) => e.Type === 'Warning' && e.Time === '2026-01-10 00:00:12')).toBe(true);
    expect((await call('DescribeServiceDiagnosis', 'GET', svc('broken', '/diagnosis'))).body).toMatchObject({
      RequestId: expect.any(String),
      DiagnosisList: [
        {
          Error: 'ImagePullBackOff',
          Causes: ['the image registry.example/x:1 could not be pulled: access denied'],
          Advices: ['check the image address and the registry credentials (dockerAuth)'],
        },
      ],
    });
    expect((await describeSvc('healthy')).Status).toBe('Running');
    expect((await call('DescribeServiceDiagnosis', 'GET', svc('healthy', '/diagnosis'))).body.DiagnosisList).toEqual(
      [],
    );
    expect(await names(['Failed'])).toEqual(['broken']);

    // Fixing the image rolls out a healthy replica set.
    await put('UpdateService', 'broken', '', JSON.stringify({ containers: [{ image: 'registry.example/x:2' }] }));
    expect((await describeSvc('broken')).Status).toBe('Updating');
    clock.advance(10_000);
    expect(await counts('broken')).toEqual(['Running', 2, 0, 2]);
    expect((await call('DescribeServiceDiagnosis', 'GET', svc('broken', '/diagnosis'))).body.DiagnosisList).toEqual([]);
  });

  it('planNextService shapes only the next service, with custom reason, warnings and diagnosis', async () => {
    sim.planNextService({
      outcome: 'Failed',
      coldStartMs: 4000,
      reason: 'CrashLoopBackOff',
      message: 'the model server exited with code 137 (out of memory)',
      warningEvents: [{ Reason: 'OOMKilled', Message: 'container worker0 was OOM killed' }],
      diagnosis: [
        { Error: 'OOMKilled', Causes: ['memory limit 32000 MB exceeded'], Advices: ['raise metadata.memory'] },
      ],
    });
    await create(config('first'));
    await create(config('second'));
    expect(sim.services().map((s) => [s.ServiceName, s.plan.outcome])).toEqual([
      ['first', 'Failed'],
      ['second', 'Running'],
    ]);
    clock.advance(6000);
    expect(await describeSvc('first')).toMatchObject({
      Status: 'Failed',
      Reason: 'CrashLoopBackOff',
      Message: 'the model server exited with code 137 (out of memory)',
    });
    expect((await instances('first')).Instances[0]).toMatchObject({
      Status: 'Failed',
      Reason: 'CrashLoopBackOff',
      RestartCount: 1,
    });
    clock.advance(30_000);
    expect((await instances('first')).Instances[0]?.RestartCount).toBe(3);
    expect((await events('first', { EventType: 'Warning' })).Events.map((e) => [e.Reason, e.Message])).toEqual([
      ['OOMKilled', 'container worker0 was OOM killed'],
      ['ServiceFailed', 'CrashLoopBackOff: the model server exited with code 137 (out of memory)'],
    ]);
    expect((await call('DescribeServiceDiagnosis', 'GET', svc('first', '/diagnosis'))).body.DiagnosisList).toEqual([
      { Error: 'OOMKilled', Causes: ['memory limit 32000 MB exceeded'], Advices: ['raise metadata.memory'] },
    ]);
  });

  it('holdColdStart holds a new service in Waiting, then a later scale-up, once each', async () => {
    sim.holdColdStart('qwen_chat', 15 * 60_000);
    await create();
    expect(sim.services()[0]).not.toHaveProperty('heldColdStartMs');
    clock.advance(2000 + 14 * 60_000);
    expect(await counts()).toEqual(['Waiting', 0, 2, 2]);
    clock.advance(60_000);
    expect(await counts()).toEqual(['Running', 2, 0, 2]);

    sim.holdColdStart('qwen_chat', 120_000);
    expect(sim.services()[0]?.heldColdStartMs).toBe(120_000);
    await put('ScaleService', 'qwen_chat', '/scale', { Instance: 3 });
    clock.advance(119_000);
    expect(await counts()).toEqual(['Scaling', 2, 1, 3]);
    clock.advance(1000);
    expect(await counts()).toEqual(['Running', 3, 0, 3]);
    await put('ScaleService', 'qwen_chat', '/scale', { Instance: 4 });
    clock.advance(10_000);
    expect(await counts()).toEqual(['Running', 4, 0, 4]);
    expect(() => sim.holdColdStart('x', -1)).toThrow(RangeError);
  });

  it('ListServiceInstances filters by status and name', async () => {
    await create();
    clock.advance(12_000);
    await put('ScaleService', 'qwen_chat', '/scale', { Instance: 3 });
    expect((await instances('qwen_chat', { InstanceStatus: 'Pending' })).TotalCount).toBe(1);
    const [first] = (await instances()).Instances;
    expect(
      (await instances('qwen_chat', { InstanceName: first?.InstanceName ?? '' })).Instances.map((i) => i.InstanceName),
    ).toEqual([first?.InstanceName]);
    expect(await failure(instances('qwen_chat', { InstanceStatus: 'Sleeping' }))).toMatchObject({ statusCode: 400 });
  });
});

async function names(statuses: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const ServiceStatus of statuses) {
    const body = (await call('ListServices', 'GET', '/api/v2/services', { query: { ServiceStatus } })).body as {
      Services: Service[];
    };
    out.push(...body.Services.map((s) => s.ServiceName));
  }
  return out;
}
