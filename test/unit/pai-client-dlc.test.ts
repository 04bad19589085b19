// DLC and AIWorkspace clients through the real transport: paths, query encoding, bodies and response normalisation.
import { beforeAll, describe, expect, it } from 'vitest';
import { createDlcClient, dlcTime, listJobsQuery, type DlcClient } from '../../src/pai/dlc-client.js';
import { createWorkspaceClient, type WorkspaceClient } from '../../src/pai/workspace-client.js';
import type { CreateJobRequest } from '../../src/pai/dlc-types.js';
import { PaiError } from '../../src/pai/errors.js';
import { useRecordingOpenApiServer, type RecordedRequest } from '../support/recording-openapi-server.js';

const api = useRecordingOpenApiServer({ accessKeyId: 'AK-dlc', accessKeySecret: 'secret-dlc-123456' });
let dlc: DlcClient;
let ws: WorkspaceClient;

beforeAll(() => {
  dlc = createDlcClient(api.transport);
  ws = createWorkspaceClient(api.transport);
});

const last = (): RecordedRequest => api.last();

describe('DLC client', () => {
  it('createJob POSTs the wire body to /api/v1/jobs', async () => {
    api.answer = { status: 200, json: { RequestId: 'r-c', JobId: 'dlc-abc' } };
    const req: CreateJobRequest = {
      DisplayName: 'resnet-50',
      JobType: 'PyTorchJob',
      JobSpecs: [{ Type: 'Worker', Image: 'registry/img:1', PodCount: 2, EcsSpec: 'ecs.gn6i-c4g1.xlarge' }],
      UserCommand: 'python train.py',
      WorkspaceId: 'ws-1',
      Envs: { A: '1' },
      Settings: { Tags: { team: 'ml' } },
    };
    await expect(dlc.createJob(req)).resolves.toEqual({ RequestId: 'r-c', JobId: 'dlc-abc' });
    const r = last();
    expect(r.method).toBe('POST');
    expect(r.rawPath).toBe('/api/v1/jobs');
    expect(JSON.parse(r.body)).toEqual(req);
    expect(r.headers['x-acs-action']).toBe('CreateJob');
    expect(r.headers['x-acs-version']).toBe('2020-12-03');
    expect(r.headers.authorization).toMatch(/^ACS3-HMAC-SHA256 Credential=AK-dlc,/);
  });

  it('getJob percent-encodes the job id in the path', async () => {
    api.answer = { status: 200, json: { RequestId: 'r-g', JobId: 'a/b c', DisplayName: 'x', Status: 'Running' } };
    const job = await dlc.getJob('a/b c');
    expect(job.Status).toBe('Running');
    expect(last()).toMatchObject({ method: 'GET', rawPath: '/api/v1/jobs/a%2Fb%20c' });
    expect(last().headers['x-acs-action']).toBe('GetJob');
  });

  it('listJobs joins JobIds with commas, sends Tags as JSON and booleans as strings', async () => {
    api.answer = {
      status: 200,
      json: { RequestId: 'r-l', Jobs: [{ JobId: 'j1', DisplayName: 'a', Status: 'Queuing' }], TotalCount: 1 },
    };
    const res = await dlc.listJobs({
      WorkspaceId: 'ws-1',
      JobIds: ['j1', 'j2'],
      Tags: { team: 'ml', 'bot-owner': 'U123' },
      ShowOwn: true,
      PageNumber: 2,
      PageSize: 50,
      Order: 'desc',
    });
    expect(res.Jobs).toHaveLength(1);
    expect(res.TotalCount).toBe(1);
    const r = last();
    expect(r.method).toBe('GET');
    expect(r.rawPath).toBe('/api/v1/jobs');
    expect(r.headers['x-acs-action']).toBe('ListJobs');
    expect(r.query).toEqual({
      WorkspaceId: 'ws-1',
      JobIds: 'j1,j2',
      Tags: '{"team":"ml","bot-owner":"U123"}',
      ShowOwn: 'true',
      PageNumber: '2',
      PageSize: '50',
      Order: 'desc',
    });
  });

  it('listJobs sends false as "false" and omits empty JobIds', async () => {
    expect(listJobsQuery({ ShowOwn: false, JobIds: [] })).toEqual({
      ShowOwn: false,
      JobIds: undefined,
      Tags: undefined,
      StartTime: undefined,
      EndTime: undefined,
    });
    await dlc.listJobs({ ShowOwn: false, JobIds: [] });
    expect(last().query).toEqual({ ShowOwn: 'false' });
  });

  it('listJobs normalises a missing Jobs array', async () => {
    api.answer = { status: 200, json: { RequestId: 'r-e' } };
    await expect(dlc.listJobs()).resolves.toEqual({ RequestId: 'r-e', Jobs: [], TotalCount: 0 });
    expect(last().query).toEqual({});
  });

  it('stopJob POSTs to /stop without a body', async () => {
    api.answer = { status: 200, json: { RequestId: 'r-s', JobId: 'dlc-1' } };
    await expect(dlc.stopJob('dlc-1')).resolves.toEqual({ RequestId: 'r-s', JobId: 'dlc-1' });
    expect(last()).toMatchObject({ method: 'POST', rawPath: '/api/v1/jobs/dlc-1/stop', body: '' });
    expect(last().headers['x-acs-action']).toBe('StopJob');
  });

  it('getPodLogs encodes both ids, passes the query and normalises Logs', async () => {
    api.answer = { status: 200, json: { RequestId: 'r-p' } };
    const res = await dlc.getPodLogs('dlc-1', 'dlc-1-worker-0', { MaxLines: 100, StartTime: '2026-01-01T00:00:00Z' });
    expect(res).toEqual({ RequestId: 'r-p', PodId: 'dlc-1-worker-0', Logs: [] });
    expect(last()).toMatchObject({
      method: 'GET',
      rawPath: '/api/v1/jobs/dlc-1/pods/dlc-1-worker-0/logs',
      query: { MaxLines: '100', StartTime: '2026-01-01T00:00:00Z' },
    });
    expect(last().headers['x-acs-action']).toBe('GetPodLogs');
  });

  it('getJobEvents normalises a missing Events array', async () => {
    api.answer = { status: 200, json: { RequestId: 'r-ev', JobId: 'dlc-1' } };
    await expect(dlc.getJobEvents('dlc/1', { MaxEventsNum: 10 })).resolves.toEqual({
      RequestId: 'r-ev',
      JobId: 'dlc-1',
      Events: [],
    });
    expect(last()).toMatchObject({ rawPath: '/api/v1/jobs/dlc%2F1/events', query: { MaxEventsNum: '10' } });
  });

  it('rejects with a PaiError naming the action', async () => {
    api.answer = { status: 404, json: { Code: 'NotFound', Message: 'job not found', RequestId: 'r-nf' } };
    const err = await dlc.getJob('nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaiError);
    expect(err).toMatchObject({ kind: 'not_found', action: 'GetJob', requestId: 'r-nf', detail: 'job not found' });
  });
});

describe('AIWorkspace client', () => {
  it('listWorkspaces uses version 2021-02-04 and comma-joins WorkspaceIds', async () => {
    api.answer = {
      status: 200,
      json: {
        RequestId: 'r-w',
        Workspaces: [{ WorkspaceId: '1', WorkspaceName: 'prod', EnvTypes: ['prod'] }],
        TotalCount: 1,
      },
    };
    const res = await ws.listWorkspaces({ WorkspaceIds: ['1', '2'], PageSize: 100 });
    expect(res.Workspaces[0]?.EnvTypes).toEqual(['prod']);
    const r = last();
    expect(r).toMatchObject({
      method: 'GET',
      rawPath: '/api/v1/workspaces',
      query: { WorkspaceIds: '1,2', PageSize: '100' },
    });
    expect(r.headers['x-acs-action']).toBe('ListWorkspaces');
    expect(r.headers['x-acs-version']).toBe('2021-02-04');
  });

  it('normalises a missing Workspaces array', async () => {
    api.answer = { status: 200, json: { RequestId: 'r-w0' } };
    await expect(ws.listWorkspaces()).resolves.toEqual({ RequestId: 'r-w0', Workspaces: [], TotalCount: 0 });
  });
});

describe('ListJobs times', () => {
  it('are sent as the API documents them (2025-04-16T07:25:34Z), never with milliseconds', () => {
    expect(dlcTime(Date.UTC(2025, 3, 16, 7, 25, 34, 567))).toBe('2025-04-16T07:25:34Z');
    expect(listJobsQuery({ StartTime: '2025-04-16T07:25:34.567Z', EndTime: '2025-04-17T00:00:00Z' })).toMatchObject({
      StartTime: '2025-04-16T07:25:34Z',
      EndTime: '2025-04-17T00:00:00Z',
    });
  });
});
