// OSS header signature V1 (`Authorization: OSS <AK>:<base64 HMAC-SHA1>`), pure. The canonical string is rebuilt the way
// ali-oss 6.x builds it (lib/common/signUtils.js buildCanonicalString + buildCanonicalizedResource), so a request
// signed by the real client verifies here and any drift in what the bot sends shows up as SignatureDoesNotMatch.

import { createHmac, timingSafeEqual } from 'node:crypto';

export type HeaderMap = Record<string, string | string[] | undefined>;

/** Query keys OSS signs as sub-resources; everything else in the query (list-type, prefix, max-keys, …) is not signed. */
export const SIGNED_SUB_RESOURCES: ReadonlySet<string> = new Set([
  'acl',
  'append',
  'bucketInfo',
  'callback',
  'callback-var',
  'cname',
  'comp',
  'continuation-token',
  'cors',
  'delete',
  'encryption',
  'endTime',
  'img',
  'inventory',
  'inventoryId',
  'lifecycle',
  'live',
  'location',
  'logging',
  'objectMeta',
  'partNumber',
  'policy',
  'position',
  'qos',
  'referer',
  'replication',
  'replicationLocation',
  'replicationProgress',
  'requestPayment',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
  'restore',
  'security-token',
  'startTime',
  'stat',
  'status',
  'style',
  'styleName',
  'symlink',
  'tagging',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'vod',
  'website',
  'worm',
  'wormExtend',
  'wormId',
  'x-oss-process',
]);

export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}

/** `/<bucket>/<key>` plus the signed sub-resources, sorted, `key` or `key=value` (values raw, as ali-oss appends them). */
export function canonicalizedResource(bucket: string | undefined, key: string, query: Record<string, string>): string {
  let resource = '/';
  if (bucket) resource += `${bucket}/`;
  resource += key;
  const signed = Object.keys(query)
    .filter((name) => SIGNED_SUB_RESOURCES.has(name))
    .sort();
  if (signed.length === 0) return resource;
  return `${resource}?${signed.map((name) => (query[name] ? `${name}=${query[name]}` : name)).join('&')}`;
}

export interface CanonicalInput {
  method: string;
  /** Lower-case header names, as node:http delivers them. */
  headers: HeaderMap;
  bucket: string | undefined;
  key: string;
  query: Record<string, string>;
}

/** VERB, Content-MD5, Content-Type, Date (x-oss-date wins, as ali-oss signs it), x-oss-* headers, resource. */
export function stringToSign(input: CanonicalInput): string {
  const date = headerValue(input.headers, 'x-oss-date') ?? headerValue(input.headers, 'date') ?? '';
  const ossHeaders = Object.keys(input.headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name.startsWith('x-oss-'))
    .sort()
    .map((name) => `${name}:${(headerValue(input.headers, name) ?? '').trim()}`);
  return [
    input.method.toUpperCase(),
    headerValue(input.headers, 'content-md5') ?? '',
    headerValue(input.headers, 'content-type') ?? '',
    date,
    ...ossHeaders,
    canonicalizedResource(input.bucket, input.key, input.query),
  ].join('\n');
}

export function signV1(canonical: string, secret: string): string {
  return createHmac('sha1', secret).update(Buffer.from(canonical, 'utf8')).digest('base64');
}

export interface ParsedAuthorization {
  accessKeyId: string;
  signature: string;
}

/** `OSS <AK>:<signature>`; undefined when absent or shaped otherwise (V4 is not simulated). */
export function parseAuthorization(value: string | undefined): ParsedAuthorization | undefined {
  if (!value) return undefined;
  const match = /^OSS ([^:\s]+):(\S+)$/.exec(value.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return { accessKeyId: match[1], signature: match[2] };
}

export function signaturesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
