// Public shapes of the OSS simulator: options, bucket rules and the call record tests read.

import type { Clock } from '@pai-bot/sim-kit/clock.js';

/** The RAM actions a bucket's deny rule can name (the two the bot's probes need). */
export type OssAction = 'oss:ListObjects' | 'oss:GetObject';

/**
 * `true` denies every operation on the bucket. An object denies the listed actions (all when absent) for keys or list
 * prefixes that start with one of `prefixes` (everything when absent).
 */
export type DenyRule = boolean | { prefixes?: string[]; actions?: OssAction[] };

export interface BucketOptions {
  /** Region the bucket lives in (`cn-shanghai`, without `oss-`); defaults to the simulator's region. */
  region?: string;
  /** Object keys (size 0) present in the bucket. */
  objects?: string[];
  deny?: DenyRule;
}

export interface OssSimulatorOptions {
  /** AccessKey ID -> AccessKey secret. */
  credentials: Record<string, string>;
  /** Region of the simulated endpoint (`cn-shanghai`); a request whose Host names no region is taken to be for this one. */
  region?: string;
  /** The server's wall clock, for the 15-minute skew check. Defaults to the system clock. */
  clock?: Clock;
  /**
   * STS tokens (x-oss-security-token values) the simulator treats as expired: 403 SecurityTokenExpired. (An STS
   * request whose AccessKey ID is not in `credentials` gets 403 InvalidAccessKeyId, as an expired temporary key does.)
   */
  expiredTokens?: string[];
  /** One line per handled request, for sandbox mode. */
  log?: (line: string) => void;
}

export interface OssCall {
  method: string;
  bucket?: string;
  key?: string;
  /** Decoded query pairs. */
  query: Record<string, string>;
  accessKeyId?: string;
  status: number;
  /** Error code of a rejected call (`AccessDenied`, `NoSuchBucket`, …). */
  code?: string;
}

export interface OssSimulator {
  /** Resolves to the base URL (`http://127.0.0.1:PORT`) to use as OSS_ENDPOINT. */
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
  addBucket(name: string, opts?: BucketOptions): void;
  /** Replaces the bucket's deny rule: `true` denies everything, `false` allows everything. */
  setDeny(bucket: string, deny: boolean): void;
  readonly calls: OssCall[];
}
