// Buckets, their objects and their deny rules; listing with prefix / delimiter / paging as ListObjectsV2 does it.

import { createHash } from 'node:crypto';
import type { BucketOptions, DenyRule, OssAction } from './types.js';
import type { ListedObject } from './xml.js';

export type CheckedAction = OssAction | 'oss:GetBucketInfo';

export interface SimBucket {
  name: string;
  region: string;
  createdAt: number;
  objects: Map<string, ListedObject>;
  deny: DenyRule;
}

export interface ListPage {
  contents: ListedObject[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextContinuationToken?: string;
}

function etagOf(key: string): string {
  return `"${createHash('md5').update(key).digest('hex').toUpperCase()}"`;
}

export class BucketStore {
  private readonly buckets = new Map<string, SimBucket>();

  constructor(private readonly defaultRegion: string) {}

  add(name: string, opts: BucketOptions, now: number): void {
    const lastModified = new Date(now).toISOString();
    const objects = new Map<string, ListedObject>();
    for (const key of opts.objects ?? []) objects.set(key, { key, lastModified, etag: etagOf(key), size: 0 });
    this.buckets.set(name, {
      name,
      region: opts.region ?? this.defaultRegion,
      createdAt: now,
      objects,
      deny: opts.deny ?? false,
    });
  }

  get(name: string): SimBucket | undefined {
    return this.buckets.get(name);
  }

  setDeny(name: string, deny: boolean): void {
    const bucket = this.buckets.get(name);
    if (!bucket) throw new Error(`OSS simulator: no bucket named ${name}`);
    bucket.deny = deny;
  }
}

/**
 * Whether the bucket's rule denies `action` on `resource` (the object key, or the list prefix). A rule naming
 * prefixes never denies GetBucketInfo, which has no key.
 */
export function isDenied(rule: DenyRule, action: CheckedAction, resource: string | undefined): boolean {
  if (rule === true) return true;
  if (rule === false) return false;
  if (action === 'oss:GetBucketInfo') return rule.prefixes === undefined && rule.actions === undefined;
  if (rule.actions && !rule.actions.includes(action)) return false;
  if (!rule.prefixes) return true;
  return resource !== undefined && rule.prefixes.some((prefix) => resource.startsWith(prefix));
}

export interface ListQuery {
  prefix: string;
  maxKeys: number;
  delimiter?: string;
  startAfter?: string;
  continuationToken?: string;
}

/** The continuation token is the last key (or common prefix) returned, base64url-encoded. */
export function listObjects(bucket: SimBucket, q: ListQuery): ListPage {
  let after = q.startAfter ?? '';
  if (q.continuationToken) after = Buffer.from(q.continuationToken, 'base64url').toString('utf8');
  const keys = [...bucket.objects.keys()].filter((key) => key.startsWith(q.prefix) && key > after).sort();
  const contents: ListedObject[] = [];
  const commonPrefixes: string[] = [];
  let last: string | undefined;
  let isTruncated = false;
  for (const key of keys) {
    const rest = key.slice(q.prefix.length);
    const cut = q.delimiter ? rest.indexOf(q.delimiter) : -1;
    const common = cut >= 0 && q.delimiter ? q.prefix + rest.slice(0, cut + q.delimiter.length) : undefined;
    if (common !== undefined && common === commonPrefixes[commonPrefixes.length - 1]) continue;
    if (contents.length + commonPrefixes.length >= q.maxKeys) {
      isTruncated = true;
      break;
    }
    if (common !== undefined) {
      commonPrefixes.push(common);
      // Resume after every key under this common prefix.
      last = `${common}\u{10FFFF}`;
    } else {
      const object = bucket.objects.get(key);
      if (object) contents.push(object);
      last = key;
    }
  }
  return {
    contents,
    commonPrefixes,
    isTruncated,
    ...(isTruncated && last !== undefined
      ? { nextContinuationToken: Buffer.from(last, 'utf8').toString('base64url') }
      : {}),
  };
}
