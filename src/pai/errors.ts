// One error type for every PAI call, so workers decide retry-or-give-up and Slack text from one place.
// The SDK throws four unrelated shapes (ResponseError, SyntaxError, httpx timeouts, socket errors); we flatten them here.

export type PaiErrorKind =
  | 'throttled'
  | 'unavailable'
  | 'timeout'
  | 'network'
  | 'bad_response'
  | 'forbidden'
  | 'not_found'
  | 'invalid'
  | 'auth'
  | 'unknown';

const RETRYABLE_KINDS: ReadonlySet<PaiErrorKind> = new Set([
  'throttled',
  'unavailable',
  'timeout',
  'network',
  'bad_response',
]);

export interface PaiErrorInit {
  kind: PaiErrorKind;
  action: string;
  detail: string;
  code?: string;
  statusCode?: number;
  requestId?: string;
  authAction?: string;
}

export class PaiError extends Error {
  override readonly name = 'PaiError';
  readonly kind: PaiErrorKind;
  readonly retryable: boolean;
  // `declare` keeps unknown optional fields absent instead of own properties set to undefined.
  declare readonly code?: string;
  declare readonly statusCode?: number;
  declare readonly requestId?: string;
  declare readonly authAction?: string;
  readonly action: string;
  readonly detail: string;

  constructor(init: PaiErrorInit) {
    super(formatMessage(init));
    this.kind = init.kind;
    this.retryable = RETRYABLE_KINDS.has(init.kind);
    this.action = init.action;
    this.detail = init.detail;
    if (init.code !== undefined) this.code = init.code;
    if (init.statusCode !== undefined) this.statusCode = init.statusCode;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    if (init.authAction !== undefined) this.authAction = init.authAction;
  }

  // Explicit so a logger or JSON.stringify shows the classification but never a stack or the raw SDK error.
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      kind: this.kind,
      retryable: this.retryable,
      action: this.action,
      detail: this.detail,
      code: this.code,
      statusCode: this.statusCode,
      requestId: this.requestId,
      authAction: this.authAction,
    };
  }
}

function formatMessage(i: PaiErrorInit): string {
  const facts = [
    i.code && `code ${i.code}`,
    i.statusCode !== undefined && `HTTP ${i.statusCode}`,
    i.requestId && `RequestId ${i.requestId}`,
  ].filter(Boolean);
  return `PAI ${i.action} failed (${i.kind}): ${i.detail}${facts.length ? ` [${facts.join(', ')}]` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Classification

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

// openapi-client formats "<Code>: code: <status>, <Message> request id: <RequestId>"; recover <Message> when data is absent.
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

// ---------------------------------------------------------------------------------------------
// Slack wording (plain text; the renderer escapes &, <, > for mrkdwn).

function withRequestId(text: string, e: PaiError): string {
  return e.requestId ? `${text} (RequestId: ${e.requestId})` : text;
}

export function userMessage(e: PaiError): string {
  const a = e.action;
  switch (e.kind) {
    case 'forbidden': {
      const missing = e.authAction ? ` (missing RAM permission \`${e.authAction}\`)` : ` (${e.detail})`;
      return withRequestId(
        `The bot's Alibaba Cloud credentials are not allowed to call ${a}${missing}. ` +
          `Ask an administrator to grant it to the bot's RAM user or role.`,
        e,
      );
    }
    case 'throttled':
      return withRequestId(
        `PAI is throttling requests (${e.code ?? 'HTTP 429'}) for ${a}. The bot retries automatically; if this keeps happening, try again in a minute.`,
        e,
      );
    case 'unavailable':
      return withRequestId(
        `PAI is temporarily unavailable (${e.code ?? `HTTP ${e.statusCode ?? '5xx'}`}) for ${a}. The bot retries automatically; try again later if it persists.`,
        e,
      );
    case 'timeout':
      return `PAI did not answer ${a} in time. The bot retries automatically; try again later if it persists.`;
    case 'network':
      return `The bot could not reach PAI for ${a} (${e.code ?? 'network error'}). The bot retries automatically; if it persists, check the bot's network or endpoint settings.`;
    case 'bad_response':
      return `PAI returned a response to ${a} the bot could not read (probably a gateway error page). The bot retries automatically.`;
    case 'not_found':
      return withRequestId(`PAI could not find what ${a} asked for: ${e.detail}`, e);
    case 'invalid':
      return withRequestId(`PAI rejected the request: ${e.detail}`, e);
    case 'auth':
      return withRequestId(
        `PAI did not accept the bot's Alibaba Cloud credentials (${e.code ?? 'invalid credentials'}). ` +
          `Ask an administrator to check the bot's AccessKey, STS token or RAM role.`,
        e,
      );
    case 'unknown':
      return withRequestId(`Calling PAI ${a} failed unexpectedly.`, e);
  }
}
