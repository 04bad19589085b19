// The bot's OSS access probe: one ListObjectsV2 (`max-keys=1`) under the prefix with the bot's own credentials,
// classified into a kind the message layer can explain. It never throws for anything OSS or the network does.
//
// ali-oss facts this relies on (read in ali-oss 6.23): `region` is written `oss-<region>`; `endpoint` needs a scheme;
// with an
// IP endpoint ali-oss keeps the bucket out of the hostname and sends `Host: <bucket>.oss-<region>.aliyuncs.com`, so the
// region option must still be right; `secure` defaults to http; errors carry `code`, `status`, `requestId`, `ecCode`
// and `hostId`, but not the rest of OSS's error document (see oss-error-body.ts for how the probe still reads it).

import OSSModule from 'ali-oss';
import CredentialsModule from '@alicloud/credentials';
import {
  errorElement,
  regionOfEndpoint,
  tapErrorBodies,
  type ErrorBodyTap,
  type UrllibLike,
} from './oss-error-body.js';
import type { OssCheckFailed, OssCheckResult, OssFailureKind, OssTokenSource } from './oss-types.js';
import type { Config } from '../config/load-config.js';

export type { OssCheckFailed, OssCheckOk, OssCheckResult, OssFailureKind, OssTokenSource } from './oss-types.js';

// Both packages are CommonJS. Node's ESM loader hands over module.exports; some loaders unwrap `.default` first.
function cjsDefault<C>(mod: unknown): C {
  if (typeof mod === 'function') return mod as C;
  return (mod as { default: C }).default;
}
const OSS = cjsDefault<typeof OSSModule>(OSSModule);
const Credential = cjsDefault<typeof CredentialsModule.default>(CredentialsModule);

export interface OssCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface OssProbeOptions {
  /** Region ID as PAI spells it: `cn-shanghai` (an `oss-` prefix is tolerated). */
  region: string;
  /** OSS_ENDPOINT, scheme included (`http://127.0.0.1:9200` for the simulator). Default: https://oss-<region>.aliyuncs.com. */
  endpoint?: string;
  /** When absent, the @alicloud/credentials default chain (env, OIDC, profiles, ECS role, URI) supplies them per check. */
  credentials?: OssCredentials;
  /** Whole-check budget; default 10 s. */
  timeoutMs?: number;
}

/** The probe's options from the bot's config: its region, OSS_ENDPOINT, and the AccessKey if one is set. */
export function ossProbeOptions(config: Pick<Config, 'file' | 'endpoints' | 'accessKey'>): OssProbeOptions {
  return {
    region: config.file.region,
    ...(config.endpoints.oss ? { endpoint: config.endpoints.oss } : {}),
    ...(config.accessKey ? { credentials: config.accessKey } : {}),
  };
}

export interface OssProbe {
  /** Lists at most one key under `prefix` in `bucket`. Resolves for every outcome. */
  check(bucket: string, prefix: string): Promise<OssCheckResult>;
}

export const DEFAULT_OSS_TIMEOUT_MS = 10_000;

/** `cn-shanghai` or `oss-cn-shanghai` → `cn-shanghai`. */
export function bareRegion(region: string): string {
  const trimmed = region.trim();
  return trimmed.startsWith('oss-') ? trimmed.slice(4) : trimmed;
}

/**
 * ali-oss prepends the bucket to any non-IP endpoint host, so `http://localhost:PORT` would become `bucket.localhost`;
 * loopback is rewritten to 127.0.0.1 so the simulator URL works either way.
 */
export function normaliseEndpoint(endpoint: string): string {
  const trimmed = endpoint.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return trimmed;
  }
  if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
  return url.toString().replace(/\/$/, '');
}

/** The options ali-oss needs for one bucket. Exported for tests. */
export function clientOptions(opts: OssProbeOptions, bucket: string, creds: OssCredentials): Record<string, unknown> {
  const timeout = opts.timeoutMs ?? DEFAULT_OSS_TIMEOUT_MS;
  return {
    region: `oss-${bareRegion(opts.region)}`,
    accessKeyId: creds.accessKeyId,
    accessKeySecret: creds.accessKeySecret,
    ...(creds.securityToken ? { stsToken: creds.securityToken, refreshSTSTokenInterval: 300_000 } : {}),
    bucket,
    ...(opts.endpoint ? { endpoint: normaliseEndpoint(opts.endpoint) } : {}),
    // Only used when the endpoint has no scheme of its own (the default region endpoint): talk HTTPS.
    secure: true,
    cname: false,
    sldEnable: false,
    timeout,
    retryMax: 0,
  };
}

interface OssLikeError {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  status?: unknown;
  requestId?: unknown;
  ecCode?: unknown;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const WRONG_ENDPOINT = /must be addressed using the specified endpoint/i;
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'RequestError',
]);

/** What the probe knows about a failed request besides the error ali-oss threw. */
export interface OssErrorContext {
  /** OSS's raw <Error> document of the failed reply (see oss-error-body.ts). */
  errorBody?: string;
  /** Set when the request carried an STS token: where that token came from. */
  sts?: OssTokenSource;
}

function kindOf(
  code: string | undefined,
  status: number | undefined,
  name: string | undefined,
  message: string,
  sts: OssTokenSource | undefined,
): OssFailureKind {
  switch (code) {
    case 'AccessDenied':
      return WRONG_ENDPOINT.test(message) ? 'wrong_region' : 'access_denied';
    case 'PermanentRedirect':
      return 'wrong_region';
    case 'NoSuchBucket':
    case 'InvalidBucketName':
      return 'no_such_bucket';
    case 'InvalidAccessKeyId':
      // With STS credentials this is how OSS answers once the temporary AccessKey ID has expired: its message is the
      // plain "does not exist in our records" (EC 0002-00000002, "the AccessKey ID of an STS request does not exist",
      // whose documented causes include an expired one). Only a long-term AccessKey means a wrong or disabled key.
      return sts !== undefined || /security token|expired/i.test(message) ? 'token_expired' : 'bad_key';
    case 'SignatureDoesNotMatch':
      return 'bad_signature';
    case 'RequestTimeTooSkewed':
      return 'clock_skew';
    case 'InvalidSecurityToken':
    case 'SecurityTokenExpired':
    case 'AccessKeyIdAndSecurityTokenNotMatch':
      return 'token_expired';
    default:
      break;
  }
  if (status === -2 || (name !== undefined && /timeout/i.test(name))) return 'timeout';
  if (status === -1 || (code !== undefined && NETWORK_CODES.has(code)) || name === 'RequestError') return 'network';
  if (status === 301) return 'wrong_region';
  if (status === 403) return 'access_denied';
  return 'unknown';
}

/** Removes every occurrence of the given secrets from a text. */
export function redact(text: string, secrets: (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('***');
  return out;
}

function oneLine(text: string, max = 400): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Where a wrong-region answer says the bucket lives: the <Endpoint> of OSS's error document, else any endpoint named in the message. */
function bucketLocation(
  message: string,
  errorBody: string | undefined,
): { bucketRegion?: string; bucketEndpoint?: string } {
  const endpoint = errorBody === undefined ? undefined : errorElement(errorBody, 'Endpoint');
  const region = (endpoint === undefined ? undefined : regionOfEndpoint(endpoint)) ?? regionOfEndpoint(message);
  return {
    ...(region === undefined ? {} : { bucketRegion: region }),
    ...(endpoint === undefined ? {} : { bucketEndpoint: endpoint }),
  };
}

/** Turns whatever ali-oss threw into a failed check. Pure; exported for tests. */
export function classifyOssError(
  err: unknown,
  bucket: string,
  prefix: string,
  secrets: (string | undefined)[] = [],
  seen: OssErrorContext = {},
): OssCheckFailed {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as OssLikeError;
  const code = str(e.code);
  const status = typeof e.status === 'number' ? e.status : undefined;
  const name = str(e.name);
  const message = str(e.message) ?? name ?? 'unknown error';
  const kind = kindOf(code, status, name, message, seen.sts);
  // urllib appends the URL, socket stats and a "please increase the timeout" hint after the first comma.
  const core = kind === 'network' || kind === 'timeout' ? (message.split(',')[0] ?? message) : message;
  const detail = oneLine(redact(core, secrets));
  const errno = kind === 'network' ? /\b(E[A-Z]{3,})\b/.exec(message)?.[1] : undefined;
  const location = kind === 'wrong_region' ? bucketLocation(message, seen.errorBody) : {};
  const requestId = str(e.requestId);
  const ec = str(e.ecCode);
  return {
    ok: false,
    bucket,
    prefix,
    kind,
    ...(errno !== undefined ? { code: errno } : code === undefined ? {} : { code }),
    ...(status === undefined || status < 0 ? {} : { status }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(ec === undefined ? {} : { ec }),
    detail,
    ...location,
    ...(kind === 'token_expired' && seen.sts !== undefined ? { tokenSource: seen.sts } : {}),
  };
}

class ProbeTimeout extends Error {
  override name = 'ProbeTimeoutError';
  readonly status = -2;
}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(`no answer from OSS within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function headerOf(res: unknown, name: string): string | undefined {
  const headers = (res as { headers?: Record<string, unknown> } | undefined)?.headers;
  return headers ? str(headers[name]) : undefined;
}

export function createOssProbe(opts: OssProbeOptions): OssProbe {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_OSS_TIMEOUT_MS;
  let chain: InstanceType<typeof Credential> | undefined;

  async function credentials(): Promise<OssCredentials> {
    if (opts.credentials) return opts.credentials;
    chain ??= new Credential();
    const got = await chain.getCredential();
    if (!got.accessKeyId || !got.accessKeySecret) throw new Error('the default credential chain returned no AccessKey');
    return {
      accessKeyId: got.accessKeyId,
      accessKeySecret: got.accessKeySecret,
      ...(got.securityToken ? { securityToken: got.securityToken } : {}),
    };
  }

  return {
    async check(bucket: string, rawPrefix: string): Promise<OssCheckResult> {
      // OSS keys never start with '/', so `oss://b//x` and `oss://b/x` mean the same place.
      const prefix = rawPrefix.replace(/^\/+/, '');
      let creds: OssCredentials;
      try {
        creds = await credentials();
      } catch (err) {
        return {
          ok: false,
          bucket,
          prefix,
          kind: 'unknown',
          code: 'NoCredentials',
          detail: oneLine(
            `could not obtain credentials from the default chain: ${err instanceof Error ? err.message : String(err)}`,
          ),
        };
      }
      const secrets = [creds.accessKeySecret, creds.securityToken];
      const sts: OssTokenSource | undefined = creds.securityToken ? (opts.credentials ? 'fixed' : 'chain') : undefined;
      let errorBodies: ErrorBodyTap | undefined;
      try {
        const client = new OSS(clientOptions(opts, bucket, creds) as unknown as ConstructorParameters<typeof OSS>[0]);
        errorBodies = tapErrorBodies(client as unknown as { urllib: UrllibLike });
        const result = await withDeadline(client.listV2({ prefix, 'max-keys': 1 }), timeoutMs + 2_000);
        const objects = Array.isArray(result.objects) ? result.objects : [];
        const prefixes = Array.isArray(result.prefixes) ? result.prefixes : [];
        const keyCount = Number.isFinite(result.keyCount) ? result.keyCount : objects.length + prefixes.length;
        const sampleKey = objects[0]?.name ?? prefixes[0];
        const requestId = headerOf(result.res, 'x-oss-request-id');
        return {
          ok: true,
          bucket,
          prefix,
          keyCount,
          ...(sampleKey === undefined ? {} : { sampleKey }),
          ...(requestId === undefined ? {} : { requestId }),
        };
      } catch (err) {
        if (err instanceof Error && /bucket must be conform/i.test(err.message)) {
          return {
            ok: false,
            bucket,
            prefix,
            kind: 'no_such_bucket',
            code: 'InvalidBucketName',
            detail: `"${bucket}" is not a valid OSS bucket name.`,
          };
        }
        const errorBody = errorBodies?.last();
        return classifyOssError(err, bucket, prefix, secrets, {
          ...(errorBody === undefined ? {} : { errorBody }),
          ...(sts === undefined ? {} : { sts }),
        });
      }
    },
  };
}
