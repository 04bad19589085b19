// PAI-DLC 2020-12-03: every action the bot's DlcClient calls, the exact request it builds checked against the fixture
// written from the SDK (test/contract/fixtures/dlc.json), and the SDK's example response through the client's parser.

import { beforeAll, describe, expect, it } from 'vitest';
import { createDlcClient, type DlcClient } from '../../src/pai/dlc-client.js';
import type {
  CreateJobRequest,
  GetJobEventsQuery,
  GetPodLogsQuery,
  ListEcsSpecsQuery,
  ListJobsQuery,
} from '../../src/pai/dlc-types.js';
import { buildCreateJobRequest } from '../../src/actions/training/build-create-job.js';
import type { DlcSubmit } from '../../src/slack/grammar/commands.js';
import { validateCreateJob } from '@pai-bot/pai-sim/job-validation.js';
import { useRecordingOpenApiServer } from '../support/recording-openapi-server.js';
import { describeContract, expectWithinContract, loadContract, tracked } from './contract-fixture.js';

const contract = loadContract('dlc');
const api = useRecordingOpenApiServer({ accessKeyId: 'AK-contract', accessKeySecret: 'secret-contract-1' });
let dlc: DlcClient;
let called: Set<string>;

beforeAll(() => {
  ({ client: dlc, called } = tracked(createDlcClient(api.transport)));
});

type Input = Record<string, unknown>;
const INVOKE: Record<string, (input: Input) => Promise<unknown>> = {
  CreateJob: (i) => dlc.createJob(i as unknown as CreateJobRequest),
  GetJob: (i) => dlc.getJob(i.jobId as string),
  ListJobs: (i) => dlc.listJobs(i as ListJobsQuery),
  StopJob: (i) => dlc.stopJob(i.jobId as string),
  GetPodLogs: (i) => dlc.getPodLogs(i.jobId as string, i.podId as string, i.query as GetPodLogsQuery),
  GetJobEvents: (i) => dlc.getJobEvents(i.jobId as string, i.query as GetJobEventsQuery),
  ListEcsSpecs: (i) => dlc.listEcsSpecs(i as ListEcsSpecsQuery),
};

describeContract(
  contract,
  INVOKE,
  api,
  () => called,
  () => Object.keys(createDlcClient(api.transport)),
);

describe('CreateJob as the bot builds it from /pai dlc submit', () => {
  const submit: DlcSubmit = {
    kind: 'dlc.submit',
    name: 'tf-mnist-test',
    image: 'registry-vpc.cn-hangzhou.aliyuncs.com/cloud-dsw/tensorflow:1.12PAI-gpu-py36-cu101-ubuntu18.04',
    command: 'python /root/code/mnist.py',
    jobType: 'TFJob',
    workers: 2,
    instance: 'ecs.c6.large',
    data: [{ uri: 'oss://bucket/path/', bucket: 'bucket', path: 'path/' }],
    env: { key: 'value' },
    priority: 8,
    spot: true,
    skipPreflight: false,
  };
  const body = buildCreateJobRequest(submit, {
    workspaceId: 'ws-20210126170216-xxxxxxx',
    region: 'cn-hangzhou',
    requestKey: 'r-1',
    requesterId: 'U1',
  });

  it('stays within CreateJobRequest: its field names, required fields and closed lists', async () => {
    api.answer = { status: 200, json: { JobId: 'dlc7*******', RequestId: 'r' } };
    await dlc.createJob(body);
    const c = contract.actions.CreateJob!;
    expectWithinContract(api.last(), c, 'CreateJob', contract.version);
    // The DataSources Uri in the form of the SDK's example: oss://<bucket>.oss-<region>-internal.aliyuncs.com/<path>/
    expect(body.DataSources?.[0]?.Uri).toBe('oss://bucket.oss-cn-hangzhou-internal.aliyuncs.com/path/');
  });

  it('is accepted by the simulator, which checks CreateJob as strictly as the SDK defines it', () => {
    expect(validateCreateJob(body)).toMatchObject({ ok: true });
  });
});
