// Poll health without Redis: the error codes it shows (never a message), the poll loop's own episodes kept in
// process memory (one warn, one info, every failure counted), and what /healthz gets when Redis does not answer.
// The shared episodes of poll sources run against the real Redis in test/integration/poll-failures.test.ts.

import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { PaiError } from '../../src/pai/errors.js';
import { keySpace } from '../../src/redis/redis.js';
import { createPollHealth, errorCode } from '../../src/actions/watchers/poll-health.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = pino(
    { level: 'debug' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { log, lines, at: (level: number) => lines.filter((l) => l.level === level) };
}

describe('errorCode', () => {
  it("shows PAI's error code, a socket error's code or the error's kind, never its message", () => {
    expect(
      errorCode(
        new PaiError({
          kind: 'forbidden',
          action: 'ListJobs',
          detail: 'AccessKeyId LTAI5tSecret is not authorized',
          code: 'Forbidden.RAM',
          statusCode: 403,
        }),
      ),
    ).toBe('Forbidden.RAM');
    expect(errorCode(new PaiError({ kind: 'timeout', action: 'ListJobs', detail: 'slow' }))).toBe('timeout');
    expect(errorCode(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:6379'), { code: 'ECONNREFUSED' }))).toBe(
      'ECONNREFUSED',
    );
    expect(errorCode(new TypeError('secret-ish text'))).toBe('TypeError');
    expect(errorCode({ code: 'has spaces and a token xoxb-123' })).toBe('error');
    expect(errorCode(undefined)).toBe('error');
    expect(errorCode('a string')).toBe('error');
  });
});

describe('the poll loop episode', () => {
  it('warns at the first failure only, counts every one, and says once when the loop works again', () => {
    const { log, at } = capture();
    const counted: string[] = [];
    let now = Date.UTC(2026, 0, 1);
    const redis = { status: 'end' } as unknown as Redis; // never asked for the loop
    const health = createPollHealth({
      redis,
      keys: keySpace('t'),
      log,
      counted: (poller, code) => void counted.push(`${poller} ${code}`),
      now: () => now,
    });
    health.loopOk(); // nothing to close
    for (let i = 0; i < 3; i++) {
      health.loopFailed(Object.assign(new Error('Connection is closed.'), { code: 'ECONNRESET' }));
      now += 30_000;
    }
    expect(at(40).map((l) => [l.msg, l.poller, l.code])).toEqual([
      [expect.stringMatching(/^poll failing \(loop\)/), 'loop', 'ECONNRESET'],
    ]);
    expect(counted).toEqual(['loop ECONNRESET', 'loop ECONNRESET', 'loop ECONNRESET']);
    health.loopOk();
    health.loopOk();
    expect(at(30).map((l) => [l.msg, l.failures, l.failingForMs])).toEqual([['poll recovered (loop)', 3, 90_000]]);
  });

  it('/healthz still names the loop when Redis does not answer, and says the list is not complete', async () => {
    const { log } = capture();
    const now = Date.UTC(2026, 0, 1);
    const health = createPollHealth({
      redis: { status: 'reconnecting' } as unknown as Redis,
      keys: keySpace('t'),
      log,
      now: () => now,
    });
    health.loopFailed(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }));
    expect(await health.failing()).toEqual({
      complete: false,
      failing: [
        {
          poller: 'loop',
          since: '2026-01-01T00:00:00.000Z',
          failures: 1,
          lastError: 'ECONNREFUSED',
          lastAt: '2026-01-01T00:00:00.000Z',
        },
      ],
    });
    await expect(health.count()).rejects.toThrow(/reconnecting/);
  });

  it('a report Redis cannot take still says what failed, at warn', async () => {
    const { log, at } = capture();
    const health = createPollHealth({
      redis: { status: 'reconnecting' } as unknown as Redis,
      keys: keySpace('t'),
      log,
      now: () => 0,
    });
    await health.report(
      'dlc-jobs',
      new Map<string, unknown>([
        ['100001', new PaiError({ kind: 'unavailable', action: 'ListJobs', detail: '', code: 'ServiceUnavailable' })],
        ['100002', undefined],
      ]),
    );
    expect(at(40).map((l) => [l.msg, l.failed])).toEqual([
      ['poll failing, and Redis could not record it', { '100001': 'ServiceUnavailable' }],
    ]);
  });
});
