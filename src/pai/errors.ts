// Which kind of failure a PAI call met: the SDK throws four unrelated shapes (ResponseError, SyntaxError, httpx
// timeouts, socket errors), flattened here into one PaiError whose kind is a code of the error catalogue.
// The Slack wording of a PaiError is in src/errors/to-user-text.ts.

import { PaiError, type PaiErrorInit, type PaiErrorKind } from '../errors/pai-error.js';

export { PaiError, type PaiErrorInit, type PaiErrorKind } from '../errors/pai-error.js';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

// POP signature/credential failures. Checked before the status code: InvalidAccessKeyId.NotFound is a 404 and
// InvalidSecurityToken.Expired a 403, but both mean "fix the credentials", not "missing resource/permission".
const AUTH_EXACT = new Set([
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'SignatureNonceUsed',
  'InvalidCredentials',
  'InvalidAccessKeyId',
]);
const AUTH_PREFIXES = ['InvalidTimeStamp.', 'InvalidSecurityToken.', 'InvalidAccessKeyId.'];

function isAuthCode(code: string | undefined): boolean {
  if (!code) return false;
  return AUTH_EXACT.has(code) || AUTH_PREFIXES.some((p) => code.startsWith(p));
}

type Loose = Record<string, unknown>;

function asObject(v: unknown): Loose | undefined {
  return v !== null && typeof v === 'object' ? (v as Loose) : undefined;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const t = v.trim();
    // The SDK stringifies a missing Code/Description into the literal 'undefined'.
    return t && t !== 'undefined' && t !== 'null' ? t : undefined;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

const MAX_DETAIL = 500;

function cleanDetail(raw: string, redact: readonly string[]): string {
  let s = raw;
  for (const secret of redact) {
    if (secret && secret.length >= 4) s = s.split(secret).join('***');
  }
  // Belt and braces for credentials that reach a message from places we do not control (e.g. a credentials URI body).
  s = s.replace(/((?:access_?key_?secret|security_?token|sts_?token)"?\s*[:=]\s*"?)[^",\s}]+/gi, '$1***');
  // Keep only the human message: no stack frames, one line.
  const stackAt = s.search(/\n\s+at\s/);
  if (stackAt >= 0) s = s.slice(0, stackAt);
  s = s.replace(/\s+/g, ' ').trim();
  return s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL - 1)}…` : s;
}

// openapi-client formats "<Code>: code: <status>, <Message> request id: <RequestId>"; recover <Message> when data is
// absent.
function stripSdkDecoration(message: string): string {
  const m = /^[^:]*: code: \d+, ([\s\S]*?)(?: request id: \S*)?$/.exec(message);
  return m?.[1] ?? message;
}

function networkCode(e: Loose): string | undefined {
  const own = str(e.code);
  if (own && NETWORK_CODES.has(own)) return own;
  // Node 20's happy-eyeballs connect wraps per-address failures in an AggregateError.
  const inner = Array.isArray(e.errors) ? e.errors : [];
  for (const x of inner) {
    const c = str(asObject(x)?.code);
    if (c && NETWORK_CODES.has(c)) return c;
  }
  const msg = typeof e.message === 'string' ? e.message : '';
  if (/socket hang up/i.test(msg)) return 'ECONNRESET';
  return undefined;
}

function classifyResponse(code: string | undefined, status: number | undefined): PaiErrorKind | undefined {
  if (isAuthCode(code)) return 'auth';
  if (status === 429 || code?.startsWith('Throttling')) return 'throttled';
  if (status === 403 || code?.startsWith('Forbidden') || code?.startsWith('NoPermission')) return 'forbidden';
  // Not found is the status or the code: real EAS answers InvalidService.NotFound (docs/ and the SDK do not fix its
  // status), DLC its own *.NotFound codes; an auth code like InvalidAccessKeyId.NotFound was decided above.
  if (status === 404 || code === 'NotFound' || code?.endsWith('.NotFound')) return 'not_found';
  if ((status !== undefined && status >= 500) || code === 'ServiceUnavailable' || code === 'InternalError') {
    return 'unavailable';
  }
  if (status !== undefined && status >= 400) return 'invalid';
  return undefined;
}

/**
 * Map anything a PAI call can throw to a PaiError. `redact` lists literal strings (the access key secret, the STS
 * token) that must never reach the message; the transport passes them in.
 */
export function toPaiError(err: unknown, action: string, redact: readonly string[] = []): PaiError {
  if (err instanceof PaiError) return err;
  const e = asObject(err) ?? { message: String(err) };
  const name = typeof e.name === 'string' ? e.name : '';
  const rawMessage = typeof e.message === 'string' ? e.message : String(err);
  const data = asObject(e.data);

  const code = str(e.code) ?? str(data?.Code) ?? str(data?.code);
  const statusCode = num(e.statusCode) ?? num(data?.statusCode);
  const requestId = str(data?.RequestId) ?? str(data?.requestId);
  const denied = asObject(e.accessDeniedDetail) ?? asObject(data?.AccessDeniedDetail);
  const authAction = str(denied?.AuthAction);
  const pick = (kind: PaiErrorKind, detailRaw: string, extra: Partial<PaiErrorInit> = {}): PaiError =>
    new PaiError({ kind, action, detail: cleanDetail(detailRaw, redact) || kind, ...extra });

  // Order matters: transport-level failures carry no status, and a SyntaxError can hide an HTML 5xx page.
  if (name === 'SyntaxError' || /The value is not a object/.test(rawMessage)) {
    return pick('bad_response', `PAI returned a body that is not a JSON object (${rawMessage})`);
  }
  if (name === 'RequestTimeoutError') return pick('timeout', rawMessage);
  const net = networkCode(e);
  if (net) return pick('network', rawMessage, { code: net });

  const paiMessage = str(data?.Message) ?? str(data?.message) ?? stripSdkDecoration(rawMessage);
  const fields = { code, statusCode, requestId, authAction };
  const kind = classifyResponse(code, statusCode);
  if (kind) return pick(kind, paiMessage, fields);

  // The default credential chain fails before any request is sent; retrying will not make credentials appear.
  if (/unable to get credentials|Missing required .* option/i.test(rawMessage)) {
    return pick('auth', rawMessage, { code: code ?? 'InvalidCredentials' });
  }
  return pick('unknown', paiMessage, fields);
}
