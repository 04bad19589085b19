// ACS3-HMAC-SHA256 (POP V3) verification, pure: the simulator must refuse exactly what real PAI refuses,
// so a bot that signs wrongly fails in tests instead of in production.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const V3_ALGORITHM = 'ACS3-HMAC-SHA256';
/** POP rejects x-acs-date values further than this from its own time. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export type HeaderMap = Record<string, string | string[] | undefined>;

export interface IncomingSignedRequest {
  method: string;
  /** Path exactly as sent, still percent-encoded. */
  path: string;
  /** Decoded query pairs. */
  query: Record<string, string>;
  /** Lower-case header names, as node:http delivers them. */
  headers: HeaderMap;
  body: Buffer;
}

export interface VerifyContext {
  secretOf(accessKeyId: string): string | undefined;
  /** The STS token an AK must present, if any. */
  securityTokenOf(accessKeyId: string): string | undefined;
  wallNow: number;
}

export interface VerifiedRequest {
  ok: true;
  accessKeyId: string;
  action: string;
  version: string;
  nonce: string;
}

export interface RejectedRequest {
  ok: false;
  status: number;
  code: string;
  message: string;
  accessKeyId?: string;
}

export type VerifyResult = VerifiedRequest | RejectedRequest;

interface ParsedAuthorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

const REQUIRED_HEADERS = [
  'host',
  'x-acs-action',
  'x-acs-version',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-content-sha256',
] as const;

/** encodeURIComponent plus the RFC 3986 reserved characters it leaves alone, as the SDK encodes. */
export function acsEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalQueryString(query: Record<string, string>): string {
  return Object.keys(query)
    .sort()
    .map((key) => `${acsEncode(key)}=${acsEncode(query[key] ?? '')}`)
    .join('&');
}

export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

export function canonicalHeaders(headers: HeaderMap, signedHeaders: readonly string[]): string {
  return signedHeaders.map((name) => `${name}:${(headerValue(headers, name) ?? '').trim()}\n`).join('');
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function canonicalRequest(
  req: Omit<IncomingSignedRequest, 'body'>,
  signedHeaders: readonly string[],
  payloadHash: string,
): string {
  return [
    req.method.toUpperCase(),
    req.path,
    canonicalQueryString(req.query),
    canonicalHeaders(req.headers, signedHeaders),
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

export function signatureFor(canonical: string, secret: string): string {
  const stringToSign = `${V3_ALGORITHM}\n${sha256Hex(canonical)}`;
  return createHmac('sha256', secret).update(stringToSign).digest('hex');
}

/** Signed header names the SDK includes: host, content-type and every x-acs-* header present. */
export function headersThatMustBeSigned(headers: HeaderMap): string[] {
  return Object.keys(headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name === 'host' || name === 'content-type' || name.startsWith('x-acs-'))
    .sort();
}

export function parseAuthorization(value: string | undefined): ParsedAuthorization | undefined {
  if (!value) return undefined;
  const match =
    /^ACS3-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]{64})$/.exec(
      value.trim(),
    );
  if (!match) return undefined;
  const [, accessKeyId, signed, signature] = match;
  if (!accessKeyId || !signed || !signature) return undefined;
  return { accessKeyId, signedHeaders: signed.toLowerCase().split(';'), signature: signature.toLowerCase() };
}

/** x-acs-date is `YYYY-MM-DDTHH:mm:ssZ`; anything else is treated as a garbled signature. */
export function parseAcsDate(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  // Lengths leak anyway (hex digests are fixed length), so comparing them first is safe.
  return left.length === right.length && timingSafeEqual(left, right);
}

function reject(status: number, code: string, message: string, accessKeyId?: string): RejectedRequest {
  return { ok: false, status, code, message, ...(accessKeyId === undefined ? {} : { accessKeyId }) };
}

function missingSignedHeader(headers: HeaderMap, signed: readonly string[]): string | undefined {
  const mustSign = headersThatMustBeSigned(headers);
  const unsigned = mustSign.find((name) => !signed.includes(name));
  if (unsigned) return `header ${unsigned} is not in SignedHeaders`;
  const absent = signed.find((name) => headerValue(headers, name) === undefined);
  if (absent) return `signed header ${absent} is missing from the request`;
  const sorted = [...signed].sort();
  if (sorted.join(';') !== signed.join(';')) return 'SignedHeaders must be sorted';
  return undefined;
}

/** Checks everything about a request's signature except nonce reuse, which needs state. */
export function verifyV3(req: IncomingSignedRequest, ctx: VerifyContext): VerifyResult {
  const auth = parseAuthorization(headerValue(req.headers, 'authorization'));
  if (!auth) {
    return reject(
      400,
      'IncompleteSignature',
      `The authorization header is missing or is not ${V3_ALGORITHM} Credential=…,SignedHeaders=…,Signature=….`,
    );
  }
  const absent = REQUIRED_HEADERS.find((name) => !headerValue(req.headers, name));
  if (absent)
    return reject(400, 'IncompleteSignature', `The request is missing the ${absent} header.`, auth.accessKeyId);
  const unsignedProblem = missingSignedHeader(req.headers, auth.signedHeaders);
  if (unsignedProblem)
    return reject(
      400,
      'IncompleteSignature',
      `The request signature is incomplete: ${unsignedProblem}.`,
      auth.accessKeyId,
    );

  const secret = ctx.secretOf(auth.accessKeyId);
  if (secret === undefined) {
    return reject(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.', auth.accessKeyId);
  }

  const dateHeader = headerValue(req.headers, 'x-acs-date') ?? '';
  const signedAt = parseAcsDate(dateHeader);
  if (signedAt === undefined) {
    return reject(
      400,
      'IncompleteSignature',
      `x-acs-date "${dateHeader}" is not YYYY-MM-DDTHH:mm:ssZ.`,
      auth.accessKeyId,
    );
  }
  if (Math.abs(ctx.wallNow - signedAt) > MAX_CLOCK_SKEW_MS) {
    return reject(
      400,
      'InvalidTimeStamp.Expired',
      `Specified time stamp or date value is expired (x-acs-date ${dateHeader}).`,
      auth.accessKeyId,
    );
  }

  const tokenProblem = checkSecurityToken(req.headers, auth.accessKeyId, ctx.securityTokenOf(auth.accessKeyId));
  if (tokenProblem) return reject(400, tokenProblem.code, tokenProblem.message, auth.accessKeyId);

  const payloadHash = sha256Hex(req.body);
  if (!constantTimeEqual(payloadHash, (headerValue(req.headers, 'x-acs-content-sha256') ?? '').toLowerCase())) {
    return reject(
      400,
      'SignatureDoesNotMatch',
      'x-acs-content-sha256 does not match the request body.',
      auth.accessKeyId,
    );
  }

  const expected = signatureFor(canonicalRequest(req, auth.signedHeaders, payloadHash), secret);
  if (!constantTimeEqual(expected, auth.signature)) {
    return reject(
      400,
      'SignatureDoesNotMatch',
      'Specified signature does not match our calculation.',
      auth.accessKeyId,
    );
  }

  return {
    ok: true,
    accessKeyId: auth.accessKeyId,
    action: headerValue(req.headers, 'x-acs-action') ?? '',
    version: headerValue(req.headers, 'x-acs-version') ?? '',
    nonce: headerValue(req.headers, 'x-acs-signature-nonce') ?? '',
  };
}

function checkSecurityToken(
  headers: HeaderMap,
  accessKeyId: string,
  expectedToken: string | undefined,
): { code: string; message: string } | undefined {
  const token = headerValue(headers, 'x-acs-security-token');
  const tokenAk = headerValue(headers, 'x-acs-accesskey-id');
  if (token !== undefined && tokenAk !== undefined && tokenAk !== accessKeyId) {
    return {
      code: 'IncompleteSignature',
      message: 'x-acs-accesskey-id does not match the Credential in authorization.',
    };
  }
  if (expectedToken === undefined) return undefined;
  if (token === undefined || !constantTimeEqual(token, expectedToken)) {
    return {
      code: 'InvalidSecurityToken.Mismatch',
      message: 'The security token is missing or does not belong to this access key.',
    };
  }
  return undefined;
}

export interface SignInput {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Must already contain host and the x-acs-* headers (content-sha256 is added here). */
  headers: Record<string, string>;
  body: Buffer | string;
  accessKeyId: string;
  accessKeySecret: string;
}

/** Signs like the SDK does; for crafting edge-case requests in tests and sandbox tools. */
export function signRequestV3(input: SignInput): Record<string, string> {
  const payloadHash = sha256Hex(input.body);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers)) headers[name.toLowerCase()] = value;
  headers['x-acs-content-sha256'] = payloadHash;
  const signed = headersThatMustBeSigned(headers);
  const canonical = canonicalRequest(
    { method: input.method, path: input.path, query: input.query, headers },
    signed,
    payloadHash,
  );
  const signature = signatureFor(canonical, input.accessKeySecret);
  headers.authorization = `${V3_ALGORITHM} Credential=${input.accessKeyId},SignedHeaders=${signed.join(';')},Signature=${signature}`;
  return headers;
}
