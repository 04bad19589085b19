// Each fault knob, observed through the real SDK the way the bot will observe it (docs/pai-wire-notes.md).

import * as $OpenApi from '@alicloud/openapi-client';
import * as $Util from '@alicloud/tea-util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@pai-bot/sim-kit/clock.js';
import { DLC_VERSION } from '../../src/pai/dlc-types.js';
import { createPaiSimulator, type PaiSimulator } from '@pai-bot/pai-sim/index.js';
import { failure, OpenApiClient, roaParams, sdkCaller } from '../support/openapi-sdk.js';

let sim: PaiSimulator;
let base: string;
const logLines: string[] = [];

/** Calls as AK1 with read and connect timeouts of `readTimeout`; answers the reply's body. */
function sdk(readTimeout = 2000) {
  const call = sdkCaller(base, { version: DLC_VERSION, timeoutMs: readTimeout });
  return async (action: string, method: string, pathname: string, body?: unknown) =>
    (await call(action, method, pathname, body === undefined ? {} : { body })).body;
}

const body = {
  DisplayName: 'j',
  JobType: 'TFJob',
  JobSpecs: [{ Type: 'Worker', Image: 'img', PodCount: 1 }],
  UserCommand: 'python a.py',
  WorkspaceId: 'ws',
};
let call: ReturnType<typeof sdk>;
const createJob = () => call('CreateJob', 'POST', '/api/v1/jobs', body);
const listJobs = () => call('ListJobs', 'GET', '/api/v1/jobs');

beforeEach(async () => {
  logLines.length = 0;
  sim = createPaiSimulator({ clock: new ManualClock(), credentials: { AK1: 'secret1' }, log: (l) => logLines.push(l) });
  base = await sim.start();
  call = sdk();
});

afterEach(async () => {
  await sim.stop();
});

describe('fault knobs', () => {
  it('throttleNext refuses the next n calls of an action with Throttling.User, and records them', async () => {
    sim.throttleNext(2, 'CreateJob');
    await listJobs();
    for (let i = 0; i < 2; i++) {
      const err = await failure(createJob());
      expect(err).toMatchObject({ code: 'Throttling.User', statusCode: 400 });
      expect(err.message).toContain('Request was denied due to user flow control.');
    }
    expect((await createJob()).JobId).toBeDefined();
    expect(sim.callsOf('CreateJob').map((c) => c.fault)).toEqual(['throttle', 'throttle', undefined]);
    expect(sim.jobs()).toHaveLength(1);
    expect(logLines.some((l) => l.includes('fault=throttle'))).toBe(true);
  });

  it('serverErrorNext gives 503 ServiceUnavailable by default and 500 InternalError on request', async () => {
    sim.serverErrorNext(1);
    sim.serverErrorNext(1, 'ListJobs', 500);
    expect(await failure(listJobs())).toMatchObject({ code: 'ServiceUnavailable', statusCode: 503 });
    expect(await failure(listJobs())).toMatchObject({
      code: 'InternalError',
      statusCode: 500,
      data: expect.objectContaining({ RequestId: expect.any(String) }),
    });
    await listJobs();
    expect(sim.callsOf('ListJobs').map((c) => c.status)).toEqual([503, 500, 200]);
  });

  it('plays queued faults in the order they were set', async () => {
    sim.throttleNext(1);
    sim.serverErrorNext(1);
    expect(await failure(listJobs())).toMatchObject({ code: 'Throttling.User' });
    expect(await failure(listJobs())).toMatchObject({ code: 'ServiceUnavailable' });
  });

  it('nonJsonNext answers 502 HTML, which the SDK surfaces as a bare SyntaxError', async () => {
    sim.nonJsonNext(1, 'ListJobs');
    const err = await failure(listJobs());
    expect(err).toBeInstanceOf(SyntaxError);
    expect(err.statusCode).toBeUndefined();
    expect(sim.callsOf('ListJobs')[0]).toMatchObject({ status: 502, fault: 'nonJson' });
  });

  it('delayNext holds a reply past the client timeout; the call still took effect', async () => {
    sim.delayNext(400, 'CreateJob');
    const err = await failure(sdk(100)('CreateJob', 'POST', '/api/v1/jobs', body));
    expect(err.name).toBe('RequestTimeoutError');
    expect(sim.jobs()).toHaveLength(1);
    expect(sim.callsOf('CreateJob')[0]).toMatchObject({ status: 200, delayedMs: 400 });
    expect((await createJob()).JobId).toBeDefined();
  });

  it('delayNext with a tiny delay just slows the reply', async () => {
    sim.delayNext(20);
    const started = Date.now();
    await listJobs();
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('denyAction answers 403 Forbidden.RAM with the AuthAction until allowed again', async () => {
    sim.denyAction('CreateJob', 'paidlc:CreateJob');
    const err = await failure(createJob());
    expect(err).toMatchObject({ code: 'Forbidden.RAM', statusCode: 403 });
    expect(err.accessDeniedDetail).toMatchObject({
      AuthAction: 'paidlc:CreateJob',
      PolicyType: 'AccountLevelIdentityBasedPolicy',
      NoPermissionType: 'ImplicitDeny',
    });
    expect(await failure(createJob())).toMatchObject({ code: 'Forbidden.RAM' });
    await listJobs();
    expect(sim.jobs()).toHaveLength(0);
    sim.allowAction('CreateJob');
    await createJob();
    expect(sim.jobs()).toHaveLength(1);
  });

  it('clearFaults drops everything pending', async () => {
    sim.throttleNext(5);
    sim.denyAction('ListJobs', 'paidlc:ListJobs');
    sim.clearFaults();
    await listJobs();
  });

  it('faults never hide a bad signature: a wrong secret is rejected and does not consume the fault', async () => {
    sim.throttleNext(1);
    const wrong = new OpenApiClient(
      new $OpenApi.Config({
        protocol: 'http',
        endpoint: new URL(base).host,
        accessKeyId: 'AK1',
        accessKeySecret: 'bad',
      }),
    );
    const params = roaParams('ListJobs', DLC_VERSION, 'GET', '/api/v1/jobs');
    expect(
      await failure(wrong.callApi(params, new $OpenApi.OpenApiRequest({}), new $Util.RuntimeOptions({}))),
    ).toMatchObject({ code: 'SignatureDoesNotMatch' });
    expect(await failure(listJobs())).toMatchObject({ code: 'Throttling.User' });
  });
});
