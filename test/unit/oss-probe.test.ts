// The bot's OSS access probe against the simulator: one listV2 per check, every OSS answer classified, nothing thrown,
// no secret in what comes back.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Clock } from '@pai-bot/sim-kit/clock.js';
import { createOssSimulator, type OssSimulator } from '@pai-bot/pai-sim/oss/index.js';
import {
  bareRegion,
  classifyOssError,
  clientOptions,
  createOssProbe,
  normaliseEndpoint,
  type OssCheckResult,
  type OssCredentials,
} from '../../src/oss/oss-client.js';

const AK = 'LTAIprobeKey0001';
const SK = 'probe-secret-0123456789abcdef';
const STS_AK = 'STS.probeTemporary';
const STS_SK = 'probe-sts-secret-abcdef012345';
const EXPIRED_TOKEN = 'probe-expired-token-CAIS0123456789';

let offsetMs = 0;
const clock: Clock = { now: () => Date.now() + offsetMs };
let sim: OssSimulator;
let endpoint: string;

const creds: OssCredentials = { accessKeyId: AK, accessKeySecret: SK };
const probe = (over: Partial<OssCredentials> = {}, region = 'cn-shanghai') =>
  createOssProbe({ region, endpoint, credentials: { ...creds, ...over }, timeoutMs: 3000 });

function expectNoSecrets(result: OssCheckResult): void {
  const text = JSON.stringify(result);
  for (const secret of [SK, STS_SK, EXPIRED_TOKEN, 'wrong-secret-value-xyz']) expect(text).not.toContain(secret);
}

beforeAll(async () => {
  sim = createOssSimulator({ credentials: { [AK]: SK, [STS_AK]: STS_SK }, clock, expiredTokens: [EXPIRED_TOKEN] });
  sim.addBucket('ok-bucket', { objects: ['datasets/train.jsonl', 'datasets/val.jsonl'] });
  sim.addBucket('denied-bucket', { objects: ['datasets/x'], deny: true });
  sim.addBucket('hz-bucket', { region: 'cn-hangzhou', objects: ['a'] });
  endpoint = await sim.start();
});

afterAll(async () => {
  await sim.stop();
});

afterEach(() => {
  offsetMs = 0;
  vi.unstubAllEnvs();
});

describe('createOssProbe against the simulator', () => {
  it('reports a readable prefix with one ListObjectsV2 call (max-keys=1)', async () => {
    const before = sim.calls.length;
    const r = await probe().check('ok-bucket', 'datasets/');
    expect(r).toMatchObject({
      ok: true,
      bucket: 'ok-bucket',
      prefix: 'datasets/',
      keyCount: 1,
      sampleKey: 'datasets/train.jsonl',
    });
    expect(r.ok && r.requestId).toMatch(/^[0-9A-F]{24}$/);
    const made = sim.calls.slice(before);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      method: 'GET',
      bucket: 'ok-bucket',
      query: { 'list-type': '2', prefix: 'datasets/', 'max-keys': '1' },
    });
  });

  it('reports an empty prefix as readable with keyCount 0, and strips a leading slash', async () => {
    expect(await probe().check('ok-bucket', 'nothing/')).toMatchObject({ ok: true, keyCount: 0 });
    expect(await probe().check('ok-bucket', '/datasets/')).toMatchObject({
      ok: true,
      prefix: 'datasets/',
      keyCount: 1,
    });
  });

  it('classifies a denied bucket as access_denied with status, request id and EC', async () => {
    const r = await probe().check('denied-bucket', 'datasets/');
    expect(r).toMatchObject({
      ok: false,
      kind: 'access_denied',
      code: 'AccessDenied',
      status: 403,
      ec: '0003-00000001',
    });
    expect(!r.ok && r.requestId).toMatch(/^[0-9A-F]{24}$/);
    expectNoSecrets(r);
  });

  it('classifies a missing bucket as no_such_bucket', async () => {
    expect(await probe().check('missing-bucket', '')).toMatchObject({
      ok: false,
      kind: 'no_such_bucket',
      code: 'NoSuchBucket',
      status: 404,
    });
  });

  it('classifies an invalid bucket name as no_such_bucket without calling OSS', async () => {
    const before = sim.calls.length;
    expect(await probe().check('Bad_Bucket', '')).toMatchObject({
      ok: false,
      kind: 'no_such_bucket',
      code: 'InvalidBucketName',
    });
    expect(sim.calls.length).toBe(before);
  });

  it('classifies a bucket in another region as wrong_region, naming the region from the <Endpoint> ali-oss drops', async () => {
    const r = await probe().check('hz-bucket', '');
    expect(r).toMatchObject({
      ok: false,
      kind: 'wrong_region',
      code: 'AccessDenied',
      status: 403,
      bucketRegion: 'cn-hangzhou',
      bucketEndpoint: 'oss-cn-hangzhou.aliyuncs.com',
    });
    expect(await probe({}, 'cn-hangzhou').check('hz-bucket', '')).toMatchObject({ ok: true });
  });

  it('classifies an unknown AccessKey ID as bad_key', async () => {
    expect(await probe({ accessKeyId: 'LTAInobody' }).check('ok-bucket', '')).toMatchObject({
      ok: false,
      kind: 'bad_key',
      code: 'InvalidAccessKeyId',
      status: 403,
    });
  });

  it('classifies a wrong secret as bad_signature, without echoing the secret', async () => {
    const r = await probe({ accessKeySecret: 'wrong-secret-value-xyz' }).check('ok-bucket', '');
    expect(r).toMatchObject({ ok: false, kind: 'bad_signature', code: 'SignatureDoesNotMatch', status: 403 });
    expectNoSecrets(r);
  });

  it('classifies a 20-minute clock difference as clock_skew', async () => {
    offsetMs = -20 * 60 * 1000;
    expect(await probe().check('ok-bucket', '')).toMatchObject({
      ok: false,
      kind: 'clock_skew',
      code: 'RequestTimeTooSkewed',
      status: 403,
    });
  });

  it('classifies an expired STS token as token_expired, and accepts a live one', async () => {
    const expired = await probe({ accessKeyId: STS_AK, accessKeySecret: STS_SK, securityToken: EXPIRED_TOKEN }).check(
      'ok-bucket',
      '',
    );
    expect(expired).toMatchObject({
      ok: false,
      kind: 'token_expired',
      code: 'SecurityTokenExpired',
      status: 403,
      ec: '0002-00000007',
      tokenSource: 'fixed',
    });
    expectNoSecrets(expired);
    const live = await probe({ accessKeyId: STS_AK, accessKeySecret: STS_SK, securityToken: 'live-token' }).check(
      'ok-bucket',
      '',
    );
    expect(live).toMatchObject({ ok: true });
  });

  it('classifies an STS AccessKey ID that OSS no longer knows (an expired STS key) as token_expired, not bad_key', async () => {
    const r = await probe({
      accessKeyId: 'STS.expiredTemporaryKey',
      accessKeySecret: STS_SK,
      securityToken: EXPIRED_TOKEN.replace('expired', 'stale'),
    }).check('ok-bucket', '');
    expect(r).toMatchObject({
      ok: false,
      kind: 'token_expired',
      code: 'InvalidAccessKeyId',
      status: 403,
      ec: '0002-00000002',
      tokenSource: 'fixed',
    });
    expectNoSecrets(r);
  });

  it('says an STS token from the default credential chain came from the chain', async () => {
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', 'STS.expiredTemporaryKey');
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', STS_SK);
    vi.stubEnv('ALIBABA_CLOUD_SECURITY_TOKEN', 'chain-token-CAIS0123');
    const r = await createOssProbe({ region: 'cn-shanghai', endpoint, timeoutMs: 3000 }).check('ok-bucket', '');
    expect(r).toMatchObject({ ok: false, kind: 'token_expired', code: 'InvalidAccessKeyId', tokenSource: 'chain' });
  });

  it('uses the default credential chain (environment) when no credentials are given', async () => {
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', AK);
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', SK);
    const r = await createOssProbe({ region: 'cn-shanghai', endpoint, timeoutMs: 3000 }).check(
      'ok-bucket',
      'datasets/',
    );
    expect(r).toMatchObject({ ok: true, keyCount: 1 });
    expect(sim.calls[sim.calls.length - 1]?.accessKeyId).toBe(AK);
  });

  it('accepts a localhost endpoint (rewritten to 127.0.0.1)', async () => {
    const local = endpoint.replace('127.0.0.1', 'localhost');
    const r = await createOssProbe({
      region: 'cn-shanghai',
      endpoint: local,
      credentials: creds,
      timeoutMs: 3000,
    }).check('ok-bucket', '');
    expect(r).toMatchObject({ ok: true });
  });
});

describe('createOssProbe: network trouble', () => {
  let silent: Server;
  let silentUrl: string;

  beforeAll(async () => {
    silent = createServer(() => undefined); // accepts and never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('classifies no answer as timeout', async () => {
    const r = await createOssProbe({
      region: 'cn-shanghai',
      endpoint: silentUrl,
      credentials: creds,
      timeoutMs: 300,
    }).check('ok-bucket', '');
    expect(r).toMatchObject({ ok: false, kind: 'timeout' });
    expect(r.ok ? undefined : r.status).toBeUndefined();
  });

  it('classifies a refused connection as network', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await createOssProbe({
      region: 'cn-shanghai',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: creds,
      timeoutMs: 2000,
    }).check('ok-bucket', '');
    expect(r).toMatchObject({ ok: false, kind: 'network', code: 'ECONNREFUSED' });
    expect(r.ok ? '' : r.detail).toMatch(/^connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
  });
});

describe('oss-client helpers', () => {
  it('writes the region as oss-<region> and keeps the endpoint scheme', () => {
    expect(bareRegion('oss-cn-shanghai')).toBe('cn-shanghai');
    const o = clientOptions({ region: 'cn-shanghai', endpoint: 'http://localhost:9200/' }, 'b', creds);
    expect(o).toMatchObject({
      region: 'oss-cn-shanghai',
      endpoint: 'http://127.0.0.1:9200',
      bucket: 'b',
      cname: false,
      sldEnable: false,
      retryMax: 0,
    });
    expect(clientOptions({ region: 'cn-beijing' }, 'b', creds)).toMatchObject({
      region: 'oss-cn-beijing',
      secure: true,
    });
    expect(clientOptions({ region: 'cn-beijing' }, 'b', creds)).not.toHaveProperty('endpoint');
    expect(normaliseEndpoint('https://oss-cn-shanghai-internal.aliyuncs.com')).toBe(
      'https://oss-cn-shanghai-internal.aliyuncs.com',
    );
  });

  it('classifies errors by code first, then by status', () => {
    const c = (err: object) => classifyOssError(err, 'b', 'p/').kind;
    expect(c({ code: 'AccessDenied', status: 403, message: 'You have no right' })).toBe('access_denied');
    expect(
      c({
        code: 'AccessDenied',
        status: 403,
        message: 'The bucket you are attempting to access must be addressed using the specified endpoint.',
      }),
    ).toBe('wrong_region');
    expect(c({ code: 'PermanentRedirect', status: 301, message: 'x' })).toBe('wrong_region');
    expect(
      c({ code: 'InvalidAccessKeyId', status: 403, message: 'The security token you provided has expired.' }),
    ).toBe('token_expired');
    expect(
      c({ code: 'SecurityTokenExpired', status: 403, message: 'The security token you provided has expired.' }),
    ).toBe('token_expired');
    expect(
      c({
        code: 'InvalidAccessKeyId',
        status: 403,
        message: 'The OSS Access Key Id you provided does not exist in our records.',
      }),
    ).toBe('bad_key');
    expect(c({ code: 'AccessKeyIdAndSecurityTokenNotMatch', status: 403, message: 'x' })).toBe('token_expired');
    expect(c({ name: 'ResponseTimeoutError', message: 'Response timeout for 300ms' })).toBe('timeout');
    expect(c({ name: 'ConnectionTimeoutError', status: -2, message: 'x' })).toBe('timeout');
    expect(c({ name: 'RequestError', status: -1, code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })).toBe(
      'network',
    );
    expect(c({ name: 'UnknownError', status: 403, message: 'Unknow error, status: 403' })).toBe('access_denied');
    expect(c({ name: 'UnknownError', status: 502, message: 'Unknow error, status: 502' })).toBe('unknown');
  });

  it('decides InvalidAccessKeyId on whether the request carried an STS token', () => {
    const err = {
      code: 'InvalidAccessKeyId',
      status: 403,
      message: 'The OSS Access Key Id you provided does not exist in our records.',
    };
    expect(classifyOssError(err, 'b', '', [], {})).toMatchObject({ kind: 'bad_key' });
    expect(classifyOssError(err, 'b', '', [], { sts: 'fixed' })).toMatchObject({
      kind: 'token_expired',
      tokenSource: 'fixed',
    });
    expect(classifyOssError(err, 'b', '', [], { sts: 'chain' })).toMatchObject({
      kind: 'token_expired',
      tokenSource: 'chain',
    });
    // the token's source is about the token only: other failures do not carry it
    expect(
      classifyOssError({ code: 'AccessDenied', status: 403, message: 'no' }, 'b', '', [], { sts: 'fixed' }),
    ).not.toHaveProperty('tokenSource');
  });

  it('reads the region of a wrong-region 403 from the <Endpoint> of the error document, not from HostId', () => {
    const body = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<Error>',
      '  <Code>AccessDenied</Code>',
      '  <Message>The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.</Message>',
      '  <RequestId>5BFCF52FAEFD3AAD7B4D821A</RequestId>',
      '  <HostId>b.oss-cn-shanghai.aliyuncs.com</HostId>',
      '  <Bucket>b</Bucket>',
      '  <Endpoint>oss-ap-southeast-1.aliyuncs.com</Endpoint>',
      '</Error>',
    ].join('\n');
    // what ali-oss keeps of that document: no Endpoint anywhere
    const err = {
      code: 'AccessDenied',
      status: 403,
      hostId: 'b.oss-cn-shanghai.aliyuncs.com',
      message:
        'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
    };
    expect(classifyOssError(err, 'b', '')).toMatchObject({ kind: 'wrong_region' });
    expect(classifyOssError(err, 'b', '')).not.toHaveProperty('bucketRegion');
    expect(classifyOssError(err, 'b', '', [], { errorBody: body })).toMatchObject({
      kind: 'wrong_region',
      bucketRegion: 'ap-southeast-1',
      bucketEndpoint: 'oss-ap-southeast-1.aliyuncs.com',
    });
  });

  it('names the bucket region when the message carries an endpoint, and redacts secrets', () => {
    const r = classifyOssError(
      {
        code: 'AccessDenied',
        status: 403,
        message: 'must be addressed using the specified endpoint: oss-cn-hangzhou.aliyuncs.com',
      },
      'b',
      '',
    );
    expect(r).toMatchObject({ kind: 'wrong_region', bucketRegion: 'cn-hangzhou' });
    const leaked = classifyOssError({ code: 'X', status: 500, message: `boom ${SK} boom` }, 'b', '', [SK]);
    expect(leaked.detail).toBe('boom *** boom');
  });
});
