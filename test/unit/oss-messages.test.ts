// Each outcome of an OSS access check names its specific fix; an access denial names the permission, the bucket, PAI's
// service role and the EC troubleshooting link; no secret ever appears.

import { describe, expect, it } from 'vitest';
import { explainOssCheck, explainOssDenied, troubleshootLink } from '../../src/oss/oss-messages.js';
import type { OssCheckFailed, OssCheckResult, OssFailureKind } from '../../src/oss/oss-types.js';

const ctx = { region: 'cn-shanghai' };
const SECRET = 'never-show-this-secret-123';

function failed(kind: OssFailureKind, over: Partial<OssCheckFailed> = {}): OssCheckFailed {
  return { ok: false, bucket: 'my-data', prefix: 'datasets/v2/', kind, detail: 'server said no', ...over };
}

const text = (r: OssCheckResult) => {
  const e = explainOssCheck(r, ctx);
  return [e.title, ...e.lines].join('\n');
};

describe('explainOssCheck', () => {
  it('says a readable prefix is readable, with the sample key, and warns it proves only the bot', () => {
    const t = text({
      ok: true,
      bucket: 'my-data',
      prefix: 'datasets/v2/',
      keyCount: 1,
      sampleKey: 'datasets/v2/train.jsonl',
    });
    expect(t).toContain(
      'oss://my-data/datasets/v2/ is readable by the bot: listed 1 key (sample: datasets/v2/train.jsonl)',
    );
    expect(t).toMatch(/proves only the bot's own credentials/);
    expect(t).toContain('AliyunPAIDLCDefaultRole');
  });

  it('says an empty listing is allowed but empty', () => {
    expect(text({ ok: true, bucket: 'b', prefix: 'p/', keyCount: 0 })).toMatch(/listed 0 keys .*check the path/);
  });

  it('explains access_denied: code, status, request id, EC, the missing permission, the service role and the EC link', () => {
    const t = text(
      failed('access_denied', {
        code: 'AccessDenied',
        status: 403,
        requestId: '65F0A1B2C3D4E5F600112233',
        ec: '0003-00000001',
        detail: 'You have no right',
      }),
    );
    expect(t).toContain('AccessDenied');
    expect(t).toContain('HTTP 403');
    expect(t).toContain('request id 65F0A1B2C3D4E5F600112233');
    expect(t).toContain('EC 0003-00000001');
    expect(t).toContain('oss:ListObjects on acs:oss:*:*:my-data for prefix "datasets/v2/*"');
    expect(t).toMatch(/service role/);
    expect(t).toContain('AliyunPAIDLCDefaultRole');
    expect(t).toMatch(/DLC jobs, EAS services/);
    expect(t).toMatch(/would not prove that PAI's role can/);
    expect(t).toContain('https://api.aliyun.com/troubleshoot?q=0003-00000001');
  });

  const fixes: [OssFailureKind, Partial<OssCheckFailed>, RegExp[]][] = [
    ['no_such_bucket', { code: 'NoSuchBucket', status: 404 }, [/does not exist/, /bucket name/, /cn-shanghai/]],
    ['wrong_region', { code: 'AccessDenied', status: 403 }, [/another region/, /other than cn-shanghai/]],
    [
      'wrong_region',
      { code: 'AccessDenied', status: 403, bucketRegion: 'cn-hangzhou' },
      [/lives in cn-hangzhou, not in cn-shanghai/, /oss-cn-hangzhou\.aliyuncs\.com/],
    ],
    [
      'wrong_region',
      {
        code: 'AccessDenied',
        status: 403,
        bucketRegion: 'ap-southeast-1',
        bucketEndpoint: 'oss-ap-southeast-1.aliyuncs.com',
      },
      [
        /another region \(ap-southeast-1\)/,
        /lives in ap-southeast-1, not in cn-shanghai/,
        /address it through oss-ap-southeast-1\.aliyuncs\.com/,
        /workspace in ap-southeast-1/,
      ],
    ],
    ['bad_key', { code: 'InvalidAccessKeyId', status: 403 }, [/InvalidAccessKeyId/, /does not exist or is disabled/]],
    ['bad_signature', { code: 'SignatureDoesNotMatch', status: 403 }, [/SignatureDoesNotMatch/, /secret .* wrong/]],
    ['clock_skew', { code: 'RequestTimeTooSkewed', status: 403 }, [/clock/, /NTP/, /15 minutes/]],
    [
      'token_expired',
      { code: 'InvalidSecurityToken', status: 403, ec: '0002-00000007' },
      [/STS/, /expired/, /Refresh the credential source/, /troubleshoot\?q=0002-00000007/],
    ],
    [
      'token_expired',
      { code: 'InvalidAccessKeyId', status: 403, ec: '0002-00000002', tokenSource: 'fixed' },
      [
        /own STS credentials have expired/,
        /no longer knows the temporary \(STS\) AccessKey ID/,
        /not a missing permission/,
        /ALIBABA_CLOUD_SECURITY_TOKEN/,
        /credential chain/,
      ],
    ],
    [
      'timeout',
      { detail: 'Response timeout for 300ms' },
      [/did not answer in time/, /Response timeout for 300ms/, /network path/],
    ],
    [
      'network',
      { code: 'ECONNREFUSED', detail: 'connect ECONNREFUSED 127.0.0.1:9' },
      [/could not reach OSS/, /ECONNREFUSED/, /OSS_ENDPOINT/],
    ],
    [
      'unknown',
      { code: 'InternalError', status: 500, detail: 'We encountered an internal error.' },
      [/failed/, /InternalError/, /HTTP 500/],
    ],
  ];

  it.each(fixes)('explains %s with its specific fix', (kind, over, patterns) => {
    const t = text(failed(kind, over));
    for (const p of patterns) expect(t).toMatch(p);
  });

  it('never shows secrets: text comes only from the result, which carries none', () => {
    for (const [kind, over] of fixes) expect(text(failed(kind, over))).not.toContain(SECRET);
    expect(text(failed('access_denied'))).not.toMatch(/secret/i);
  });

  it('gives each kind its own titles: no title is shared by two kinds', () => {
    const kindsOf = new Map<string, Set<OssFailureKind>>();
    for (const [kind, over] of [...fixes, ['access_denied', {}, []] as (typeof fixes)[number]]) {
      const title = explainOssCheck(failed(kind, over), ctx).title;
      kindsOf.set(title, (kindsOf.get(title) ?? new Set()).add(kind));
    }
    for (const [title, kinds] of kindsOf) expect([...kinds], title).toHaveLength(1);
  });

  it('never tells an expired STS key to grant permissions or fix a non-existent key', () => {
    const t = text(failed('token_expired', { code: 'InvalidAccessKeyId', status: 403, tokenSource: 'chain' }));
    expect(t).not.toMatch(/Missing permission|grant it|must be allowed on bucket|does not exist or is disabled/);
  });
});

describe('explainOssDenied', () => {
  it('gives the same fix for a DLC/EAS failure, with the evidence and no probe specifics', () => {
    const e = explainOssDenied(
      'my-data',
      'models/bert/',
      'ossfs: 403 Forbidden AccessDenied on GET /models/bert/config.json',
    );
    const t = [e.title, ...e.lines].join('\n');
    expect(e.title).toBe('PAI was denied access to oss://my-data/models/bert/');
    expect(t).toContain('Evidence: ossfs: 403 Forbidden AccessDenied');
    expect(t).toContain('oss:ListObjects on acs:oss:*:*:my-data (condition oss:Prefix = "models/bert/*")');
    expect(t).toContain('oss:GetObject on acs:oss:*:*:my-data/models/bert/*');
    expect(t).toContain('AliyunPAIDLCDefaultRole');
    expect(t).toMatch(/service role/);
    expect(t).toContain('https://api.aliyun.com/troubleshoot?q=');
    expect(t).not.toMatch(/listed \d+ key/);
  });

  it('explains an expired STS key in the evidence as refused credentials, not a missing permission', () => {
    for (const evidence of [
      "oss2.exceptions.InvalidAccessKeyId: {'status': 403, 'details': {'Code': 'InvalidAccessKeyId', 'Message': 'The OSS Access Key Id you provided does not exist in our records.', 'EC': '0002-00000002'}}",
      'ErrorCode=SecurityTokenExpired, ErrorMessage="The security token you provided has expired.", Ec=0002-00000007',
    ]) {
      const e = explainOssDenied('my-data', '', evidence);
      const t = [e.title, ...e.lines].join('\n');
      expect(e.title).toBe("OSS refused the credentials PAI's compute used for oss://my-data/");
      expect(t).toMatch(/temporary token expired/);
      expect(t).toMatch(/refresh the token/);
      expect(t).toMatch(/Granting permissions will not help/);
      expect(t).not.toMatch(/must be allowed on bucket|oss:ListObjects on/);
    }
  });

  it('explains a wrong-endpoint 403 in the evidence with the region its Endpoint names', () => {
    const evidence =
      "oss2.exceptions.AccessDenied: {'status': 403, 'details': {'Code': 'AccessDenied', 'Message': 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.', 'Bucket': 'my-data', 'Endpoint': 'oss-cn-hangzhou.aliyuncs.com'}}";
    const e = explainOssDenied('my-data', '', evidence);
    const t = [e.title, ...e.lines].join('\n');
    expect(e.title).toBe("PAI read oss://my-data/ through the wrong region's endpoint");
    expect(t).toMatch(/must be addressed through oss-cn-hangzhou\.aliyuncs\.com \(region cn-hangzhou\)/);
    expect(t).toMatch(/run the job in cn-hangzhou/);
    expect(t).not.toMatch(/must be allowed on bucket/);
    expect(
      explainOssDenied(
        'b',
        '',
        '<Code>AccessDenied</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message><Endpoint>oss-eu-central-1.aliyuncs.com</Endpoint>',
      ).lines.join('\n'),
    ).toMatch(/region eu-central-1/);
  });

  it('works without evidence and clips long evidence to one line', () => {
    expect(explainOssDenied('b', 'p/').lines[0]).toMatch(/^OSS answered 403/);
    const long = explainOssDenied('b', 'p/', `line1\nline2 ${'x'.repeat(1000)}`).lines[0] ?? '';
    expect(long).not.toContain('\n');
    expect(long.length).toBeLessThan(320);
  });

  it('encodes the EC in the link', () => {
    expect(troubleshootLink('0003-00000001')).toBe('https://api.aliyun.com/troubleshoot?q=0003-00000001');
  });
});
