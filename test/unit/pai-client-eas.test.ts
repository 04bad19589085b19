// EAS client through the real transport: methods, paths (region as ClusterId), query encoding, raw-JSON bodies,
// action/version headers and response normalisation.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiCallRequest, OpenApiTransport } from '../../src/pai/openapi.js';
import {
  createEasClient,
  DEFAULT_SERVICE_WRITE_TIMEOUT_MS,
  eventTimeParam,
  listServicesQuery,
  servicePath,
  type EasClient,
} from '../../src/pai/eas-client.js';
import type { ServiceConfig } from '../../src/pai/eas-types.js';
import { PaiError } from '../../src/pai/errors.js';
import { useRecordingOpenApiServer, type RecordedRequest } from '../support/recording-openapi-server.js';

const api = useRecordingOpenApiServer({ accessKeyId: 'AK-eas', accessKeySecret: 'secret-eas-123456' });
let eas: EasClient;

beforeAll(() => {
  eas = createEasClient(api.transport, { region: 'cn-shanghai' });
});

const last = (): RecordedRequest => api.last();

const expectAction = (r: RecordedRequest, action: string): void => {
  expect(r.headers['x-acs-action']).toBe(action);
  expect(r.headers['x-acs-version']).toBe('2021-07-01');
};

const SVC = '/api/v2/services/cn-shanghai/my_svc';

describe('EAS client: service lifecycle', () => {
  it('createService POSTs the config as raw JSON text with WorkspaceId in the query', async () => {
    const created = {
      RequestId: 'r-c',
      ServiceId: 'eas-m-1',
      ServiceName: 'my_svc',
      Status: 'Creating',
      Region: 'cn-shanghai',
      InternetEndpoint: 'http://x.cn-shanghai.pai-eas.aliyuncs.com/api/predict/my_svc',
    };
    api.answer = { status: 200, json: created };
    const config: ServiceConfig = {
      metadata: { name: 'my_svc', instance: 2, workspace_id: 'ws-1', cpu: 4, memory: 8000 },
      cloud: { computing: { instances: [{ type: 'ecs.gn6i-c4g1.xlarge' }] } },
      containers: [{ image: 'registry/img:1', command: 'python app.py', port: 8000, env: [{ name: 'A', value: '1' }] }],
      storage: [{ mount_path: '/models', oss: { path: 'oss://bkt/models/', readOnly: true } }],
    };
    await expect(eas.createService(config, { workspaceId: 'ws-1' })).resolves.toEqual(created);
    const r = last();
    expect(r.method).toBe('POST');
    expect(r.rawPath).toBe('/api/v2/services');
    expect(r.query).toEqual({ WorkspaceId: 'ws-1' });
    // Byte-for-byte the JSON text of the config, not a re-encoded (double-quoted) string.
    expect(r.body).toBe(JSON.stringify(config));
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.headers['x-acs-content-sha256']).toBe(createHash('sha256').update(r.body).digest('hex'));
    expect(r.headers.authorization).toMatch(/^ACS3-HMAC-SHA256 Credential=AK-eas,/);
    expectAction(r, 'CreateService');
  });

  it('createService omits WorkspaceId when none is given', async () => {
    await eas.createService({ metadata: { name: 's', instance: 1 } }, {});
    expect(last().query).toEqual({});
    expect(last().body).toBe('{"metadata":{"name":"s","instance":1}}');
  });

  it('describeService GETs the service path with the region as ClusterId', async () => {
    api.answer = {
      status: 200,
      json: { RequestId: 'r-d', ServiceName: 'my_svc', Status: 'Running', RunningInstance: 1, TotalInstance: 1 },
    };
    const s = await eas.describeService('my_svc');
    expect(s.Status).toBe('Running');
    expect(last()).toMatchObject({ method: 'GET', rawPath: SVC, query: {}, body: '' });
    expectAction(last(), 'DescribeService');
  });

  it('percent-encodes the service name', async () => {
    api.answer = { status: 200, json: { RequestId: 'r-d', ServiceName: 'a/b c', Status: 'Running' } };
    await eas.describeService('a/b c');
    expect(last().rawPath).toBe('/api/v2/services/cn-shanghai/a%2Fb%20c');
    expect(servicePath('cn-shanghai', 'x?y#z')).toBe('/api/v2/services/cn-shanghai/x%3Fy%23z');
  });

  it('updateService PUTs the partial config as raw JSON text with UpdateType=merge', async () => {
    api.answer = { status: 200, json: { RequestId: 'r-u', Message: 'Successfully updated service' } };
    const partial = { containers: [{ image: 'registry/img:2' }], metadata: { instance: 3 } };
    await expect(eas.updateService('my_svc', partial)).resolves.toEqual({
      RequestId: 'r-u',
      Message: 'Successfully updated service',
    });
    const r = last();
    expect(r).toMatchObject({ method: 'PUT', rawPath: SVC, query: { UpdateType: 'merge' } });
    expect(r.body).toBe(JSON.stringify(partial));
    expectAction(r, 'UpdateService');
  });

  it('scaleService PUTs {"Instance":n} to /scale', async () => {
    api.answer = { status: 200, json: { RequestId: 'r-s', Message: 'ok' } };
    await eas.scaleService('my_svc', 3);
    const r = last();
    expect(r).toMatchObject({ method: 'PUT', rawPath: `${SVC}/scale`, query: {} });
    expect(r.body).toBe('{"Instance":3}');
    expectAction(r, 'ScaleService');
  });

  it.each([
    ['startService', 'StartService', '/start'],
    ['stopService', 'StopService', '/stop'],
    ['restartService', 'RestartService', '/restart'],
  ] as const)('%s PUTs to %s without a body', async (method, action, suffix) => {
    api.answer = { status: 200, json: { RequestId: 'r-x', Message: 'done' } };
    await expect(eas[method]('my_svc')).resolves.toEqual({ RequestId: 'r-x', Message: 'done' });
    expect(last()).toMatchObject({ method: 'PUT', rawPath: `${SVC}${suffix}`, query: {}, body: '' });
    expectAction(last(), action);
  });

  it('deleteService DELETEs the service path', async () => {
    api.answer = { status: 200, json: { RequestId: 'r-del', Message: 'deleted' } };
    await eas.deleteService('my_svc');
    expect(last()).toMatchObject({ method: 'DELETE', rawPath: SVC, query: {}, body: '' });
    expectAction(last(), 'DeleteService');
  });

  it('releaseService PUTs Weight and TrafficState to /release', async () => {
    await eas.releaseService('my_svc', { Weight: 20, TrafficState: 'grouping' });
    const r = last();
    expect(r).toMatchObject({ method: 'PUT', rawPath: `${SVC}/release` });
    expect(JSON.parse(r.body)).toEqual({ Weight: 20, TrafficState: 'grouping' });
    expectAction(r, 'ReleaseService');
  });
});

describe('EAS client: autoscaler', () => {
  const req = { min: 1, max: 5, scaleStrategies: [{ metricName: 'qps' as const, threshold: 10 }] };

  it('createAutoScaler POSTs the lower-case body to /autoscaler', async () => {
    await eas.createAutoScaler('my_svc', req);
    const r = last();
    expect(r).toMatchObject({ method: 'POST', rawPath: `${SVC}/autoscaler` });
    expect(r.body).toBe('{"min":1,"max":5,"scaleStrategies":[{"metricName":"qps","threshold":10}]}');
    expectAction(r, 'CreateServiceAutoScaler');
  });

  it('updateAutoScaler PUTs the lower-case body to /autoscaler', async () => {
    await eas.updateAutoScaler('my_svc', { min: 2, max: 4, scaleStrategies: [{ metricName: 'cpu', threshold: 50 }] });
    const r = last();
    expect(r).toMatchObject({ method: 'PUT', rawPath: `${SVC}/autoscaler` });
    expect(JSON.parse(r.body)).toEqual({ min: 2, max: 4, scaleStrategies: [{ metricName: 'cpu', threshold: 50 }] });
    expectAction(r, 'UpdateServiceAutoScaler');
  });

  it('describeAutoScaler GETs /autoscaler', async () => {
    const body = {
      RequestId: 'r-a',
      ServiceName: 'my_svc',
      MinReplica: 1,
      MaxReplica: 5,
      ScaleStrategies: [{ metricName: 'qps', threshold: 10 }],
      CurrentMetrics: [{ metricName: 'qps', value: 3 }],
    };
    api.answer = { status: 200, json: body };
    await expect(eas.describeAutoScaler('my_svc')).resolves.toEqual(body);
    expect(last()).toMatchObject({ method: 'GET', rawPath: `${SVC}/autoscaler`, body: '' });
    expectAction(last(), 'DescribeServiceAutoScaler');
  });
});

describe('EAS client: listing and diagnostics', () => {
  it('listServices sends Label as JSON and numbers as strings', async () => {
    api.answer = {
      status: 200,
      json: {
        RequestId: 'r-l',
        Services: [{ ServiceName: 'a', Status: 'Running' }],
        TotalCount: 1,
        PageNumber: 2,
        PageSize: 50,
      },
    };
    const res = await eas.listServices({
      WorkspaceId: 'ws-1',
      Label: { team: 'ml', 'bot-owner': 'U123' },
      PageNumber: 2,
      PageSize: 50,
      Filter: 'my',
      Order: 'desc',
    });
    expect(res.Services).toHaveLength(1);
    expect(res.TotalCount).toBe(1);
    const r = last();
    expect(r).toMatchObject({ method: 'GET', rawPath: '/api/v2/services', body: '' });
    expect(r.query).toEqual({
      WorkspaceId: 'ws-1',
      Label: '{"team":"ml","bot-owner":"U123"}',
      PageNumber: '2',
      PageSize: '50',
      Filter: 'my',
      Order: 'desc',
      // EAS defaults IncludeNoWorkspace to true; a workspace listing must not take in services of no workspace.
      IncludeNoWorkspace: 'false',
    });
    expectAction(r, 'ListServices');
  });

  it('listServices omits an empty Label and normalises a missing Services array', async () => {
    expect(listServicesQuery({ Label: {} })).toEqual({ Label: undefined });
    api.answer = { status: 200, json: { RequestId: 'r-e' } };
    await expect(eas.listServices({ Label: {} })).resolves.toEqual({ RequestId: 'r-e', Services: [], TotalCount: 0 });
    expect(last().query).toEqual({});
  });

  it('describeServiceEvents passes the query and normalises a missing Events array', async () => {
    api.answer = { status: 200, json: { RequestId: 'r-ev', TotalCount: 0 } };
    const start = eventTimeParam(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    await expect(
      eas.describeServiceEvents('my_svc', { StartTime: start, EventType: 'Warning', PageNum: 1, PageSize: 20 }),
    ).resolves.toEqual({ RequestId: 'r-ev', TotalCount: 0, Events: [] });
    expect(last()).toMatchObject({
      method: 'GET',
      rawPath: `${SVC}/events`,
      query: { StartTime: '2026-01-02 03:04:05', EventType: 'Warning', PageNum: '1', PageSize: '20' },
    });
    expectAction(last(), 'DescribeServiceEvent');
  });

  it('describeServiceEvents passes Events through', async () => {
    const ev = {
      Time: '2026-01-02T03:04:05Z',
      Type: 'Warning',
      Reason: 'BackOff',
      Message: '{"a":1}',
      Resource: 'Pod',
    };
    api.answer = { status: 200, json: { RequestId: 'r-ev', Events: [ev] } };
    const res = await eas.describeServiceEvents('my_svc');
    expect(res.Events).toEqual([ev]);
    expect(last().query).toEqual({});
  });

  it('listServiceInstances GETs /instances and normalises a missing Instances array', async () => {
    api.answer = { status: 200, json: { RequestId: 'r-i' } };
    await expect(eas.listServiceInstances('my_svc', { InstanceStatus: 'Running', PageSize: 10 })).resolves.toEqual({
      RequestId: 'r-i',
      Instances: [],
    });
    expect(last()).toMatchObject({
      method: 'GET',
      rawPath: `${SVC}/instances`,
      query: { InstanceStatus: 'Running', PageSize: '10' },
    });
    expectAction(last(), 'ListServiceInstances');
  });

  it('describeServiceDiagnosis GETs /diagnosis and normalises missing arrays', async () => {
    api.answer = { status: 200, json: { RequestId: 'r-dg' } };
    await expect(eas.describeServiceDiagnosis('my_svc')).resolves.toEqual({ RequestId: 'r-dg', DiagnosisList: [] });
    expect(last()).toMatchObject({ method: 'GET', rawPath: `${SVC}/diagnosis`, body: '' });
    expectAction(last(), 'DescribeServiceDiagnosis');

    api.answer = {
      status: 200,
      json: { RequestId: 'r-dg2', DiagnosisList: [{ Error: 'ImagePullBackOff', Causes: ['bad tag'] }] },
    };
    const res = await eas.describeServiceDiagnosis('my_svc');
    expect(res.DiagnosisList).toEqual([{ Error: 'ImagePullBackOff', Causes: ['bad tag'], Advices: [] }]);
  });
});

describe('EAS client: DescribeMachineSpec', () => {
  it('GETs the public instance type list with no query, drops items without a type, normalises a missing list', async () => {
    api.answer = {
      status: 200,
      json: {
        RequestId: 'r-ms',
        InstanceMetas: [{ InstanceType: 'ecs.c7.xlarge', CPU: 4, Memory: 8 }, { CPU: 2 }, { InstanceType: '' }],
      },
    };
    await expect(eas.describeMachineSpec()).resolves.toEqual({
      RequestId: 'r-ms',
      InstanceMetas: [{ InstanceType: 'ecs.c7.xlarge', CPU: 4, Memory: 8 }],
    });
    expect(last()).toMatchObject({ method: 'GET', rawPath: '/api/v2/public/instance_types', body: '' });
    expect(last().query).toEqual({});
    expectAction(last(), 'DescribeMachineSpec');
    api.answer = { status: 200, json: {} };
    await expect(eas.describeMachineSpec()).resolves.toEqual({ RequestId: '', InstanceMetas: [] });
  });

  it('a refusal is a PaiError naming the action', async () => {
    api.answer = { status: 403, json: { Code: 'Forbidden.RAM', Message: 'no permission', RequestId: 'r-ms2' } };
    const err = await eas.describeMachineSpec().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaiError);
    expect(err).toMatchObject({ action: 'DescribeMachineSpec', statusCode: 403 });
  });
});

describe('EAS client: errors and options', () => {
  it('a 404 becomes PaiError kind not_found naming the action', async () => {
    api.answer = {
      status: 404,
      json: { Code: 'InvalidService.NotFound', Message: 'service not found', RequestId: 'r-nf' },
    };
    const err = await eas.describeService('nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaiError);
    expect(err).toMatchObject({
      kind: 'not_found',
      action: 'DescribeService',
      requestId: 'r-nf',
      statusCode: 404,
      detail: 'service not found',
      retryable: false,
    });
  });

  it('refuses an empty or dot-segment service name without sending anything', async () => {
    for (const bad of ['', '  ', '.', '..']) {
      const err = await eas.deleteService(bad).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PaiError);
      expect(err).toMatchObject({ kind: 'invalid', action: 'DeleteService' });
    }
    expect(api.requests).toHaveLength(0);
  });

  it('uses a 30 s timeout for CreateService and UpdateService only, and trims the region', async () => {
    const seen: OpenApiCallRequest[] = [];
    const fake: OpenApiTransport = {
      call: <T>(req: OpenApiCallRequest) => {
        seen.push(req);
        return Promise.resolve({ RequestId: 'r' } as T);
      },
    };
    const c = createEasClient(fake, { region: ' cn-hangzhou ' });
    await c.createService({ metadata: { name: 's', instance: 1 } }, { workspaceId: 'ws' });
    await c.updateService('s', { metadata: { instance: 2 } });
    await c.describeService('s');
    expect(seen.map((r) => r.timeoutMs)).toEqual([
      DEFAULT_SERVICE_WRITE_TIMEOUT_MS,
      DEFAULT_SERVICE_WRITE_TIMEOUT_MS,
      undefined,
    ]);
    expect(DEFAULT_SERVICE_WRITE_TIMEOUT_MS).toBe(30_000);
    expect(seen[2]?.pathname).toBe('/api/v2/services/cn-hangzhou/s');
    expect(typeof seen[0]?.body).toBe('string');
    expect(() => createEasClient(fake, { region: ' ' })).toThrow(/region/);
  });
});

describe('eventTimeParam', () => {
  it('formats UTC as 2006-01-02 15:04:05, dropping milliseconds', () => {
    expect(eventTimeParam(Date.UTC(2006, 0, 2, 15, 4, 5, 999))).toBe('2006-01-02 15:04:05');
    expect(eventTimeParam(0)).toBe('1970-01-01 00:00:00');
  });

  it('rejects a non-finite time', () => {
    expect(() => eventTimeParam(Number.NaN)).toThrow(RangeError);
    expect(() => eventTimeParam(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
