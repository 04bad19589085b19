// What an OSS access check found. Failures carry what OSS said (code, status, request id, EC) plus a classification
// the message layer turns into a specific fix. The kinds are codes of the error catalogue (OSS_ACCESS_DENIED, …).

import type { OssFailureKind } from '../errors/catalogue.js';

export type { OssFailureKind } from '../errors/catalogue.js';

export interface OssCheckOk {
  ok: true;
  bucket: string;
  prefix: string;
  /** Keys (and common prefixes) returned by a listing capped at one. */
  keyCount: number;
  sampleKey?: string;
  requestId?: string;
}

export interface OssCheckFailed {
  ok: false;
  bucket: string;
  prefix: string;
  kind: OssFailureKind;
  /** OSS error code (`AccessDenied`, `NoSuchBucket`, …) or the client's (`ECONNREFUSED`, `ResponseTimeoutError`, …). */
  code?: string;
  status?: number;
  requestId?: string;
  /** OSS's EC value, e.g. `0003-00000001`; look it up at https://api.aliyun.com/troubleshoot?q=<EC>. */
  ec?: string;
  /** One line, from OSS or the client; never contains a secret. */
  detail: string;
  /** The region OSS says the bucket must be addressed in, when the error names it (wrong_region only). */
  bucketRegion?: string;
  /** The endpoint OSS says to use, from the <Endpoint> of its error document (wrong_region only). */
  bucketEndpoint?: string;
  /**
   * Where the STS token the bot signed with came from (token_expired only): `fixed`, the configured
   * ALIBABA_CLOUD_SECURITY_TOKEN, which never refreshes; `chain`, the default credential chain, which refreshes it.
   */
  tokenSource?: OssTokenSource;
}

export type OssTokenSource = 'fixed' | 'chain';

export type OssCheckResult = OssCheckOk | OssCheckFailed;
