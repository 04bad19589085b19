import { describe, expect, it } from 'vitest';
import { NonceCache } from '../src/nonce-cache.js';
import {
  acsEncode,
  canonicalQueryString,
  parseAuthorization,
  signRequestV3,
  verifyV3,
  type IncomingSignedRequest,
  type VerifyContext,
} from '../src/signature.js';

const NOW = Date.UTC(2026, 4, 1, 12, 0, 0);
const ctx: VerifyContext = {
  secretOf: (ak) => ({ AK1: 'secret1', STSAK: 'stssecret' })[ak],
  securityTokenOf: (ak) => (ak === 'STSAK' ? 'token-1' : undefined),
  wallNow: NOW,
};

function signed(
  overrides: { body?: string; date?: string; ak?: string; secret?: string; extraHeaders?: Record<string, string> } = {},
): IncomingSignedRequest {
  const body = overrides.body ?? '{"DisplayName":"x"}';
  const query = { PageSize: '10', DisplayName: "a b!'()*" };
  const headers = signRequestV3({
    method: 'POST',
    path: '/api/v1/jobs',
    query,
    headers: {
      host: '127.0.0.1:9999',
      'x-acs-action': 'CreateJob',
      'x-acs-version': '2020-12-03',
      'x-acs-date': overrides.date ?? '2026-05-01T12:00:00Z',
      'x-acs-signature-nonce': 'n-1',
      'content-type': 'application/json; charset=utf-8',
      accept: 'application/json',
      ...overrides.extraHeaders,
    },
    body,
    accessKeyId: overrides.ak ?? 'AK1',
    accessKeySecret: overrides.secret ?? 'secret1',
  });
  return { method: 'POST', path: '/api/v1/jobs', query, headers, body: Buffer.from(body) };
}

describe('V3 canonicalisation', () => {
  it('escapes what encodeURIComponent leaves alone and sorts keys', () => {
    expect(acsEncode("a b!'()*~")).toBe('a%20b%21%27%28%29%2A~');
    expect(canonicalQueryString({ b: '2', a: 'x y', C: '' })).toBe('C=&a=x%20y&b=2');
  });

  it('parses the SDK authorization header', () => {
    const sig = 'a'.repeat(64);
    expect(
      parseAuthorization(`ACS3-HMAC-SHA256 Credential=AK1,SignedHeaders=host;x-acs-action,Signature=${sig}`),
    ).toEqual({
      accessKeyId: 'AK1',
      signedHeaders: ['host', 'x-acs-action'],
      signature: sig,
    });
    expect(parseAuthorization('acs AK1:abc=')).toBeUndefined();
  });
});

describe('verifyV3', () => {
  it('accepts a correctly signed request', () => {
    expect(verifyV3(signed(), ctx)).toEqual({
      ok: true,
      accessKeyId: 'AK1',
      action: 'CreateJob',
      version: '2020-12-03',
      nonce: 'n-1',
    });
  });

  it('rejects a wrong secret', () => {
    expect(verifyV3(signed({ secret: 'nope' }), ctx)).toMatchObject({
      ok: false,
      status: 400,
      code: 'SignatureDoesNotMatch',
    });
  });

  it('rejects an unknown AccessKeyId with 404', () => {
    expect(verifyV3(signed({ ak: 'AKX' }), ctx)).toMatchObject({
      ok: false,
      status: 404,
      code: 'InvalidAccessKeyId.NotFound',
    });
  });

  it('rejects a body that does not match x-acs-content-sha256', () => {
    const req = { ...signed(), body: Buffer.from('{"DisplayName":"y"}') };
    expect(verifyV3(req, ctx)).toMatchObject({
      code: 'SignatureDoesNotMatch',
      message: expect.stringMatching(/content-sha256/),
    });
  });

  it('rejects a re-hashed tampered body because the hash header is signed', () => {
    const req = signed();
    const tampered = signed({ body: '{"DisplayName":"y"}' });
    const mixed = { ...tampered, headers: { ...tampered.headers, authorization: req.headers.authorization } };
    expect(verifyV3(mixed, ctx)).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('rejects a changed query parameter', () => {
    const req = signed();
    expect(verifyV3({ ...req, query: { ...req.query, PageSize: '11' } }, ctx)).toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });

  it('rejects a stale or future x-acs-date', () => {
    expect(verifyV3(signed({ date: '2026-05-01T11:44:59Z' }), ctx)).toMatchObject({ code: 'InvalidTimeStamp.Expired' });
    expect(verifyV3(signed({ date: '2026-05-01T12:15:01Z' }), ctx)).toMatchObject({ code: 'InvalidTimeStamp.Expired' });
    expect(verifyV3(signed({ date: '2026-05-01T11:45:01Z' }), ctx).ok).toBe(true);
  });

  it('rejects missing or garbled pieces as IncompleteSignature', () => {
    const req = signed();
    const without = (name: string) => {
      const headers = { ...req.headers };
      delete headers[name];
      return { ...req, headers };
    };
    expect(verifyV3(without('authorization'), ctx)).toMatchObject({ status: 400, code: 'IncompleteSignature' });
    expect(verifyV3(without('x-acs-signature-nonce'), ctx)).toMatchObject({ code: 'IncompleteSignature' });
    expect(
      verifyV3({ ...req, headers: { ...req.headers, authorization: 'ACS3-HMAC-SHA256 garbage' } }, ctx),
    ).toMatchObject({ code: 'IncompleteSignature' });
    expect(verifyV3(signed({ date: 'yesterday' }), ctx)).toMatchObject({ code: 'IncompleteSignature' });
    // An x-acs-* header added after signing is not covered by SignedHeaders.
    expect(verifyV3({ ...req, headers: { ...req.headers, 'x-acs-extra': '1' } }, ctx)).toMatchObject({
      code: 'IncompleteSignature',
    });
  });

  it('checks the STS token of an AK that must carry one', () => {
    const withToken = signed({
      ak: 'STSAK',
      secret: 'stssecret',
      extraHeaders: { 'x-acs-accesskey-id': 'STSAK', 'x-acs-security-token': 'token-1' },
    });
    expect(verifyV3(withToken, ctx).ok).toBe(true);
    const wrong = signed({
      ak: 'STSAK',
      secret: 'stssecret',
      extraHeaders: { 'x-acs-accesskey-id': 'STSAK', 'x-acs-security-token': 'token-2' },
    });
    expect(verifyV3(wrong, ctx)).toMatchObject({ code: 'InvalidSecurityToken.Mismatch' });
    expect(verifyV3(signed({ ak: 'STSAK', secret: 'stssecret' }), ctx)).toMatchObject({
      code: 'InvalidSecurityToken.Mismatch',
    });
  });
});

describe('NonceCache', () => {
  it('refuses a nonce twice and forgets it once it can no longer be replayed', () => {
    const cache = new NonceCache();
    expect(cache.claim('a', NOW)).toBe(true);
    expect(cache.claim('a', NOW + 1000)).toBe(false);
    expect(cache.claim('a', NOW + 31 * 60 * 1000)).toBe(true);
  });
});
