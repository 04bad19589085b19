// The bucket of an OSS error document echoed in a failed job's log. Real OSS names it in <BucketName> for NoSuchBucket
// and in <Bucket> for a wrong-region or policy denial, whose HostId may carry only the endpoint (no bucket label).

import { describe, expect, it } from 'vitest';
import { bucketIn } from '../../src/diagnosis/bucket.js';

describe('bucketIn on OSS error documents', () => {
  it('reads <Bucket> of a wrong-region 403 whose HostId names no bucket', () => {
    const line =
      '<Error><Code>AccessDenied</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message>' +
      '<HostId>oss-cn-shenzhen.aliyuncs.com</HostId><Bucket>train-data</Bucket><Endpoint>oss-cn-hangzhou.aliyuncs.com</Endpoint></Error>';
    expect(bucketIn(line)).toBe('train-data');
  });

  it('still reads <BucketName>, and refuses an invalid name in either', () => {
    expect(bucketIn('<Error><Code>NoSuchBucket</Code><BucketName>models-prod</BucketName></Error>')).toBe(
      'models-prod',
    );
    expect(bucketIn('<Error><Bucket>Bad_Name</Bucket></Error>')).toBeUndefined();
  });
});
