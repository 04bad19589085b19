// What happens at PAI without the bot: jobs created outside it (addJob) and the EAS autoscaler at work (autoscale),
// read back through the real signed API the way the bot reads them.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@pai-bot/sim-kit/clock.js';
import { DLC_VERSION, type Job } from '../../src/pai/dlc-types.js';
import { EAS_VERSION } from '../../src/pai/eas-types.js';
import { JOB_FAILURE_SCENARIOS } from '@pai-bot/pai-sim/failure-scenarios.js';
import { userIdForAccessKey } from '@pai-bot/pai-sim/ids.js';
import { CONSOLE_USER, createPaiSimulator, type PaiSimulator } from '@pai-bot/pai-sim/index.js';
import { sdkCaller } from '../support/openapi-sdk.js';

const T0 = Date.UTC(2026, 0, 10);
const BOT_UID = userIdForAccessKey('AK1');

let clock: ManualClock;
let sim: PaiSimulator;
let dlc: ReturnType<typeof sdkCaller>;
let eas: ReturnType<typeof sdkCaller>;

beforeEach(async () => {
  clock = new ManualClock(T0);
  sim = createPaiSimulator({
    clock,
    credentials: { AK1: 'secret1' },
    workspaces: [
      { WorkspaceId: 'ws-dev', WorkspaceName: 'nlp_dev' },
      { WorkspaceId: 'ws-prod', WorkspaceName: 'nlp_prod', EnvTypes: ['prod'] },
    ],
    defaultPlan: { creatingMs: 1000, queuingMs: 1000, envPreparingMs: 1000, runningMs: 10_000 },
    defaultServicePlan: { creatingMs: 2000, coldStartMs: 10_000, stoppingMs: 1000, deletingMs: 1000 },
  });
  const base = await sim.start();
  dlc = sdkCaller(base, { version: DLC_VERSION });
  eas = sdkCaller(base, { version: EAS_VERSION });
});

afterEach(async () => {
  await sim.stop();
});

const listJobs = async (query: Record<string, string> = {}) =>
  (await dlc('ListJobs', 'GET', '/api/v1/jobs', { query })).body as { Jobs: Job[]; TotalCount: number };
const getJob = async (jobId: string) =>
  (await dlc('GetJob', 'GET', `/api/v1/jobs/${jobId}`)).body as unknown as Job & Record<string, unknown>;
const createJob = async (DisplayName: string) =>
  (
    await dlc('CreateJob', 'POST', '/api/v1/jobs', {
      body: {
        DisplayName,
        JobType: 'PyTorchJob',
        JobSpecs: [{ Type: 'Worker', Image: 'img:1', PodCount: 1 }],
        UserCommand: 'python t.py',
        WorkspaceId: 'ws-prod',
      },
    })
  ).body.JobId as string;
const describeSvc = async (name: string) =>
  (await eas('DescribeService', 'GET', `/api/v2/services/cn-shanghai/${name}`)).body;
const counts = async (name: string) => {
  const s = await describeSvc(name);
  return [s.Status, s.RunningInstance, s.PendingInstance, s.TotalInstance];
};

describe('addJob: a DLC job created outside the bot', () => {
  it("shows in ListJobs and GetJob with its creator, beside the bot's own jobs", async () => {
    const jobId = sim.addJob({
      displayName: 'ci-nightly-etl',
      workspaceId: 'ws-prod',
      username: 'ci-runner',
      workers: 2,
    });
    const botJob = await createJob('bot-job');
    expect(jobId).toMatch(/^dlc[a-z0-9]{14}$/);
    expect(sim.callsOf('CreateJob')).toHaveLength(1); // addJob itself sent no request

    const { Jobs, TotalCount } = await listJobs({ WorkspaceId: 'ws-prod' });
    expect(TotalCount).toBe(2);
    const external = Jobs.find((j) => j.JobId === jobId);
    expect(external).toMatchObject({
      DisplayName: 'ci-nightly-etl',
      JobType: 'PyTorchJob',
      WorkspaceId: 'ws-prod',
      WorkspaceName: 'nlp_prod',
      Username: 'ci-runner',
      Status: 'Creating',
    });
    expect(external?.UserId).toMatch(/^1\d{15}$/);
    expect(external?.UserId).not.toBe(BOT_UID);
    expect(external?.Pods).toHaveLength(2);
    // The bot's jobs show a creator too: its AccessKey's UID and a RAM user name.
    expect(Jobs.find((j) => j.JobId === botJob)).toMatchObject({
      UserId: BOT_UID,
      Username: expect.stringMatching(/^ram-user-\d{6}$/),
    });
    // GetJob's model has the creator's UserId only; Username is a ListJobs (JobItem) field.
    const got = await getJob(jobId);
    expect(got).toMatchObject({ JobId: jobId, UserId: external?.UserId });
    expect(got).not.toHaveProperty('Username');
  });

  it("is someone else's job to ShowOwn, and found by its creator's UID", async () => {
    const jobId = sim.addJob({ displayName: 'from-console', workspaceId: 'ws-dev' });
    await createJob('mine');
    expect((await listJobs({ ShowOwn: 'true' })).Jobs.map((j) => j.DisplayName)).toEqual(['mine']);
    const theirs = await listJobs({ UserIdForFilter: CONSOLE_USER.userId });
    expect(theirs.Jobs.map((j) => [j.JobId, j.Username])).toEqual([[jobId, CONSOLE_USER.username]]);
  });

  it('takes an explicit creator UID', async () => {
    const jobId = sim.addJob({
      displayName: 'sdk-run',
      workspaceId: 'ws-dev',
      userId: '1234567890123456',
      username: 'alice',
    });
    expect(await getJob(jobId)).toMatchObject({ UserId: '1234567890123456' });
    expect((await listJobs({ WorkspaceId: 'ws-dev' })).Jobs.find((j) => j.JobId === jobId)).toMatchObject({
      UserId: '1234567890123456',
      Username: 'alice',
    });
  });

  it('fails as planned: the OSS 403 scenario ends Failed with its reason, events and logs', async () => {
    const jobId = sim.addJob({
      displayName: 'etl',
      workspaceId: 'ws-prod',
      plan: JOB_FAILURE_SCENARIOS.oss_permission,
    });
    const plan = sim.jobs().find((j) => j.JobId === jobId)!.plan;
    clock.advance(3000 + plan.runningMs - 1);
    expect((await getJob(jobId)).Status).toBe('Running');
    clock.advance(1);
    const job = await getJob(jobId);
    expect(job).toMatchObject({ Status: 'Failed', ReasonCode: JOB_FAILURE_SCENARIOS.oss_permission.reasonCode });
    const podId = job.Pods![0]!.PodId;
    const logs = (await dlc('GetPodLogs', 'GET', `/api/v1/jobs/${jobId}/pods/${podId}/logs`)).body.Logs as string[];
    expect(logs.join('\n')).toMatch(/AccessDenied/);
  });

  it("leaves the planNextJob plan to the bot's next CreateJob; planJobNamed still applies underneath its own plan", async () => {
    sim.planNextJob({ outcome: 'Failed', reasonCode: 'ForTheBot' });
    sim.planJobNamed('nightly', { runningMs: 1000 });
    const external = sim.addJob({
      displayName: 'nightly',
      workspaceId: 'ws-dev',
      plan: { outcome: 'Failed', reasonCode: 'Theirs' },
    });
    const botJob = await createJob('bot-job');
    const plans = new Map(sim.jobs().map((j) => [j.JobId, j.plan]));
    expect(plans.get(external)).toMatchObject({ outcome: 'Failed', reasonCode: 'Theirs', runningMs: 1000 });
    expect(plans.get(botJob)).toMatchObject({ outcome: 'Failed', reasonCode: 'ForTheBot' });
    expect(sim.addJob({ displayName: 'plain', workspaceId: 'ws-dev' })).toBeTruthy();
    expect(sim.jobs().find((j) => j.DisplayName === 'plain')?.plan.outcome).toBe('Succeeded');
  });

  it('is refused the way CreateJob refuses it', () => {
    expect(() => sim.addJob({ displayName: 'x', workspaceId: 'ws-nope' })).toThrow(
      /addJob: The parameter WorkspaceId ws-nope does not exist/,
    );
    expect(() => sim.addJob({ displayName: 'bad name', workspaceId: 'ws-dev' })).toThrow(
      /addJob: The parameter DisplayName/,
    );
    expect(() => sim.addJob({ displayName: 'x', workspaceId: 'ws-dev', jobType: 'pytorch' })).toThrow(/JobType/);
    expect(() => sim.addJob({ displayName: 'x', workspaceId: 'ws-dev', workers: 0 })).toThrow(/PodCount/);
    expect(sim.jobs()).toHaveLength(0);
  });
});

describe('addService: the creator', () => {
  it('shows the console user as CallerUid unless told otherwise', async () => {
    sim.addService({ name: 'console_svc', workspaceId: 'ws-prod' });
    sim.addService({ name: 'ci_svc', workspaceId: 'ws-prod', uid: '1999999999999999' });
    expect(await describeSvc('console_svc')).toMatchObject({ CallerUid: CONSOLE_USER.userId, WorkspaceId: 'ws-prod' });
    expect(await describeSvc('ci_svc')).toMatchObject({ CallerUid: '1999999999999999' });
  });
});

describe('autoscale: the EAS autoscaler on its own', () => {
  beforeEach(() => {
    sim.addService({ name: 'console_svc', workspaceId: 'ws-prod', instances: 1 });
    clock.advance(12_000); // created and cold-started
  });

  it('a scale-up starts new instances that stay Pending for the given cold start, without any API request', async () => {
    expect(await counts('console_svc')).toEqual(['Running', 1, 0, 1]);
    expect(sim.autoscale('console_svc', 4, { coldStartMs: 60_000 })).toBe(true);
    expect(await counts('console_svc')).toEqual(['Scaling', 1, 3, 4]);
    expect(JSON.parse((await describeSvc('console_svc')).ServiceConfig as string).metadata.instance).toBe(4);
    clock.advance(59_999);
    expect(await counts('console_svc')).toEqual(['Scaling', 1, 3, 4]);
    clock.advance(1);
    expect(await counts('console_svc')).toEqual(['Running', 4, 0, 4]);
    expect(sim.calls.filter((c) => c.action !== 'DescribeService')).toEqual([]);
  });

  it("without a cold start it uses a held one (consumed), else the plan's", async () => {
    sim.holdColdStart('console_svc', 30_000);
    sim.autoscale('console_svc', 2);
    expect(sim.services()[0]?.heldColdStartMs).toBeUndefined();
    clock.advance(29_999);
    expect(await counts('console_svc')).toEqual(['Scaling', 1, 1, 2]);
    clock.advance(1);
    expect(await counts('console_svc')).toEqual(['Running', 2, 0, 2]);
    sim.autoscale('console_svc', 3);
    clock.advance(9_999);
    expect(await counts('console_svc')).toEqual(['Scaling', 2, 1, 3]);
    clock.advance(1);
    expect(await counts('console_svc')).toEqual(['Running', 3, 0, 3]);
  });

  it('a given cold start leaves a held one for the next episode', () => {
    sim.holdColdStart('console_svc', 30_000);
    sim.autoscale('console_svc', 2, { coldStartMs: 5000 });
    expect(sim.services()[0]?.heldColdStartMs).toBe(30_000);
  });

  it('a scale-down is immediate', async () => {
    sim.autoscale('console_svc', 3, { coldStartMs: 0 });
    expect(await counts('console_svc')).toEqual(['Running', 3, 0, 3]);
    sim.autoscale('console_svc', 1);
    expect(await counts('console_svc')).toEqual(['Running', 1, 0, 1]);
  });

  it('returns false for a missing service and one that is stopped; refuses a bad count or cold start', async () => {
    expect(sim.autoscale('nope', 2)).toBe(false);
    await eas('StopService', 'PUT', '/api/v2/services/cn-shanghai/console_svc/stop');
    expect(sim.autoscale('console_svc', 2)).toBe(false);
    clock.advance(1000);
    expect(sim.autoscale('console_svc', 2)).toBe(false);
    expect((await describeSvc('console_svc')).TotalInstance).toBe(0);
    expect(() => sim.autoscale('console_svc', -1)).toThrow(RangeError);
    expect(() => sim.autoscale('console_svc', 1.5)).toThrow(RangeError);
    expect(() => sim.autoscale('console_svc', 2, { coldStartMs: -1 })).toThrow(RangeError);
  });
});
