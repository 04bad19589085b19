// One request in, one reply out, no I/O: authentication (V1 signature, AccessKey, STS token, clock skew), then bucket,
// region and deny checks, then the operation. Error codes, HTTP statuses and messages follow real OSS; EC values are
// the documented ones where we know them (see EC below) and simulator-chosen otherwise.

import type { Clock } from '@pai-bot/sim-kit/clock.js';
import { addressingsOf, type Addressing } from './addressing.js';
import { isDenied, listObjects, type BucketStore, type CheckedAction } from './buckets.js';
import { headerValue, parseAuthorization, signaturesEqual, signV1, stringToSign, type HeaderMap } from './signature.js';
import type { OssCall } from './types.js';
import { bucketInfoXml, errorXml, listV2Xml } from './xml.js';

/** OSS rejects requests whose date is further than this from its own clock. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

/**
 * EC values. Documented by Alibaba Cloud: SIGNATURE (0002-00000040, header V1 signature), SKEW (0002-00000504),
 * DENIED (0003-00000001), TOKEN_EXPIRED (0002-00000007, code SecurityTokenExpired), STS_AK_UNKNOWN (0002-00000002,
 * the AccessKey ID of an STS request does not exist, an expired one included). The others are shaped like real ones
 * but chosen by the simulator; the bot must never depend on an exact EC value, only show it and link it.
 */
export const EC = {
  DENIED: '0003-00000001',
  WRONG_ENDPOINT: '0003-00001403',
  TOKEN_EXPIRED: '0002-00000007',
  STS_AK_UNKNOWN: '0002-00000002',
  BAD_AK: '0002-00000902',
  SIGNATURE: '0002-00000040',
  SKEW: '0002-00000504',
  NO_DATE: '0002-00000502',
  BAD_AUTH_HEADER: '0002-00000005',
  NO_BUCKET: '0015-00000101',
  NO_KEY: '0026-00000001',
  BAD_ARGUMENT: '0017-00000001',
  NOT_SIMULATED: '0000-00000000',
} as const;

export interface OssRequest {
  method: string;
  /** Path as sent, still percent-encoded. */
  path: string;
  query: Record<string, string>;
  headers: HeaderMap;
  requestId: string;
}

export interface OssReply {
  status: number;
  headers: Record<string, string>;
  body: string;
  call: OssCall;
}

export interface DispatchDeps {
  buckets: BucketStore;
  secretOf(accessKeyId: string): string | undefined;
  isExpiredToken(token: string): boolean;
  clock: Clock;
  region: string;
}

class Rejection {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
    readonly ec: string,
    readonly extra: [string, string][] = [],
  ) {}
}

function rfc1123(ms: number): string {
  return new Date(ms).toUTCString();
}

interface Authenticated {
  accessKeyId: string;
  addressing: Addressing;
}

function authenticate(
  req: OssRequest,
  candidates: Addressing[],
  deps: DispatchDeps,
  note: (ak: string) => void,
): Authenticated {
  const header = headerValue(req.headers, 'authorization');
  if (!header)
    throw new Rejection(
      403,
      'AccessDenied',
      'AccessDenied: Anonymous access is forbidden for this operation.',
      EC.DENIED,
    );
  const auth = parseAuthorization(header);
  if (!auth)
    throw new Rejection(400, 'InvalidArgument', 'Authorization header is invalid.', EC.BAD_AUTH_HEADER, [
      ['ArgumentName', 'Authorization'],
    ]);
  note(auth.accessKeyId);

  // An expired STS credential reaches OSS in two ways, and real OSS answers each its own way: a token it still
  // recognises as expired gets SecurityTokenExpired (EC 0002-00000007); a temporary AccessKey ID it no longer knows
  // gets the same InvalidAccessKeyId as a mistyped long-term key, told apart only by the EC (0002-00000002).
  const token = headerValue(req.headers, 'x-oss-security-token');
  if (token !== undefined && deps.isExpiredToken(token)) {
    throw new Rejection(403, 'SecurityTokenExpired', 'The security token you provided has expired.', EC.TOKEN_EXPIRED);
  }
  const secret = deps.secretOf(auth.accessKeyId);
  if (secret === undefined) {
    throw new Rejection(
      403,
      'InvalidAccessKeyId',
      'The OSS Access Key Id you provided does not exist in our records.',
      token === undefined ? EC.BAD_AK : EC.STS_AK_UNKNOWN,
      [['OSSAccessKeyId', auth.accessKeyId]],
    );
  }

  const dateHeader = headerValue(req.headers, 'x-oss-date') ?? headerValue(req.headers, 'date');
  const signedAt = dateHeader === undefined ? Number.NaN : Date.parse(dateHeader);
  if (Number.isNaN(signedAt))
    throw new Rejection(403, 'AccessDenied', 'OSS authentication requires a valid Date.', EC.NO_DATE);
  const now = deps.clock.now();
  if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
    throw new Rejection(
      403,
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
      EC.SKEW,
      [
        ['RequestTime', dateHeader ?? ''],
        ['ServerTime', new Date(now).toISOString()],
        ['MaxAllowedSkewMilliseconds', String(MAX_SKEW_MS)],
      ],
    );
  }

  let firstCanonical: string | undefined;
  for (const addressing of candidates) {
    const canonical = stringToSign({
      method: req.method,
      headers: req.headers,
      bucket: addressing.bucket,
      key: addressing.key,
      query: req.query,
    });
    firstCanonical ??= canonical;
    if (signaturesEqual(signV1(canonical, secret), auth.signature))
      return { accessKeyId: auth.accessKeyId, addressing };
  }
  throw new Rejection(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    EC.SIGNATURE,
    [
      ['OSSAccessKeyId', auth.accessKeyId],
      ['SignatureProvided', auth.signature],
      ['StringToSign', firstCanonical ?? ''],
    ],
  );
}

function intParam(query: Record<string, string>, name: string, fallback: number, min: number, max: number): number {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Rejection(
      400,
      'InvalidArgument',
      `Argument ${name} must be an integer between ${min} and ${max}.`,
      EC.BAD_ARGUMENT,
      [
        ['ArgumentName', name],
        ['ArgumentValue', raw],
      ],
    );
  }
  return value;
}

interface Operation {
  action: CheckedAction;
  /** Key for object operations, prefix for listings. */
  resource?: string;
  run(): { status: number; headers?: Record<string, string>; body: string };
}

function operationFor(req: OssRequest, addressing: Addressing, deps: DispatchDeps): Operation {
  const bucket = deps.buckets.get(addressing.bucket ?? '');
  if (!bucket) throw new Error('operationFor needs an existing bucket');
  const { key } = addressing;
  const isRead = req.method === 'GET' || req.method === 'HEAD';
  if (isRead && key === '' && 'bucketInfo' in req.query) {
    return {
      action: 'oss:GetBucketInfo',
      run: () => ({
        status: 200,
        body: bucketInfoXml({
          name: bucket.name,
          region: bucket.region,
          createdAt: new Date(bucket.createdAt).toISOString(),
          owner: 'oss-sim',
        }),
      }),
    };
  }
  if (req.method === 'GET' && key === '') {
    if (req.query['list-type'] !== '2') {
      throw new Rejection(
        400,
        'NotImplemented',
        'The OSS simulator implements ListObjectsV2 (list-type=2) only.',
        EC.NOT_SIMULATED,
      );
    }
    const prefix = req.query.prefix ?? '';
    const maxKeys = intParam(req.query, 'max-keys', 100, 0, 1000);
    const delimiter = req.query.delimiter || undefined;
    const startAfter = req.query['start-after'];
    const continuationToken = req.query['continuation-token'] || undefined;
    return {
      action: 'oss:ListObjects',
      resource: prefix,
      run: () => {
        const page = listObjects(bucket, {
          prefix,
          maxKeys,
          ...(delimiter === undefined ? {} : { delimiter }),
          ...(startAfter === undefined ? {} : { startAfter }),
          ...(continuationToken === undefined ? {} : { continuationToken }),
        });
        return {
          status: 200,
          body: listV2Xml({
            bucket: bucket.name,
            prefix,
            maxKeys,
            ...(delimiter === undefined ? {} : { delimiter }),
            ...(startAfter === undefined ? {} : { startAfter }),
            ...(continuationToken === undefined ? {} : { continuationToken }),
            ...(page.nextContinuationToken === undefined ? {} : { nextContinuationToken: page.nextContinuationToken }),
            encodeKeys: req.query['encoding-type'] === 'url',
            isTruncated: page.isTruncated,
            contents: page.contents,
            commonPrefixes: page.commonPrefixes,
          }),
        };
      },
    };
  }
  if (isRead && key !== '') {
    return {
      action: 'oss:GetObject',
      resource: key,
      run: () => {
        const object = bucket.objects.get(key);
        if (!object)
          throw new Rejection(404, 'NoSuchKey', 'The specified key does not exist.', EC.NO_KEY, [['Key', key]]);
        return {
          status: 200,
          headers: {
            etag: object.etag,
            'last-modified': rfc1123(Date.parse(object.lastModified)),
            'content-type': 'application/octet-stream',
            'x-oss-object-type': 'Normal',
            'x-oss-storage-class': 'Standard',
          },
          body: '',
        };
      },
    };
  }
  throw new Rejection(
    405,
    'MethodNotAllowed',
    `The OSS simulator does not implement ${req.method} on this resource.`,
    EC.NOT_SIMULATED,
    [
      ['Method', req.method],
      ['ResourceType', key === '' ? 'Bucket' : 'Object'],
    ],
  );
}

function denialMessage(action: CheckedAction, resource: string | undefined): string {
  if (action === 'oss:ListObjects')
    return `You have no right to access this bucket: ${action} is denied for prefix "${resource ?? ''}".`;
  if (action === 'oss:GetObject') return `You have no right to access this object: ${action} is denied.`;
  return `You have no right to access this bucket: ${action} is denied.`;
}

export function dispatch(req: OssRequest, deps: DispatchDeps): OssReply {
  const candidates = addressingsOf(headerValue(req.headers, 'host'), req.path, deps.region);
  let addressing = candidates[0] ?? { key: '', region: deps.region, hostId: `oss-${deps.region}.aliyuncs.com` };
  let accessKeyId: string | undefined;
  const base = (status: number, code?: string): OssCall => ({
    method: req.method,
    ...(addressing.bucket === undefined ? {} : { bucket: addressing.bucket }),
    ...(addressing.key === '' ? {} : { key: addressing.key }),
    query: { ...req.query },
    ...(accessKeyId === undefined ? {} : { accessKeyId }),
    status,
    ...(code === undefined ? {} : { code }),
  });
  const common = (): Record<string, string> => ({
    'x-oss-request-id': req.requestId,
    server: 'AliyunOSS',
    date: rfc1123(deps.clock.now()),
  });

  try {
    const auth = authenticate(req, candidates, deps, (ak) => (accessKeyId = ak));
    addressing = auth.addressing;
    if (addressing.bucket === undefined) {
      throw new Rejection(
        400,
        'NotImplemented',
        'The OSS simulator does not implement service-level operations (ListBuckets).',
        EC.NOT_SIMULATED,
      );
    }
    const bucket = deps.buckets.get(addressing.bucket);
    if (!bucket)
      throw new Rejection(404, 'NoSuchBucket', 'The specified bucket does not exist.', EC.NO_BUCKET, [
        ['BucketName', addressing.bucket],
      ]);
    if (bucket.region !== addressing.region) {
      // Real OSS answers a request sent to another region's endpoint with 403 AccessDenied and the right Endpoint.
      throw new Rejection(
        403,
        'AccessDenied',
        'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
        EC.WRONG_ENDPOINT,
        [
          ['Bucket', bucket.name],
          ['Endpoint', `oss-${bucket.region}.aliyuncs.com`],
        ],
      );
    }
    const op = operationFor(req, addressing, deps);
    if (isDenied(bucket.deny, op.action, op.resource)) {
      throw new Rejection(403, 'AccessDenied', denialMessage(op.action, op.resource), EC.DENIED, [
        ['AuthAction', op.action],
      ]);
    }
    const out = op.run();
    const body = req.method === 'HEAD' ? '' : out.body;
    return {
      status: out.status,
      headers: {
        ...common(),
        ...(out.body ? { 'content-type': 'application/xml' } : {}),
        ...out.headers,
        'content-length': String(Buffer.byteLength(out.body)),
      },
      body,
      call: base(out.status),
    };
  } catch (err) {
    if (!(err instanceof Rejection)) throw err;
    const xml = errorXml({
      code: err.code,
      message: err.message,
      requestId: req.requestId,
      hostId: addressing.hostId,
      ec: err.ec,
      extra: err.extra,
    });
    const headers: Record<string, string> = { ...common(), 'x-oss-ec': err.ec, 'content-type': 'application/xml' };
    if (req.method === 'HEAD') {
      // A HEAD reply has no body; OSS puts the error document, base64-encoded, in x-oss-err instead.
      headers['x-oss-err'] = Buffer.from(xml, 'utf8').toString('base64');
      return { status: err.status, headers, body: '', call: base(err.status, err.code) };
    }
    return {
      status: err.status,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(xml)) },
      body: xml,
      call: base(err.status, err.code),
    };
  }
}
