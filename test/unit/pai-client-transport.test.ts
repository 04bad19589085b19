// The real openapi-client against a local HTTP server: wire format, endpoint parsing and error classification.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createOpenApiTransport,
  defaultEndpoint,
  parseEndpoint,
  toQuery,
  type OpenApiTransport,
} from '../../src/pai/openapi.js';
import { PaiError, type PaiErrorKind } from '../../src/pai/errors.js';

const AK = 'LTAI-test-ak';
const SECRET = 'SeCrEt-0123456789abcdef';
const TOKEN = 'STS-TOKEN-zyxwvut987654321';

interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}
interface Reply {
  status?: number;
  json?: unknown;
  raw?: string;
  contentType?: string;
  delayMs?: number;
}

const requests: Recorded[] = [];
let reply: (r: Recorded) => Reply = () => ({ json: { RequestId: 'req-ok' } });
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const rec: Recorded = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
      };
      requests.push(rec);
      const r = reply(rec);
      const send = (): void => {
        if (res.destroyed) return;
        const text = r.raw ?? JSON.stringify(r.json ?? { RequestId: 'req-ok' });
        res.writeHead(r.status ?? 200, { 'content-type': r.contentType ?? 'application/json' });
        res.end(text);
      };
      if (r.delayMs) {
        const timer = setTimeout(send, r.delayMs);
        res.on('close', () => clearTimeout(timer));
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  requests.length = 0;
  reply = () => ({ json: { RequestId: 'req-ok' } });
  vi.unstubAllEnvs();
});

function transport(extra: Partial<Parameters<typeof createOpenApiTransport>[0]> = {}): OpenApiTransport {
  return createOpenApiTransport({
    endpoint: base,
    credentials: { accessKeyId: AK, accessKeySecret: SECRET, securityToken: TOKEN },
    ...extra,
  });
}

const getJob = { action: 'GetJob', version: '2020-12-03', method: 'GET', pathname: '/api/v1/jobs/dlc-1' } as const;

async function failure(t: OpenApiTransport, req: Parameters<OpenApiTransport['call']>[0] = getJob): Promise<PaiError> {
  try {
    await t.call(req);
  } catch (e) {
    expect(e).toBeInstanceOf(PaiError);
    return e as PaiError;
  }
  throw new Error('expected the call to fail');
}

function expectNoSecrets(e: PaiError): void {
  const json = JSON.stringify(e);
  for (const s of [SECRET, TOKEN]) {
    expect(e.message).not.toContain(s);
    expect(e.detail).not.toContain(s);
    expect(json).not.toContain(s);
  }
  expect(e.message).not.toMatch(/\n\s+at /);
  expect(json).not.toContain('"stack"');
}

describe('request wire format', () => {
  it('sends a V3-signed ROA request with action, version, query and JSON body', async () => {
    reply = () => ({ json: { RequestId: 'r-1', JobId: 'dlc-9' } });
    const body = { DisplayName: 'train', JobSpecs: [{ Type: 'Worker', PodCount: 1 }] };
    const res = await transport({ userAgent: 'pai-bot-test' }).call<{ JobId: string }>({
      action: 'CreateJob',
      version: '2020-12-03',
      method: 'POST',
      pathname: '/api/v1/jobs',
      query: { A: 'x y', N: 3, B: false, Skip: undefined },
      body,
    });
    expect(res).toEqual({ RequestId: 'r-1', JobId: 'dlc-9' });
    const [r] = requests;
    expect(r?.method).toBe('POST');
    expect(r?.path).toBe('/api/v1/jobs');
    expect(Object.fromEntries(r?.query ?? [])).toEqual({ A: 'x y', N: '3', B: 'false' });
    expect(JSON.parse(r?.body ?? '')).toEqual(body);
    expect(r?.headers['content-type']).toMatch(/^application\/json/);
    expect(r?.headers.authorization).toMatch(new RegExp(`^ACS3-HMAC-SHA256 Credential=${AK},SignedHeaders=`));
    expect(r?.headers['x-acs-action']).toBe('CreateJob');
    expect(r?.headers['x-acs-version']).toBe('2020-12-03');
    expect(r?.headers['x-acs-security-token']).toBe(TOKEN);
    expect(r?.headers.host).toBe(base.replace('http://', ''));
    expect(r?.headers['user-agent']).toContain('pai-bot-test');
    expect(r?.headers.authorization).not.toContain(SECRET);
  });

  it('sends a string body verbatim and no body at all when none is given', async () => {
    const t = transport();
    await t.call({ ...getJob, method: 'POST', body: '{"metadata":{"name":"svc"}}' });
    await t.call(getJob);
    expect(requests[0]?.body).toBe('{"metadata":{"name":"svc"}}');
    expect(requests[1]?.body).toBe('');
    expect(requests[1]?.headers['content-type']).toBeUndefined();
  });

  it('falls back to the default credential chain (environment variables) when no credentials are given', async () => {
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', 'ENV-AK');
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ENV-SECRET');
    await createOpenApiTransport({ endpoint: base }).call(getJob);
    expect(requests[0]?.headers.authorization).toMatch(/^ACS3-HMAC-SHA256 Credential=ENV-AK,/);
  });
});

describe('endpoint parsing', () => {
  it('splits a URL into protocol and host[:port] and defaults bare hosts to https', () => {
    expect(parseEndpoint('http://127.0.0.1:9100')).toEqual({ protocol: 'http', host: '127.0.0.1:9100' });
    expect(parseEndpoint('HTTPS://pai-dlc.cn-shanghai.aliyuncs.com/')).toEqual({
      protocol: 'https',
      host: 'pai-dlc.cn-shanghai.aliyuncs.com',
    });
    expect(parseEndpoint('pai-dlc.cn-shanghai.aliyuncs.com')).toEqual({
      protocol: 'https',
      host: 'pai-dlc.cn-shanghai.aliyuncs.com',
    });
    expect(parseEndpoint(' localhost:8080/ ')).toEqual({ protocol: 'https', host: 'localhost:8080' });
  });

  it('rejects endpoints the SDK would mangle', () => {
    expect(() => parseEndpoint('')).toThrow(/empty/);
    expect(() => parseEndpoint('ftp://host')).toThrow(/http or https/);
    expect(() => parseEndpoint('http://host/api')).toThrow(/path/);
    expect(() => parseEndpoint('host/api')).toThrow(/host\[:port\]/);
  });

  it('builds the public endpoints per product and region', () => {
    expect(defaultEndpoint('dlc', 'cn-shanghai')).toBe('pai-dlc.cn-shanghai.aliyuncs.com');
    expect(defaultEndpoint('eas', 'ap-southeast-1')).toBe('pai-eas.ap-southeast-1.aliyuncs.com');
    expect(defaultEndpoint('workspace', 'cn-guangzhou\t')).toBe('aiworkspace.cn-guangzhou.aliyuncs.com');
  });

  it('drops undefined query values and stringifies the rest', () => {
    expect(toQuery({ a: 1, b: true, c: undefined, d: 's' })).toEqual({ a: '1', b: 'true', d: 's' });
    expect(toQuery(undefined)).toEqual({});
  });
});

describe('error classification over HTTP', () => {
  const cases: Array<{
    name: string;
    reply: Reply;
    kind: PaiErrorKind;
    retryable: boolean;
    code?: string;
    status?: number;
  }> = [
    {
      name: 'throttling JSON 400',
      reply: {
        status: 400,
        json: { Code: 'Throttling.User', Message: 'Request was denied due to user flow control.', RequestId: 'r-t' },
      },
      kind: 'throttled',
      retryable: true,
      code: 'Throttling.User',
      status: 400,
    },
    {
      name: '429 without a code',
      reply: { status: 429, json: { Message: 'slow down', RequestId: 'r-429' } },
      kind: 'throttled',
      retryable: true,
      status: 429,
    },
    {
      name: '503 ServiceUnavailable',
      reply: {
        status: 503,
        json: {
          Code: 'ServiceUnavailable',
          Message: 'The request has failed due to a temporary failure of the server.',
          RequestId: 'r-u',
        },
      },
      kind: 'unavailable',
      retryable: true,
      code: 'ServiceUnavailable',
      status: 503,
    },
    {
      name: 'HTML 502 page',
      reply: { status: 502, raw: '<html><body>502 Bad Gateway</body></html>', contentType: 'text/html' },
      kind: 'bad_response',
      retryable: true,
    },
    {
      name: 'empty 200 body',
      reply: { status: 200, raw: '' },
      kind: 'bad_response',
      retryable: true,
    },
    {
      name: '404 with an unknown code',
      reply: { status: 404, json: { Code: 'JobNotExist', Message: 'job dlc-1 not found', RequestId: 'r-404' } },
      kind: 'not_found',
      retryable: false,
      code: 'JobNotExist',
      status: 404,
    },
    {
      name: '404 InvalidAccessKeyId.NotFound',
      reply: {
        status: 404,
        json: { Code: 'InvalidAccessKeyId.NotFound', Message: 'Specified access key is not found.', RequestId: 'r-ak' },
      },
      kind: 'auth',
      retryable: false,
      code: 'InvalidAccessKeyId.NotFound',
      status: 404,
    },
    {
      name: '400 SignatureDoesNotMatch',
      reply: {
        status: 400,
        json: {
          Code: 'SignatureDoesNotMatch',
          Message: 'Specified signature is not matched with our calculation.',
          RequestId: 'r-sig',
        },
      },
      kind: 'auth',
      retryable: false,
      code: 'SignatureDoesNotMatch',
    },
    {
      name: '400 InvalidParameter',
      reply: { status: 400, json: { Code: 'InvalidParameter', Message: 'JobType is invalid', RequestId: 'r-inv' } },
      kind: 'invalid',
      retryable: false,
      code: 'InvalidParameter',
      status: 400,
    },
  ];

  for (const c of cases) {
    it(`${c.name} -> ${c.kind}`, async () => {
      reply = () => c.reply;
      const e = await failure(transport());
      expect(e.kind).toBe(c.kind);
      expect(e.retryable).toBe(c.retryable);
      expect(e.action).toBe('GetJob');
      if (c.code) expect(e.code).toBe(c.code);
      if (c.status) expect(e.statusCode).toBe(c.status);
      expectNoSecrets(e);
    });
  }

  it('keeps the clean PAI message, RequestId and AuthAction of a 403 Forbidden.RAM', async () => {
    reply = () => ({
      status: 403,
      json: {
        Code: 'Forbidden.RAM',
        Message: 'User not authorized to operate on the specified resource.',
        RequestId: 'r-403',
        AccessDeniedDetail: {
          AuthAction: 'paidlc:CreateJob',
          PolicyType: 'AccountLevelIdentityBasedPolicy',
          NoPermissionType: 'ImplicitDeny',
        },
      },
    });
    const e = await failure(transport(), {
      ...getJob,
      action: 'CreateJob',
      method: 'POST',
      pathname: '/api/v1/jobs',
      body: {},
    });
    expect(e).toMatchObject({
      kind: 'forbidden',
      retryable: false,
      code: 'Forbidden.RAM',
      statusCode: 403,
      requestId: 'r-403',
      authAction: 'paidlc:CreateJob',
      action: 'CreateJob',
      detail: 'User not authorized to operate on the specified resource.',
    });
    expectNoSecrets(e);
  });

  it('times out a slow reply beyond the per-call timeout', async () => {
    reply = () => ({ delayMs: 2_000, json: { RequestId: 'late' } });
    const started = Date.now();
    const e = await failure(transport(), { ...getJob, timeoutMs: 200 });
    expect(e.kind).toBe('timeout');
    expect(e.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_500);
    expectNoSecrets(e);
  });

  it('times out a slow reply beyond the transport timeouts', async () => {
    reply = () => ({ delayMs: 2_000, json: { RequestId: 'late' } });
    const e = await failure(transport({ readTimeoutMs: 200, connectTimeoutMs: 200 }));
    expect(e.kind).toBe('timeout');
  });

  it('reports a refused connection as a retryable network error', async () => {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const t = createOpenApiTransport({
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: AK, accessKeySecret: SECRET, securityToken: TOKEN },
    });
    const e = await failure(t);
    expect(e).toMatchObject({ kind: 'network', retryable: true, code: 'ECONNREFUSED' });
    expectNoSecrets(e);
  });

  it('scrubs the secret and token even when PAI echoes them back', async () => {
    reply = () => ({
      status: 400,
      json: {
        Code: 'InvalidSecurityToken.Malformed',
        Message: `token ${TOKEN} with secret ${SECRET} is malformed`,
        RequestId: 'r-echo',
      },
    });
    const e = await failure(transport());
    expect(e.kind).toBe('auth');
    expect(e.detail).toContain('***');
    expectNoSecrets(e);
  });
});
