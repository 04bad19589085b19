// Pure parts: backoff, retryability, and toPaiError/userMessage on the error shapes the SDK throws.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelayMs, isRetryable } from '../../src/pai/retry.js';
import { PaiError, toPaiError } from '../../src/pai/errors.js';
import { userMessage } from '../../src/errors/to-user-text.js';

// Mimics tea-typescript's ResponseError for a 4xx/5xx with a JSON body.
function responseError(status: number, body: Record<string, unknown>): Error {
  const code = String(body.Code ?? body.code);
  const e = new Error(
    `${code}: code: ${status}, ${String(body.Message)} request id: ${String(body.RequestId)}`,
  ) as Error & Record<string, unknown>;
  Object.assign(e, {
    code,
    data: { ...body, statusCode: status },
    statusCode: status,
    description: 'undefined',
    accessDeniedDetail: body.AccessDeniedDetail,
  });
  return e;
}

function named(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  const e = new Error(message);
  e.name = name;
  return Object.assign(e, extra);
}

describe('backoffDelayMs (equal jitter)', () => {
  const opts = { baseMs: 1_000, maxMs: 60_000 };

  it('doubles the ceiling per attempt and caps it at maxMs', () => {
    const top = (n: number): number => backoffDelayMs(n, { ...opts, random: () => 1 });
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50, 5000].map(top)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('always waits at least half the ceiling', () => {
    const low = (n: number): number => backoffDelayMs(n, { ...opts, random: () => 0 });
    expect([1, 2, 3, 7, 100].map(low)).toEqual([500, 1_000, 2_000, 30_000, 30_000]);
    expect(backoffDelayMs(3, { ...opts, random: () => 0.5 })).toBe(3_000);
  });

  it('stays within [ceiling/2, ceiling] and the ceiling is monotone in the attempt', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 600_000 }),
        (attempt, r, baseMs, maxMs) => {
          const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
          const d = backoffDelayMs(attempt, { baseMs, maxMs, random: () => r });
          expect(d).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(d).toBeLessThanOrEqual(Math.min(maxMs, Math.ceil(ceiling)));
          const next = backoffDelayMs(attempt + 1, { baseMs, maxMs, random: () => r });
          expect(next).toBeGreaterThanOrEqual(d);
        },
      ),
    );
  });

  it('treats nonsense input as the first attempt and clamps a bad random source', () => {
    expect(backoffDelayMs(0, { ...opts, random: () => 1 })).toBe(1_000);
    expect(backoffDelayMs(Number.NaN, { ...opts, random: () => 1 })).toBe(1_000);
    expect(backoffDelayMs(2, { ...opts, random: () => 7 })).toBe(2_000);
    expect(backoffDelayMs(2, { ...opts, random: () => -1 })).toBe(1_000);
    const d = backoffDelayMs(3, opts);
    expect(d).toBeGreaterThanOrEqual(2_000);
    expect(d).toBeLessThanOrEqual(4_000);
  });
});

describe('toPaiError', () => {
  it.each([
    [
      'Throttling.Api 400',
      responseError(400, { Code: 'Throttling.Api', Message: 'x', RequestId: 'r' }),
      'throttled',
      true,
    ],
    [
      '500 InternalError',
      responseError(500, { Code: 'InternalError', Message: 'x', RequestId: 'r' }),
      'unavailable',
      true,
    ],
    ['503 without code', responseError(503, { Message: 'x', RequestId: 'r' }), 'unavailable', true],
    ['RequestTimeoutError', named('RequestTimeoutError', 'ReadTimeout(200). GET http://h/x failed.'), 'timeout', true],
    ['ECONNRESET', named('Error', 'read ECONNRESET', { code: 'ECONNRESET' }), 'network', true],
    ['EAI_AGAIN', named('Error', 'getaddrinfo EAI_AGAIN h', { code: 'EAI_AGAIN' }), 'network', true],
    ['socket hang up', named('Error', 'socket hang up'), 'network', true],
    [
      'AggregateError ECONNREFUSED',
      Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], ''), {}),
      'network',
      true,
    ],
    ['SyntaxError', new SyntaxError('Unexpected end of JSON input'), 'bad_response', true],
    ['non-object JSON', new Error('The value is not a object'), 'bad_response', true],
    [
      '403 NoPermission',
      responseError(403, { Code: 'NoPermission', Message: 'x', RequestId: 'r' }),
      'forbidden',
      false,
    ],
    [
      '400 Forbidden.AccessDenied',
      responseError(400, { Code: 'Forbidden.AccessDenied', Message: 'x', RequestId: 'r' }),
      'forbidden',
      false,
    ],
    [
      '403 InvalidSecurityToken.Expired',
      responseError(403, { Code: 'InvalidSecurityToken.Expired', Message: 'x', RequestId: 'r' }),
      'auth',
      false,
    ],
    [
      '400 InvalidTimeStamp.Expired',
      responseError(400, { Code: 'InvalidTimeStamp.Expired', Message: 'x', RequestId: 'r' }),
      'auth',
      false,
    ],
    [
      '400 SignatureNonceUsed',
      responseError(400, { Code: 'SignatureNonceUsed', Message: 'x', RequestId: 'r' }),
      'auth',
      false,
    ],
    [
      '400 IncompleteSignature',
      responseError(400, { Code: 'IncompleteSignature', Message: 'x', RequestId: 'r' }),
      'auth',
      false,
    ],
    [
      'InvalidCredentials (no status)',
      named('Error', 'InvalidCredentials: Please set up the credentials', { code: 'InvalidCredentials' }),
      'auth',
      false,
    ],
    [
      'empty credential chain',
      new Error('unable to get credentials from any of the providers in the chain: x'),
      'auth',
      false,
    ],
    [
      '400 MissingParameter',
      responseError(400, { Code: 'MissingParameter', Message: 'x', RequestId: 'r' }),
      'invalid',
      false,
    ],
    [
      '404 Throttling-free NotFound',
      responseError(404, { Code: 'NotFound.JobTemplate', Message: 'x', RequestId: 'r' }),
      'not_found',
      false,
    ],
    // Real EAS answers an unknown service with this code; its HTTP status is not documented, so the code alone decides.
    [
      '400 InvalidService.NotFound',
      responseError(400, { Code: 'InvalidService.NotFound', Message: 'x', RequestId: 'r' }),
      'not_found',
      false,
    ],
    [
      'InvalidAccessKeyId.NotFound stays a credentials problem',
      responseError(404, { Code: 'InvalidAccessKeyId.NotFound', Message: 'x', RequestId: 'r' }),
      'auth',
      false,
    ],
    ['plain TypeError', new TypeError('Invalid value "undefined" for header "host"'), 'unknown', false],
    ['a string', 'boom', 'unknown', false],
  ] as const)('%s -> %s', (_name, err, kind, retryable) => {
    const e = toPaiError(err, 'GetJob');
    expect(e).toBeInstanceOf(PaiError);
    expect(e.kind).toBe(kind);
    expect(e.retryable).toBe(retryable);
    expect(isRetryable(err)).toBe(retryable);
  });

  it('extracts the clean PAI message, code, status and RequestId', () => {
    const e = toPaiError(
      responseError(400, { Code: 'InvalidParameter', Message: '  JobType  Foo is not supported\n', RequestId: 'r-9' }),
      'CreateJob',
    );
    expect(e).toMatchObject({
      code: 'InvalidParameter',
      statusCode: 400,
      requestId: 'r-9',
      detail: 'JobType Foo is not supported',
    });
    expect(e.message).toBe(
      'PAI CreateJob failed (invalid): JobType Foo is not supported [code InvalidParameter, HTTP 400, RequestId r-9]',
    );
  });

  it('recovers the message from the SDK format when data is missing', () => {
    const raw = Object.assign(new Error('InvalidParameter: code: 400, bad Priority request id: r-x'), {
      code: 'InvalidParameter',
      statusCode: 400,
    });
    expect(toPaiError(raw, 'CreateJob').detail).toBe('bad Priority');
  });

  it('does not treat the literal "undefined" code as a code', () => {
    const e = toPaiError(responseError(502, { Message: 'bad gateway', RequestId: 'r' }), 'GetJob');
    expect(e.code).toBeUndefined();
    expect(e.kind).toBe('unavailable');
  });

  it('never carries a stack in its message or JSON, and redacts credentials', () => {
    const err = new Error(
      'failed: AccessKeySecret=abc123 "SecurityToken":"tok456" plain-secret-xyz\n    at foo (bar.js:1:1)',
    );
    const e = toPaiError(err, 'ListJobs', ['plain-secret-xyz']);
    const text = `${e.message} ${JSON.stringify(e)}`;
    expect(text).not.toMatch(/abc123|tok456|plain-secret-xyz|bar\.js/);
    expect(JSON.parse(JSON.stringify(e))).not.toHaveProperty('stack');
  });

  it('returns an existing PaiError unchanged', () => {
    const first = toPaiError(new SyntaxError('x'), 'GetJob');
    expect(toPaiError(first, 'Other')).toBe(first);
    expect(isRetryable(first)).toBe(true);
  });
});

describe('userMessage', () => {
  it('names the missing RAM permission for forbidden', () => {
    const e = toPaiError(
      responseError(403, {
        Code: 'Forbidden.RAM',
        Message: 'User not authorized',
        RequestId: 'r-403',
        AccessDeniedDetail: { AuthAction: 'paidlc:CreateJob' },
      }),
      'CreateJob',
    );
    expect(userMessage(e)).toBe(
      "The bot's Alibaba Cloud credentials are not allowed to call CreateJob (missing RAM permission `paidlc:CreateJob`). " +
        "Ask an administrator to grant it to the bot's RAM user or role. (RequestId: r-403)",
    );
  });

  it('explains throttling, invalid input and auth in plain words', () => {
    const throttled = toPaiError(
      responseError(400, { Code: 'Throttling.User', Message: 'x', RequestId: 'r1' }),
      'ListJobs',
    );
    expect(userMessage(throttled)).toMatch(/^PAI is throttling requests \(Throttling\.User\)/);
    expect(userMessage(throttled)).toContain('RequestId: r1');
    const invalid = toPaiError(
      responseError(400, { Code: 'InvalidParameter', Message: 'Priority must be 1-9', RequestId: 'r2' }),
      'CreateJob',
    );
    expect(userMessage(invalid)).toBe('PAI rejected the request: Priority must be 1-9 (RequestId: r2)');
    const auth = toPaiError(
      responseError(400, { Code: 'SignatureDoesNotMatch', Message: 'x', RequestId: 'r3' }),
      'GetJob',
    );
    expect(userMessage(auth)).toMatch(/credentials \(SignatureDoesNotMatch\)/);
  });

  it('has a sentence for every kind, without stacks', () => {
    const samples = [
      responseError(503, { Code: 'ServiceUnavailable', Message: 'x', RequestId: 'r' }),
      named('RequestTimeoutError', 'ReadTimeout(1)'),
      named('Error', 'connect ECONNREFUSED', { code: 'ECONNREFUSED' }),
      new SyntaxError('Unexpected token <'),
      responseError(404, { Code: 'NotFound', Message: 'no job', RequestId: 'r' }),
      new TypeError('weird'),
    ];
    for (const s of samples) {
      const text = userMessage(toPaiError(s, 'GetJob'));
      expect(text.length).toBeGreaterThan(20);
      expect(text).not.toMatch(/\n\s+at /);
    }
  });
});
