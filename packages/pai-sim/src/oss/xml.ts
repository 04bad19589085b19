// OSS reply bodies: the <Error> document every failure carries and the listing / bucket-info documents ali-oss parses.

import { randomBytes } from 'node:crypto';

export function escapeXml(value: string): string {
  return value.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );
}

/** Real OSS request IDs are 24 upper-case hex digits. */
export function newOssRequestId(): string {
  return randomBytes(12).toString('hex').toUpperCase();
}

function element(name: string, value: string | number | boolean): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export interface OssErrorInput {
  code: string;
  message: string;
  requestId: string;
  hostId: string;
  ec: string;
  /** Extra elements after HostId (Endpoint, Bucket, StringToSign, …), in order. */
  extra?: [string, string][];
}

export function errorXml(e: OssErrorInput): string {
  const extra = (e.extra ?? []).map(([name, value]) => element(name, value)).join('\n  ');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Error>',
    `  ${element('Code', e.code)}`,
    `  ${element('Message', e.message)}`,
    `  ${element('RequestId', e.requestId)}`,
    `  ${element('HostId', e.hostId)}`,
    ...(extra ? [`  ${extra}`] : []),
    `  ${element('EC', e.ec)}`,
    '</Error>',
  ].join('\n');
}

export interface ListedObject {
  key: string;
  lastModified: string;
  etag: string;
  size: number;
}

export interface ListV2Input {
  bucket: string;
  prefix: string;
  maxKeys: number;
  delimiter?: string;
  startAfter?: string;
  continuationToken?: string;
  nextContinuationToken?: string;
  encodeKeys: boolean;
  isTruncated: boolean;
  contents: ListedObject[];
  commonPrefixes: string[];
}

export function listV2Xml(l: ListV2Input): string {
  const enc = (value: string) => (l.encodeKeys ? encodeURIComponent(value) : value);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ListBucketResult>',
    `  ${element('Name', l.bucket)}`,
    `  ${element('Prefix', enc(l.prefix))}`,
    ...(l.startAfter === undefined ? [] : [`  ${element('StartAfter', enc(l.startAfter))}`]),
    ...(l.continuationToken === undefined ? [] : [`  ${element('ContinuationToken', l.continuationToken)}`]),
    `  ${element('MaxKeys', l.maxKeys)}`,
    ...(l.delimiter === undefined ? [] : [`  ${element('Delimiter', enc(l.delimiter))}`]),
    ...(l.encodeKeys ? [`  ${element('EncodingType', 'url')}`] : []),
    `  ${element('IsTruncated', l.isTruncated)}`,
    ...(l.nextContinuationToken === undefined
      ? []
      : [`  ${element('NextContinuationToken', l.nextContinuationToken)}`]),
    `  ${element('KeyCount', l.contents.length + l.commonPrefixes.length)}`,
    ...l.contents.map(
      (o) =>
        `  <Contents>${element('Key', enc(o.key))}${element('LastModified', o.lastModified)}${element('ETag', o.etag)}` +
        `${element('Type', 'Normal')}${element('Size', o.size)}${element('StorageClass', 'Standard')}</Contents>`,
    ),
    ...l.commonPrefixes.map((p) => `  <CommonPrefixes>${element('Prefix', enc(p))}</CommonPrefixes>`),
    '</ListBucketResult>',
  ];
  return lines.join('\n');
}

export function bucketInfoXml(b: { name: string; region: string; createdAt: string; owner: string }): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<BucketInfo>',
    '  <Bucket>',
    `    ${element('CreationDate', b.createdAt)}`,
    `    ${element('ExtranetEndpoint', `oss-${b.region}.aliyuncs.com`)}`,
    `    ${element('IntranetEndpoint', `oss-${b.region}-internal.aliyuncs.com`)}`,
    `    ${element('Location', `oss-${b.region}`)}`,
    `    ${element('Name', b.name)}`,
    `    ${element('StorageClass', 'Standard')}`,
    `    <Owner>${element('DisplayName', b.owner)}${element('ID', b.owner)}</Owner>`,
    `    <AccessControlList>${element('Grant', 'private')}</AccessControlList>`,
    '  </Bucket>',
    '</BucketInfo>',
  ].join('\n');
}
