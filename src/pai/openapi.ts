// The one place that touches @alicloud/openapi-client: V3-signed ROA calls, errors normalised to PaiError.
// Product clients (dlc-client, workspace-client) build on `OpenApiTransport` so tests can fake it with one function.
import OpenApiModule, { Config, OpenApiRequest, Params } from '@alicloud/openapi-client';
import CredentialsModule from '@alicloud/credentials';
import { RuntimeOptions } from '@alicloud/tea-util';
import { toPaiError } from './errors.js';

// Both packages are CommonJS with `exports.default = Class`. Node's ESM loader (and tsx) hands us `module.exports`,
// so the class is at `.default`; vitest's loader honours `__esModule` and hands us the class itself. Accept both.
function cjsDefault<C>(mod: { default: C }): C {
  return (mod as { default?: C }).default ?? (mod as unknown as C);
}
const OpenApiClient = cjsDefault(OpenApiModule);
const Credential = cjsDefault(CredentialsModule);

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | undefined;

export interface OpenApiCallRequest {
  action: string;
  version: string;
  method: HttpMethod;
  /** Already percent-encoded (encodeURIComponent each path parameter). */
  pathname: string;
  query?: Record<string, QueryValue>;
  /** An object is JSON-encoded; a string is sent verbatim (EAS service configs are JSON text). */
  body?: unknown;
  /** Overrides both read and connect timeouts for this call. */
  timeoutMs?: number;
}

export interface OpenApiTransport {
  call<T>(req: OpenApiCallRequest): Promise<T>;
}

export interface StaticCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface OpenApiTransportOptions {
  /** 'host[:port]' (HTTPS) or a URL with scheme, e.g. 'http://127.0.0.1:9100' for the simulator. */
  endpoint: string;
  /** When absent, the @alicloud/credentials default chain (env, OIDC, profiles, ECS role, URI) is used. */
  credentials?: StaticCredentials;
  readTimeoutMs?: number;
  connectTimeoutMs?: number;
  userAgent?: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

const PRODUCT_HOST_PREFIX = { dlc: 'pai-dlc', eas: 'pai-eas', workspace: 'aiworkspace' } as const;

export function defaultEndpoint(product: 'dlc' | 'eas' | 'workspace', region: string): string {
  // Trim because the SDK's own endpoint map once shipped a region key with a trailing TAB.
  return `${PRODUCT_HOST_PREFIX[product]}.${region.trim()}.aliyuncs.com`;
}

export interface ParsedEndpoint {
  protocol: 'http' | 'https';
  /** host[:port], never a scheme: openapi-client builds `${protocol}://${endpoint}` itself. */
  host: string;
}

/** Throws a plain Error on a malformed endpoint: that is a startup configuration bug, not a PAI failure. */
export function parseEndpoint(endpoint: string): ParsedEndpoint {
  const raw = endpoint.trim();
  if (!raw) throw new Error('PAI endpoint is empty');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    const host = raw.replace(/\/+$/, '');
    if (/[/?#\s]/.test(host)) throw new Error(`PAI endpoint "${endpoint}" must be host[:port] or a URL without a path`);
    return { protocol: 'https', host };
  }
  const url = new URL(raw);
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    throw new Error(`PAI endpoint "${endpoint}" must use http or https, not ${scheme}`);
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username) {
    throw new Error(`PAI endpoint "${endpoint}" must not carry a path, query or user info`);
  }
  return { protocol: scheme, host: url.host };
}

export function toQuery(q: Record<string, QueryValue> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q ?? {})) {
    if (v !== undefined) out[k] = String(v);
  }
  return out;
}

export function createOpenApiTransport(opts: OpenApiTransportOptions): OpenApiTransport {
  const { protocol, host } = parseEndpoint(opts.endpoint);
  const creds = opts.credentials;
  const config = new Config({
    endpoint: host,
    // Config.protocol wins over Params.protocol, so this is what actually selects http for a local simulator.
    protocol,
    readTimeout: opts.readTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    // httpx's "connect" timeout is really a socket-idle timeout, so it must be as generous as the read timeout.
    connectTimeout: opts.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
    ...(creds
      ? {
          accessKeyId: creds.accessKeyId,
          accessKeySecret: creds.accessKeySecret,
          ...(creds.securityToken ? { securityToken: creds.securityToken } : {}),
        }
      : { credential: new Credential() }),
  });
  const client = new OpenApiClient(config);
  // Secrets we know about are scrubbed from every error message; chain-provided ones never appear in SDK messages.
  const redact = creds ? [creds.accessKeySecret, creds.securityToken ?? ''].filter(Boolean) : [];

  return {
    async call<T>(req: OpenApiCallRequest): Promise<T> {
      try {
        const params = new Params({
          action: req.action,
          version: req.version,
          protocol: protocol.toUpperCase(),
          pathname: req.pathname,
          method: req.method,
          authType: 'AK',
          style: 'ROA',
          reqBodyType: 'json',
          bodyType: 'json',
        });
        const request = new OpenApiRequest({
          query: toQuery(req.query),
          ...(req.body !== undefined ? { body: req.body } : {}),
        });
        const runtime = new RuntimeOptions(
          req.timeoutMs !== undefined ? { readTimeout: req.timeoutMs, connectTimeout: req.timeoutMs } : {},
        );
        const res = await client.callApi(params, request, runtime);
        return res.body as T;
      } catch (err) {
        throw toPaiError(err, req.action, redact);
      }
    },
  };
}
