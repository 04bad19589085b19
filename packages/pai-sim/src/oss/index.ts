// The OSS simulator: buckets with objects and deny rules behind ali-oss's wire format (V1 header signatures, XML
// replies), enough for the bot's access probe (ListObjectsV2 with max-keys=1), HeadObject and GetBucketInfo.
// Point ali-oss at it with `endpoint: <start() result>` and `region: 'oss-<region>'`: with an IP endpoint ali-oss sends
// `Host: <bucket>.oss-<region>.aliyuncs.com`, which is where the simulator reads the bucket and the region from.

import { systemClock } from '@pai-bot/sim-kit/clock.js';
import { BucketStore } from './buckets.js';
import { OssHttpServer } from './server.js';
import type { OssCall, OssSimulator, OssSimulatorOptions } from './types.js';

export type { BucketOptions, DenyRule, OssAction, OssCall, OssSimulator, OssSimulatorOptions } from './types.js';
export { EC as OSS_SIM_EC, MAX_SKEW_MS } from './dispatch.js';
export { signV1, stringToSign } from './signature.js';

function describe(call: OssCall): string {
  const target = `${call.bucket ?? '-'}/${call.key ?? ''}`;
  const query = Object.keys(call.query).length ? `?${new URLSearchParams(call.query).toString()}` : '';
  return `OSS ${call.method} ${target}${query} -> ${call.status}${call.code ? ` ${call.code}` : ''}`;
}

export function createOssSimulator(opts: OssSimulatorOptions): OssSimulator {
  const region = opts.region ?? 'cn-shanghai';
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? (() => undefined);
  const expired = new Set(opts.expiredTokens ?? []);
  const buckets = new BucketStore(region);
  const calls: OssCall[] = [];

  const server = new OssHttpServer(
    {
      buckets,
      secretOf: (ak) => (Object.hasOwn(opts.credentials, ak) ? opts.credentials[ak] : undefined),
      isExpiredToken: (token) => expired.has(token),
      clock,
      region,
    },
    (reply) => {
      calls.push(reply.call);
      log(describe(reply.call));
    },
  );

  return {
    start: (port, host) => server.start(port, host),
    stop: () => server.stop(),
    addBucket: (name, bucketOpts = {}) => buckets.add(name, bucketOpts, clock.now()),
    setDeny: (bucket, deny) => buckets.setDeny(bucket, deny),
    calls,
  };
}
