// The probe's window on OSS's error document: ali-oss (6.x, lib/client.js requestError) keeps Code, Message, RequestId,
// EC and HostId of it and drops the rest, the <Endpoint> of a wrong-region 403 included. These tests pin both halves:
// what ali-oss drops, and that the tap on client.urllib still sees it, for a GET body and for a HEAD's x-oss-err.

import OSSModule from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOssSimulator, type OssSimulator } from '@pai-bot/pai-sim/oss/index.js';
import { errorElement, regionOfEndpoint, tapErrorBodies, type UrllibLike } from '../../src/oss/oss-error-body.js';
import { rejectionOf } from '../support/rejection.js';

const mod: unknown = OSSModule;
const OSS = (typeof mod === 'function' ? mod : (mod as { default: unknown }).default) as typeof OSSModule;

const AK = 'LTAIbodyTapKey01';
const SK = 'body-tap-secret-0123456789';
let sim: OssSimulator;
let endpoint: string;

function client(bucket: string): OSSModule {
  return new OSS({
    region: 'oss-cn-shanghai',
    endpoint,
    accessKeyId: AK,
    accessKeySecret: SK,
    bucket,
    timeout: 5000,
  } as ConstructorParameters<typeof OSS>[0]);
}

beforeAll(async () => {
  sim = createOssSimulator({ credentials: { [AK]: SK } });
  sim.addBucket('here', { objects: ['a'] });
  sim.addBucket('far', { region: 'eu-central-1', objects: ['a'] });
  endpoint = await sim.start();
});

afterAll(async () => {
  await sim.stop();
});

describe('tapErrorBodies on a real ali-oss client', () => {
  it('ali-oss itself keeps no trace of <Endpoint> on the error it throws', async () => {
    const err = await rejectionOf<Record<string, unknown>>(client('far').listV2({ prefix: '', 'max-keys': 1 }));
    expect(err.code).toBe('AccessDenied');
    expect(JSON.stringify({ ...err, message: err.message })).not.toContain('eu-central-1');
  });

  it('keeps the error document of a failed GET, and nothing of a successful one', async () => {
    const c = client('far');
    const tap = tapErrorBodies(c as unknown as { urllib: UrllibLike });
    await rejectionOf(c.listV2({ prefix: '', 'max-keys': 1 }));
    expect(errorElement(tap.last() ?? '', 'Endpoint')).toBe('oss-eu-central-1.aliyuncs.com');
    const ok = client('here');
    const okTap = tapErrorBodies(ok as unknown as { urllib: UrllibLike });
    await ok.listV2({ prefix: '', 'max-keys': 1 });
    expect(okTap.last()).toBeUndefined();
  });

  it("reads a HEAD reply's error document from x-oss-err", async () => {
    const c = client('far');
    const tap = tapErrorBodies(c as unknown as { urllib: UrllibLike });
    await rejectionOf(c.head('a'));
    expect(errorElement(tap.last() ?? '', 'Code')).toBe('AccessDenied');
    expect(errorElement(tap.last() ?? '', 'Endpoint')).toBe('oss-eu-central-1.aliyuncs.com');
  });
});

describe('errorElement and regionOfEndpoint', () => {
  it('reads one element, unescaped and trimmed; absent or empty is undefined', () => {
    expect(errorElement('<Error><Message>a &amp; b &lt;c&gt;</Message></Error>', 'Message')).toBe('a & b <c>');
    expect(errorElement('<Error><Endpoint> </Endpoint></Error>', 'Endpoint')).toBeUndefined();
    expect(errorElement('<Error></Error>', 'Endpoint')).toBeUndefined();
  });

  it('takes the region out of the endpoint forms OSS and SDKs write', () => {
    expect(regionOfEndpoint('oss-cn-hangzhou.aliyuncs.com')).toBe('cn-hangzhou');
    expect(regionOfEndpoint('oss-cn-hangzhou-internal.aliyuncs.com')).toBe('cn-hangzhou');
    expect(regionOfEndpoint('https://bkt.oss-ap-southeast-1.aliyuncs.com/key')).toBe('ap-southeast-1');
    expect(regionOfEndpoint('use the endpoint oss-us-west-1.aliyuncs.com')).toBe('us-west-1');
    expect(regionOfEndpoint('oss-accelerate.aliyuncs.com')).toBeUndefined();
    expect(regionOfEndpoint('oss-accelerate-overseas.aliyuncs.com')).toBeUndefined();
    expect(regionOfEndpoint('s3.eu-central-1.amazonaws.com')).toBeUndefined();
  });
});
