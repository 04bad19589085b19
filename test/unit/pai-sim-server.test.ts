// Drives the simulator with the real @alicloud/openapi-client, so signature and wire-format compatibility are proven
// against the code the bot itself uses.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@pai-bot/sim-kit/clock.js';
import { DLC_VERSION } from '../../src/pai/dlc-types.js';
import { WORKSPACE_VERSION } from '../../src/pai/workspace-types.js';
import { createPaiSimulator, type PaiSimulator } from '@pai-bot/pai-sim/index.js';
import { failure, sdkCaller } from '../support/openapi-sdk.js';

const sdk = (base: string, accessKeyId?: string, accessKeySecret?: string) =>
  sdkCaller(base, { version: DLC_VERSION, accessKeyId, accessKeySecret });

const T0 = Date.UTC(2026, 0, 10);
const jobBody = (overrides: Record<string, unknown> = {}) => ({
  DisplayName: 'bert-finetune',
  JobType: 'PyTorchJob',
  JobSpecs: [
    {
      Type: 'Worker',
      Image: 'registry.cn-shanghai.aliyuncs.com/pai/pytorch:2.1',
      PodCount: 1,
      EcsSpec: 'ecs.gn6i-c4g1.xlarge',
    },
  ],
  UserCommand: 'python train.py --epochs 3',
  WorkspaceId: 'ws-dev',
  Settings: { Tags: { team: 'nlp' } },
  ...overrides,
});

let clock: ManualClock;
let sim: PaiSimulator;
let base: string;
let call: ReturnType<typeof sdk>;

beforeEach(async () => {
  clock = new ManualClock(T0);
  sim = createPaiSimulator({
    clock,
    credentials: { AK1: 'secret1', AK2: 'secret2' },
    workspaces: [
      { WorkspaceId: 'ws-dev', WorkspaceName: 'nlp_dev' },
      { WorkspaceId: 'ws-prod', WorkspaceName: 'nlp_prod', EnvTypes: ['prod'] },
    ],
    defaultPlan: { creatingMs: 1000, queuingMs: 1000, envPreparingMs: 1000, runningMs: 10_000, stoppingMs: 1000 },
  });
  base = await sim.start();
  call = sdk(base);
});

afterEach(async () => {
  await sim.stop();
});

const createJob = async (overrides: Record<string, unknown> = {}) =>
  (await call('CreateJob', 'POST', '/api/v1/jobs', { body: jobBody(overrides) })).body.JobId as string;

describe('signed requests', () => {
  it('accepts a signed CreateJob and records it with its body', async () => {
    const reply = await call('CreateJob', 'POST', '/api/v1/jobs', { body: jobBody() });
    expect(reply.statusCode).toBe(200);
    expect(reply.body.JobId).toMatch(/^dlc[a-z0-9]{14}$/);
    expect(reply.body.RequestId).toBe(reply.headers['x-acs-request-id']);
    expect(sim.callsOf('CreateJob')).toHaveLength(1);
    expect(sim.callsOf('CreateJob')[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/jobs',
      body: jobBody(),
      accessKeyId: 'AK1',
      at: T0,
      status: 200,
    });
    expect(sim.jobs()).toHaveLength(1);
  });

  it('rejects a wrong secret and does not execute the call', async () => {
    const err = await failure(sdk(base, 'AK1', 'wrong')('CreateJob', 'POST', '/api/v1/jobs', { body: jobBody() }));
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
    expect(err.data).toMatchObject({
      Code: 'SignatureDoesNotMatch',
      RequestId: expect.any(String),
      HostId: expect.any(String),
      Recommend: expect.any(String),
    });
    expect(sim.jobs()).toHaveLength(0);
    expect(sim.calls).toHaveLength(0);
    expect(sim.rejected).toMatchObject([
      { action: 'CreateJob', errorCode: 'SignatureDoesNotMatch', accessKeyId: 'AK1' },
    ]);
  });

  it('rejects an unknown AccessKeyId with 404', async () => {
    const err = await failure(sdk(base, 'AKX', 'x')('ListJobs', 'GET', '/api/v1/jobs'));
    expect(err).toMatchObject({ code: 'InvalidAccessKeyId.NotFound', statusCode: 404 });
  });

  it('refuses a replay with a tampered body, and a verbatim replay as a reused nonce', async () => {
    await createJob();
    const captured = sim.callsOf('CreateJob')[0]!;
    const replayHeaders = Object.fromEntries(
      Object.entries(captured.headers).filter(
        ([name]) => name === 'authorization' || name === 'content-type' || name.startsWith('x-acs-'),
      ),
    );
    const original = JSON.stringify(jobBody());
    const tampered = await fetch(`${base}/api/v1/jobs`, {
      method: 'POST',
      headers: replayHeaders,
      body: original.replace('bert-finetune', 'evil'),
    });
    expect(tampered.status).toBe(400);
    expect(await tampered.json()).toMatchObject({ Code: 'SignatureDoesNotMatch', RequestId: expect.any(String) });

    const replay = await fetch(`${base}/api/v1/jobs`, { method: 'POST', headers: replayHeaders, body: original });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ Code: 'SignatureNonceUsed' });
    expect(sim.jobs()).toHaveLength(1);
    expect(sim.rejected.map((r) => r.errorCode)).toEqual(['SignatureDoesNotMatch', 'SignatureNonceUsed']);
  });

  it('rejects an x-acs-date more than 15 minutes off the wall clock', async () => {
    const skewed = createPaiSimulator({
      clock,
      credentials: { AK1: 'secret1' },
      wallClock: { now: () => Date.now() + 20 * 60 * 1000 },
    });
    const url = await skewed.start();
    try {
      const err = await failure(sdk(url)('ListJobs', 'GET', '/api/v1/jobs'));
      expect(err).toMatchObject({ code: 'InvalidTimeStamp.Expired', statusCode: 400 });
    } finally {
      await skewed.stop();
    }
  });

  it('canonicalises awkward query values the way the SDK signs them', async () => {
    const reply = await call('ListJobs', 'GET', '/api/v1/jobs', {
      query: { DisplayName: "a b!'()*~+é/%", PageSize: '5' },
    });
    expect(reply.body).toMatchObject({ Jobs: [], TotalCount: 0 });
    expect(sim.callsOf('ListJobs')[0]?.query.DisplayName).toBe("a b!'()*~+é/%");
  });

  it('answers unknown paths and mismatched actions with InvalidAction.NotFound', async () => {
    expect(await failure(call('DescribeService', 'GET', '/api/v9/nothing'))).toMatchObject({
      code: 'InvalidAction.NotFound',
      statusCode: 404,
    });
    expect(await failure(call('GetJob', 'GET', '/api/v1/jobs'))).toMatchObject({
      code: 'InvalidAction.NotFound',
      statusCode: 400,
    });
    expect(await failure(call('ListJobs', 'GET', '/api/v1/jobs', {}, '2019-01-01'))).toMatchObject({
      code: 'InvalidAction.NotFound',
      statusCode: 400,
    });
  });
});

describe('CreateJob validation', () => {
  it.each([
    [{ DisplayName: undefined }, 'DisplayName'],
    [{ DisplayName: 'has space' }, 'DisplayName'],
    [{ JobType: 'pytorchjob' }, 'JobType'],
    [{ JobSpecs: [] }, 'JobSpecs'],
    [{ JobSpecs: [{ Type: 'Worker', PodCount: 1 }] }, 'JobSpecs[0].Image'],
    [{ JobSpecs: [{ Type: 'Worker', Image: 'i', PodCount: 0 }] }, 'JobSpecs[0].PodCount'],
    [{ UserCommand: '' }, 'UserCommand'],
    [{ Priority: 10 }, 'Priority'],
    [{ WorkspaceId: 'ws-nope' }, 'WorkspaceId'],
  ])('rejects %j naming %s', async (overrides, field) => {
    const err = await failure(call('CreateJob', 'POST', '/api/v1/jobs', { body: jobBody(overrides) }));
    expect(err).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect(err.message).toContain(field);
    expect(sim.jobs()).toHaveLength(0);
    expect(sim.callsOf('CreateJob')[0]).toMatchObject({ status: 400, errorCode: 'InvalidParameter' });
  });
});

describe('job lifecycle over the wire', () => {
  const status = async (id: string) => (await call('GetJob', 'GET', `/api/v1/jobs/${id}`)).body.Status;

  it('advances only when the clock does', async () => {
    const id = await createJob();
    expect(await status(id)).toBe('Creating');
    expect(await status(id)).toBe('Creating');
    const seen: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      seen.push(await status(id));
    }
    expect(seen).toEqual(['Queuing', 'EnvPreparing', 'Running', 'Running', 'Running']);
    clock.advance(10_000);
    const job = (await call('GetJob', 'GET', `/api/v1/jobs/${id}`)).body;
    expect(job).toMatchObject({
      Status: 'Succeeded',
      ReasonCode: 'JobSucceeded',
      WorkspaceId: 'ws-dev',
      WorkspaceName: 'nlp_dev',
      GmtCreateTime: '2026-01-10T00:00:00Z',
      GmtRunningTime: '2026-01-10T00:00:03Z',
      GmtFinishTime: '2026-01-10T00:00:13Z',
      Duration: 13,
      Settings: { Tags: { team: 'nlp' } },
      UserId: expect.stringMatching(/^\d{16}$/),
    });
    expect((job.StatusHistory as unknown[]).length).toBe(5);
    expect(job.Pods).toMatchObject([{ PodId: `${id}-worker-0`, Status: 'Succeeded' }]);
  });

  it('fails a job planned by name, with reason, events and logs', async () => {
    sim.planJobNamed('oss-broken', {
      outcome: 'Failed',
      reasonCode: 'JobFailed',
      reasonMessage: 'pod worker-0 exited with code 1',
      events: ['PodFailed pod worker-0: OSS 403 AccessDenied'],
      logs: ['oss2.exceptions.AccessDenied: {"status": 403, "code": "AccessDenied"}'],
    });
    const id = await createJob({ DisplayName: 'oss-broken' });
    clock.advance(60_000);
    const job = (await call('GetJob', 'GET', `/api/v1/jobs/${id}`)).body;
    expect(job).toMatchObject({
      Status: 'Failed',
      ReasonCode: 'JobFailed',
      ReasonMessage: 'pod worker-0 exited with code 1',
    });
    const events = (await call('GetJobEvents', 'GET', `/api/v1/jobs/${id}/events`)).body.Events as string[];
    expect(events.at(-1)).toContain('OSS 403 AccessDenied');
    const logs = (
      await call('GetPodLogs', 'GET', `/api/v1/jobs/${id}/pods/${id}-worker-0/logs`, { query: { MaxLines: '3' } })
    ).body.Logs as string[];
    expect(logs).toHaveLength(3);
    expect(logs.at(-1)).toMatch(/^2026-01-10 00:00:13 oss2\.exceptions\.AccessDenied/);
  });

  it('planNextJob shapes only the next job', async () => {
    sim.planNextJob({ runningMs: 100_000 });
    await createJob();
    await createJob();
    expect(sim.jobs().map((j) => j.plan.runningMs)).toEqual([100_000, 10_000]);
  });

  it('pod logs grow while running', async () => {
    const id = await createJob();
    const logs = async () =>
      (await call('GetPodLogs', 'GET', `/api/v1/jobs/${id}/pods/${id}-worker-0/logs`)).body.Logs as string[];
    expect(await logs()).toEqual([]);
    clock.advance(5000);
    const early = await logs();
    clock.advance(3000);
    expect((await logs()).length).toBeGreaterThan(early.length);
    expect(early[0]).toBe('2026-01-10 00:00:03 + python train.py --epochs 3');
    expect(await failure(call('GetPodLogs', 'GET', `/api/v1/jobs/${id}/pods/${id}-worker-9/logs`))).toMatchObject({
      statusCode: 404,
    });
  });

  it('stops a running job: Stopping, then Stopped by the clock; a finished job cannot be stopped', async () => {
    const id = await createJob();
    clock.advance(4000);
    const stop = await call('StopJob', 'POST', `/api/v1/jobs/${id}/stop`);
    expect(stop.body.JobId).toBe(id);
    expect(await status(id)).toBe('Stopping');
    clock.advance(1000);
    const job = (await call('GetJob', 'GET', `/api/v1/jobs/${id}`)).body;
    expect(job).toMatchObject({
      Status: 'Stopped',
      ReasonCode: 'JobStoppedByUser',
      GmtFinishTime: '2026-01-10T00:00:05Z',
    });
    const err = await failure(call('StopJob', 'POST', `/api/v1/jobs/${id}/stop`));
    expect(err).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    expect(err.message).toContain('already Stopped');
  });

  it('answers 404 for an unknown job', async () => {
    for (const [action, method, path] of [
      ['GetJob', 'GET', '/api/v1/jobs/dlc00000000000000'],
      ['StopJob', 'POST', '/api/v1/jobs/dlc00000000000000/stop'],
      ['GetJobEvents', 'GET', '/api/v1/jobs/dlc00000000000000/events'],
    ] as const) {
      expect(await failure(call(action, method, path))).toMatchObject({ statusCode: 404, code: 'JobNotFound' });
    }
  });
});

describe('ListJobs', () => {
  const list = async (query: Record<string, string> = {}) =>
    (await call('ListJobs', 'GET', '/api/v1/jobs', { query })).body as {
      Jobs: { JobId: string; DisplayName: string }[];
      TotalCount: number;
    };

  it('filters by JobIds and by Tags (sent as a JSON string), newest first', async () => {
    const a = await createJob({ DisplayName: 'a' });
    const b = await createJob({ DisplayName: 'b', Settings: { Tags: { team: 'cv', owner: 'ann' } } });
    const c = await createJob({ DisplayName: 'c', WorkspaceId: 'ws-prod' });
    expect((await list()).Jobs.map((j) => j.JobId)).toEqual([c, b, a]);
    expect((await list({ JobIds: `${a},${c}` })).Jobs.map((j) => j.JobId)).toEqual([c, a]);
    expect((await list({ Tags: JSON.stringify({ team: 'cv' }) })).Jobs.map((j) => j.JobId)).toEqual([b]);
    expect((await list({ Tags: JSON.stringify({ team: 'nlp' }) })).TotalCount).toBe(2);
    expect((await list({ WorkspaceId: 'ws-prod' })).Jobs.map((j) => j.JobId)).toEqual([c]);
    expect((await list({ DisplayName: 'B' })).Jobs.map((j) => j.JobId)).toEqual([b]);
    expect((await list({ Order: 'asc' })).Jobs.map((j) => j.JobId)).toEqual([a, b, c]);
    expect(await failure(list({ Tags: 'team=cv' }))).toMatchObject({ code: 'InvalidParameter' });
  });

  it('filters by Status, ShowOwn and UserIdForFilter', async () => {
    const mine = await createJob();
    clock.advance(5000);
    const theirs = (await sdk(base, 'AK2', 'secret2')('CreateJob', 'POST', '/api/v1/jobs', { body: jobBody() })).body
      .JobId;
    expect((await list({ Status: 'Running' })).Jobs.map((j) => j.JobId)).toEqual([mine]);
    expect((await list({ ShowOwn: 'true' })).Jobs.map((j) => j.JobId)).toEqual([mine]);
    const theirUid = sim.jobs().find((j) => j.JobId === theirs)?.UserId ?? '';
    expect((await list({ UserIdForFilter: theirUid })).Jobs.map((j) => j.JobId)).toEqual([theirs]);
  });

  it('only shows the last 7 days by default', async () => {
    const old = await createJob({ DisplayName: 'old' });
    clock.advance(8 * 24 * 3600 * 1000);
    const fresh = await createJob({ DisplayName: 'fresh' });
    expect((await list()).Jobs.map((j) => j.JobId)).toEqual([fresh]);
    expect((await list({ JobIds: old })).TotalCount).toBe(0);
    const all = await list({ StartTime: '2026-01-01T00:00:00Z' });
    expect(all.Jobs.map((j) => j.JobId)).toEqual([fresh, old]);
  });

  it('pages with PageNumber from 1 and caps PageSize at 100', async () => {
    for (let i = 0; i < 5; i++) await createJob({ DisplayName: `j${i}` });
    const page2 = await list({ PageSize: '2', PageNumber: '2', Order: 'asc' });
    expect(page2.TotalCount).toBe(5);
    expect(page2.Jobs.map((j) => j.DisplayName)).toEqual(['j2', 'j3']);
    expect((await list()).Jobs).toHaveLength(5);
    expect(await failure(list({ PageSize: '101' }))).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect(await failure(list({ PageNumber: '0' }))).toMatchObject({ code: 'InvalidParameter' });
  });
});

describe('ListWorkspaces', () => {
  const list = async (query: Record<string, string> = {}) =>
    (await call('ListWorkspaces', 'GET', '/api/v1/workspaces', { query }, WORKSPACE_VERSION)).body as {
      Workspaces: { WorkspaceId: string; EnvTypes: string[] }[];
      TotalCount: number;
    };

  it('lists, filters by ids and name, and defaults EnvTypes to a standard workspace', async () => {
    const all = await list();
    expect(all.TotalCount).toBe(2);
    expect(all.Workspaces).toMatchObject([
      { WorkspaceId: 'ws-dev', EnvTypes: ['dev', 'prod'], Status: 'ENABLED' },
      { WorkspaceId: 'ws-prod', EnvTypes: ['prod'] },
    ]);
    expect((await list({ WorkspaceIds: 'ws-prod,ws-missing' })).Workspaces.map((w) => w.WorkspaceId)).toEqual([
      'ws-prod',
    ]);
    expect((await list({ WorkspaceName: 'DEV' })).Workspaces.map((w) => w.WorkspaceId)).toEqual(['ws-dev']);
    expect((await list({ PageSize: '1', PageNumber: '2' })).Workspaces.map((w) => w.WorkspaceId)).toEqual(['ws-prod']);
  });

  it('is refused when sent with the DLC version', async () => {
    expect(await failure(call('ListWorkspaces', 'GET', '/api/v1/workspaces'))).toMatchObject({
      code: 'InvalidAction.NotFound',
    });
  });
});
