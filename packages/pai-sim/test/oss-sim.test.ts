// Drives the OSS simulator with the real ali-oss client, so V1 signatures, addressing and the XML replies are proven
// against the library the bot itself uses.

import OSSModule from 'ali-oss';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '@pai-bot/sim-kit/clock.js';
import { createOssSimulator, OSS_SIM_EC, signV1, stringToSign, type OssSimulator } from '../src/oss/index.js';
import { rejectionOf } from '../../../test/support/rejection.js';

const mod: unknown = OSSModule;
const OSS = (typeof mod === 'function' ? mod : (mod as { default: unknown }).default) as typeof OSSModule;

type OssError = Error & { code?: string; status?: number; requestId?: string; ecCode?: string; hostId?: string };

const AK = 'LTAIsimAccessKey01';
const SK = 'sim-secret-0123456789abcdef';
const STS_AK = 'STS.simTemporaryKey';
const STS_SK = 'sts-secret-abcdef0123456789';

let offsetMs = 0;
const clock: Clock = { now: () => Date.now() + offsetMs };
let sim: OssSimulator;
let base: string;

interface ClientOpts {
  bucket: string;
  region?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  stsToken?: string;
  sldEnable?: boolean;
}

function client(o: ClientOpts): OSSModule {
  const options = {
    region: o.region ?? 'oss-cn-shanghai',
    endpoint: base,
    accessKeyId: o.accessKeyId ?? AK,
    accessKeySecret: o.accessKeySecret ?? SK,
    bucket: o.bucket,
    timeout: 5000,
    ...(o.stsToken ? { stsToken: o.stsToken, refreshSTSTokenInterval: 300_000 } : {}),
    ...(o.sldEnable ? { sldEnable: true } : {}),
  };
  return new OSS(options as ConstructorParameters<typeof OSS>[0]);
}

const failure = (p: Promise<unknown>): Promise<OssError> => rejectionOf<OssError>(p);

function raw(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const lastCall = () => sim.calls[sim.calls.length - 1];

beforeAll(async () => {
  sim = createOssSimulator({
    credentials: { [AK]: SK, [STS_AK]: STS_SK },
    region: 'cn-shanghai',
    clock,
    expiredTokens: ['sts-token-expired'],
  });
  sim.addBucket('data-ok', { objects: ['train/a.jsonl', 'train/b.jsonl', 'eval/c.jsonl', 'dir/a b+c.txt'] });
  sim.addBucket('data-empty');
  sim.addBucket('data-denied', { objects: ['x.bin'], deny: true });
  sim.addBucket('data-partial', { objects: ['public/a', 'secret/b'], deny: { prefixes: ['secret/'] } });
  sim.addBucket('data-listonly', { objects: ['m/a'], deny: { actions: ['oss:GetObject'] } });
  sim.addBucket('data-hz', { region: 'cn-hangzhou', objects: ['k'] });
  sim.addBucket('data-toggle', { objects: ['t/1'] });
  base = await sim.start();
});

afterAll(async () => {
  await sim.stop();
});

describe('OSS simulator: listV2 with the real ali-oss client', () => {
  it('lists one key and says the listing is truncated', async () => {
    const r = await client({ bucket: 'data-ok' }).listV2({ prefix: 'train/', 'max-keys': 1 });
    expect(r.keyCount).toBe(1);
    expect(r.objects.map((o) => o.name)).toEqual(['train/a.jsonl']);
    expect(r.objects[0]?.size).toBe(0);
    expect(r.isTruncated).toBe(true);
    expect(r.nextContinuationToken).toBeTruthy();
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lastCall()).toMatchObject({
      method: 'GET',
      bucket: 'data-ok',
      query: { 'list-type': '2', prefix: 'train/', 'max-keys': '1' },
      accessKeyId: AK,
      status: 200,
    });
  });

  it('answers KeyCount 0 for an empty prefix and an empty bucket', async () => {
    const none = await client({ bucket: 'data-ok' }).listV2({ prefix: 'nothing-here/', 'max-keys': 1 });
    expect(none.keyCount).toBe(0);
    expect(none.objects).toEqual([]);
    expect(none.isTruncated).toBe(false);
    const empty = await client({ bucket: 'data-empty' }).listV2({ prefix: '', 'max-keys': 1 });
    expect(empty.keyCount).toBe(0);
  });

  it('pages with a continuation token (a signed sub-resource) and groups by delimiter', async () => {
    const c = client({ bucket: 'data-ok' });
    const first = await c.listV2({ prefix: 'train/', 'max-keys': 1 });
    const second = await c.listV2({
      prefix: 'train/',
      'max-keys': 1,
      'continuation-token': first.nextContinuationToken,
    });
    expect(second.objects.map((o) => o.name)).toEqual(['train/b.jsonl']);
    expect(second.isTruncated).toBe(false);
    const grouped = await c.listV2({ prefix: '', delimiter: '/', 'max-keys': 10 });
    expect(grouped.prefixes).toEqual(['dir/', 'eval/', 'train/']);
    expect(grouped.keyCount).toBe(3);
  });

  it('serves path-style requests (sldEnable) to an IP endpoint', async () => {
    const r = await client({ bucket: 'data-ok', sldEnable: true }).listV2({ prefix: 'eval/', 'max-keys': 1 });
    expect(r.objects.map((o) => o.name)).toEqual(['eval/c.jsonl']);
  });

  it('rejects an out-of-range max-keys with 400 InvalidArgument', async () => {
    const err = await failure(client({ bucket: 'data-ok' }).listV2({ prefix: '', 'max-keys': 5000 }));
    expect(err.status).toBe(400);
    expect(err.code).toBe('InvalidArgument');
  });
});

describe('OSS simulator: head and getBucketInfo', () => {
  it('heads an existing key, including one that needs encoding', async () => {
    const c = client({ bucket: 'data-ok' });
    expect((await c.head('train/a.jsonl')).status).toBe(200);
    expect((await c.head('dir/a b+c.txt')).status).toBe(200);
    expect(lastCall()).toMatchObject({ method: 'HEAD', key: 'dir/a b+c.txt', status: 200 });
  });

  it('answers a missing key with 404 NoSuchKey', async () => {
    const err = await failure(client({ bucket: 'data-ok' }).head('train/missing'));
    expect(err.status).toBe(404);
    expect(err.code).toBe('NoSuchKey');
  });

  it('puts the error document of a HEAD 403 in x-oss-err', async () => {
    const err = await failure(client({ bucket: 'data-denied' }).head('x.bin'));
    expect(err.status).toBe(403);
    expect(err.code).toBe('AccessDenied');
    expect(err.ecCode).toBe(OSS_SIM_EC.DENIED);
  });

  it('returns bucket info for the signed ?bucketInfo sub-resource', async () => {
    const info = await client({ bucket: 'data-ok' }).getBucketInfo('data-ok');
    expect(info.bucket).toMatchObject({ Name: 'data-ok', Location: 'oss-cn-shanghai' });
    expect(lastCall()).toMatchObject({ bucket: 'data-ok', query: { bucketInfo: '' }, status: 200 });
  });
});

describe('OSS simulator: errors as real OSS sends them', () => {
  it('denies a denied bucket with 403 AccessDenied, a request id and an EC', async () => {
    const err = await failure(client({ bucket: 'data-denied' }).listV2({ prefix: '', 'max-keys': 1 }));
    expect(err.name).toBe('AccessDeniedError');
    expect(err.status).toBe(403);
    expect(err.code).toBe('AccessDenied');
    expect(err.requestId).toMatch(/^[0-9A-F]{24}$/);
    expect(err.ecCode).toBe('0003-00000001');
    expect(err.hostId).toBe('data-denied.oss-cn-shanghai.aliyuncs.com');
    expect(err.message).toContain('oss:ListObjects');
    expect(lastCall()).toMatchObject({ bucket: 'data-denied', status: 403, code: 'AccessDenied', accessKeyId: AK });
  });

  it('denies by prefix and by action', async () => {
    const partial = client({ bucket: 'data-partial' });
    expect((await partial.listV2({ prefix: 'public/', 'max-keys': 1 })).keyCount).toBe(1);
    expect((await failure(partial.listV2({ prefix: 'secret/', 'max-keys': 1 }))).code).toBe('AccessDenied');
    expect((await failure(partial.head('secret/b'))).status).toBe(403);
    const listOnly = client({ bucket: 'data-listonly' });
    expect((await listOnly.listV2({ prefix: 'm/', 'max-keys': 1 })).keyCount).toBe(1);
    expect((await failure(listOnly.head('m/a'))).status).toBe(403);
  });

  it('toggles a deny with setDeny', async () => {
    const c = client({ bucket: 'data-toggle' });
    sim.setDeny('data-toggle', true);
    expect((await failure(c.listV2({ prefix: '', 'max-keys': 1 }))).code).toBe('AccessDenied');
    sim.setDeny('data-toggle', false);
    expect((await c.listV2({ prefix: '', 'max-keys': 1 })).keyCount).toBe(1);
  });

  it('answers an unknown bucket with 404 NoSuchBucket', async () => {
    const err = await failure(client({ bucket: 'no-such-bucket' }).listV2({ prefix: '', 'max-keys': 1 }));
    expect(err.name).toBe('NoSuchBucketError');
    expect(err.status).toBe(404);
    expect(err.code).toBe('NoSuchBucket');
  });

  it('answers a wrong secret with 403 SignatureDoesNotMatch', async () => {
    const err = await failure(
      client({ bucket: 'data-ok', accessKeySecret: 'not-the-secret' }).listV2({ prefix: '', 'max-keys': 1 }),
    );
    expect(err.status).toBe(403);
    expect(err.code).toBe('SignatureDoesNotMatch');
    expect(err.ecCode).toBe('0002-00000040');
  });

  it('answers an unknown AccessKey ID with 403 InvalidAccessKeyId', async () => {
    const err = await failure(
      client({ bucket: 'data-ok', accessKeyId: 'LTAIunknown' }).listV2({ prefix: '', 'max-keys': 1 }),
    );
    expect(err.status).toBe(403);
    expect(err.code).toBe('InvalidAccessKeyId');
    expect(err.ecCode).not.toBe(OSS_SIM_EC.STS_AK_UNKNOWN);
  });

  it('answers an STS request whose temporary AccessKey ID it does not know (an expired one) with InvalidAccessKeyId, EC 0002-00000002', async () => {
    const err = await failure(
      client({
        bucket: 'data-ok',
        accessKeyId: 'STS.expiredTemporaryKey',
        accessKeySecret: STS_SK,
        stsToken: 'sts-token-of-an-expired-key',
      }).listV2({ prefix: '', 'max-keys': 1 }),
    );
    expect(err.status).toBe(403);
    expect(err.code).toBe('InvalidAccessKeyId');
    expect(err.message).toBe('The OSS Access Key Id you provided does not exist in our records.');
    expect(err.ecCode).toBe('0002-00000002');
  });

  it('answers a request dated 20 minutes off with 403 RequestTimeTooSkewed, either way', async () => {
    try {
      offsetMs = 20 * 60 * 1000;
      const ahead = await failure(client({ bucket: 'data-ok' }).listV2({ prefix: '', 'max-keys': 1 }));
      expect(ahead.status).toBe(403);
      expect(ahead.code).toBe('RequestTimeTooSkewed');
      offsetMs = -20 * 60 * 1000;
      expect((await failure(client({ bucket: 'data-ok' }).listV2({ prefix: '', 'max-keys': 1 }))).code).toBe(
        'RequestTimeTooSkewed',
      );
      offsetMs = 10 * 60 * 1000;
      expect((await client({ bucket: 'data-ok' }).listV2({ prefix: '', 'max-keys': 1 })).keyCount).toBe(1);
    } finally {
      offsetMs = 0;
    }
  });

  it('accepts a live STS token (signed as x-oss-security-token) and rejects an expired one', async () => {
    const live = await client({
      bucket: 'data-ok',
      accessKeyId: STS_AK,
      accessKeySecret: STS_SK,
      stsToken: 'sts-token-live',
    }).listV2({
      prefix: '',
      'max-keys': 1,
    });
    expect(live.keyCount).toBe(1);
    const err = await failure(
      client({ bucket: 'data-ok', accessKeyId: STS_AK, accessKeySecret: STS_SK, stsToken: 'sts-token-expired' }).listV2(
        { prefix: '', 'max-keys': 1 },
      ),
    );
    expect(err.status).toBe(403);
    expect(err.code).toBe('SecurityTokenExpired');
    expect(err.message).toBe('The security token you provided has expired.');
    expect(err.ecCode).toBe('0002-00000007');
  });

  it('answers a bucket addressed through another region with 403 AccessDenied naming the endpoint', async () => {
    const err = await failure(client({ bucket: 'data-hz' }).listV2({ prefix: '', 'max-keys': 1 }));
    expect(err.status).toBe(403);
    expect(err.code).toBe('AccessDenied');
    expect(err.message).toMatch(/must be addressed using the specified endpoint/);
    const right = await client({ bucket: 'data-hz', region: 'oss-cn-hangzhou' }).listV2({ prefix: '', 'max-keys': 1 });
    expect(right.keyCount).toBe(1);
  });

  it('sends the XML error document with x-oss-request-id and x-oss-ec headers to an unsigned request', async () => {
    const res = await raw('/?list-type=2', { host: 'data-ok.oss-cn-shanghai.aliyuncs.com' });
    expect(res.status).toBe(403);
    expect(res.headers['x-oss-request-id']).toMatch(/^[0-9A-F]{24}$/);
    expect(res.headers['x-oss-ec']).toBe('0003-00000001');
    expect(res.body).toMatch(
      /<Error>[\s\S]*<Code>AccessDenied<\/Code>[\s\S]*<Message>[\s\S]*<RequestId>[0-9A-F]{24}<\/RequestId>[\s\S]*<HostId>[\s\S]*<EC>0003-00000001<\/EC>/,
    );
  });

  it("names the bucket's endpoint in a wrong-region reply (ali-oss drops the element, so read the wire)", async () => {
    const headers: Record<string, string> = {
      host: 'data-hz.oss-cn-shanghai.aliyuncs.com',
      'x-oss-date': new Date().toUTCString(),
    };
    const canonical = stringToSign({ method: 'GET', headers, bucket: 'data-hz', key: '', query: { 'list-type': '2' } });
    headers.authorization = `OSS ${AK}:${signV1(canonical, SK)}`;
    const res = await raw('/?list-type=2', headers);
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Endpoint>oss-cn-hangzhou.aliyuncs.com</Endpoint>');
    expect(res.body).toContain('<Code>AccessDenied</Code>');
  });
});
