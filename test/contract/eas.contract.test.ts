// PAI-EAS 2021-07-01: every action the bot's EasClient calls, the exact request it builds checked against the fixture
// written from the SDK (test/contract/fixtures/eas.json), and the SDK's example response through the client's parser.

import { beforeAll, describe, expect, it } from 'vitest';
import {
  createEasClient,
  eventTimeParam,
  type EasClient,
  type ListServiceInstancesQuery,
} from '../../src/pai/eas-client.js';
import type {
  DescribeServiceEventQuery,
  ListServicesQuery,
  ReleaseServiceRequest,
  ServiceConfig,
} from '../../src/pai/eas-types.js';
import { autoscalerRequest } from '../../src/actions/inference/autoscaler-request.js';
import { buildServiceConfig } from '../../src/actions/inference/build-service-config.js';
import type { EasChange } from '../../src/actions/action-jobs.js';
import { useRecordingOpenApiServer } from '../support/recording-openapi-server.js';
import { describeContract, expectWithinContract, loadContract, tracked, valuesAt } from './contract-fixture.js';

const contract = loadContract('eas');
const api = useRecordingOpenApiServer({ accessKeyId: 'AK-contract', accessKeySecret: 'secret-contract-1' });
let eas: EasClient;
let called: Set<string>;

beforeAll(() => {
  ({ client: eas, called } = tracked(createEasClient(api.transport, { region: contract.region ?? 'cn-shanghai' })));
});

type Input = Record<string, unknown>;
type Autoscale = Extract<EasChange, { verb: 'autoscale' }>;
const name = (i: Input) => i.name as string;
const INVOKE: Record<string, (input: Input) => Promise<unknown>> = {
  CreateService: (i) => eas.createService(i.config as ServiceConfig, { workspaceId: i.workspaceId as string }),
  DescribeService: (i) => eas.describeService(name(i)),
  ListServices: (i) => eas.listServices(i as ListServicesQuery),
  UpdateService: (i) => eas.updateService(name(i), i.partial as Record<string, unknown>),
  ScaleService: (i) => eas.scaleService(name(i), i.instances as number),
  // The bodies come from the bot's own builder, as /pai eas autoscale sends them.
  CreateServiceAutoScaler: (i) => eas.createAutoScaler(name(i), autoscalerRequest(i.change as Autoscale)),
  UpdateServiceAutoScaler: (i) => eas.updateAutoScaler(name(i), autoscalerRequest(i.change as Autoscale)),
  DescribeServiceAutoScaler: (i) => eas.describeAutoScaler(name(i)),
  StartService: (i) => eas.startService(name(i)),
  StopService: (i) => eas.stopService(name(i)),
  RestartService: (i) => eas.restartService(name(i)),
  DeleteService: (i) => eas.deleteService(name(i)),
  ReleaseService: (i) => eas.releaseService(name(i), i.release as ReleaseServiceRequest),
  DescribeServiceEvent: (i) =>
    eas.describeServiceEvents(name(i), {
      StartTime: eventTimeParam(i.startMs as number),
      EndTime: eventTimeParam(i.endMs as number),
      ...(i.query as DescribeServiceEventQuery),
    }),
  ListServiceInstances: (i) => eas.listServiceInstances(name(i), i.query as ListServiceInstancesQuery),
  DescribeServiceDiagnosis: (i) => eas.describeServiceDiagnosis(name(i)),
  DescribeMachineSpec: () => eas.describeMachineSpec(),
};

describeContract(
  contract,
  INVOKE,
  api,
  () => called,
  () => Object.keys(createEasClient(api.transport, { region: 'cn-shanghai' })),
);

describe('the service config the bot builds for /pai eas deploy', () => {
  const config = buildServiceConfig(
    {
      kind: 'eas.deploy',
      service: 'demo',
      image: 'eas-registry-vpc.cn-hangzhou.cr.aliyuncs.com/pai-eas/python-inference:py39-ubuntu2004',
      replicas: 1,
      port: 8000,
      command: 'python app.py',
      model: { uri: 'oss://bucket/path', bucket: 'bucket', path: 'path' },
    },
    '123456',
  );
  const keys = contract.actions.CreateService!.example.configKeys ?? {};

  it('uses only the documented keys of the service config (metadata, containers, storage)', () => {
    for (const [path, allowed] of Object.entries(keys)) {
      for (const value of valuesAt(config, path)) {
        expect(
          Object.keys(value as object).filter((k) => !allowed.includes(k)),
          path,
        ).toEqual([]);
      }
    }
  });

  it('has the shape of the documented example: metadata.name, cloud.computing.instances[].type, containers[].script', () => {
    expect(config).toMatchObject({
      metadata: { name: 'demo', instance: 1, workspace_id: '123456' },
      cloud: { computing: { instances: [{ type: expect.any(String) }] } },
      containers: [{ image: expect.any(String), script: 'python app.py', port: 8000 }],
      storage: [{ mount_path: expect.any(String), oss: { path: 'oss://bucket/path/', readOnly: true } }],
    });
  });
});

describe('CreateService with labels (what /pai gallery deploy sends)', () => {
  // eas-20210701 createServiceWithOptions: `Labels` is a map sent in the query as JSON text
  // (arrayToStringWithSpecifiedStyle(request.labels, 'Labels', 'json')); the body is unchanged.
  const c = contract.actions.CreateService!;
  const config = c.example.input.config as ServiceConfig;

  it('sends Labels as JSON text next to WorkspaceId, within the contract, the body as without labels', async () => {
    api.answer = { status: 200, json: c.example.response };
    const labels = { RootModelID: 'model-1', RootModelName: 'qwen2', RootModelVersion: '1.0.0' };
    await eas.createService(config, { workspaceId: '123456', labels });
    const r = api.last();
    expectWithinContract(r, c, 'CreateService', contract.version);
    expect(r.query).toEqual({ WorkspaceId: '123456', Labels: JSON.stringify(labels) });
    expect(r.body).toBe(c.example.request.bodyText);
  });

  it('leaves out an empty labels map', async () => {
    api.answer = { status: 200, json: c.example.response };
    await eas.createService(config, { workspaceId: '123456', labels: {} });
    expect(api.last().query).toEqual({ WorkspaceId: '123456' });
  });
});
