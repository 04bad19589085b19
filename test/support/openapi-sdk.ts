// The real @alicloud/openapi-client, the way the bot calls PAI (ROA style, AK signatures, JSON), for the tests that
// drive the PAI simulator through it: signature and wire-format compatibility are proven against the bot's own SDK.

import OpenApi, * as $OpenApi from '@alicloud/openapi-client';
import * as $Util from '@alicloud/tea-util';
import { rejectionOf } from './rejection.js';

// Node's ESM loader hands over module.exports for a CJS default import; bundlers may unwrap `.default` already.
const mod: unknown = OpenApi;
export const OpenApiClient = (
  typeof mod === 'function' ? mod : (mod as { default: unknown }).default
) as typeof OpenApi.default;

export type SdkReply = { body: Record<string, unknown>; statusCode: number; headers: Record<string, string> };
export type SdkError = Error & {
  code?: string;
  statusCode?: number;
  data?: Record<string, unknown>;
  accessDeniedDetail?: Record<string, string>;
};
export type SdkRequest = { query?: Record<string, string>; body?: unknown };

/** The Params of one ROA call with JSON request and response bodies. */
export function roaParams(action: string, version: string, method: string, pathname: string): $OpenApi.Params {
  return new $OpenApi.Params({
    action,
    version,
    protocol: 'HTTP',
    pathname,
    method,
    authType: 'AK',
    style: 'ROA',
    reqBodyType: 'json',
    bodyType: 'json',
  });
}

/**
 * A caller signing with AK1/secret1 (unless told otherwise) against the simulator at `base`, with read and connect
 * timeouts of `timeoutMs` (2 s); each call's API version defaults to `version`.
 */
export function sdkCaller(
  base: string,
  opts: { version: string; accessKeyId?: string; accessKeySecret?: string; timeoutMs?: number },
) {
  const timeout = opts.timeoutMs ?? 2000;
  const client = new OpenApiClient(
    new $OpenApi.Config({
      protocol: 'http',
      endpoint: new URL(base).host,
      accessKeyId: opts.accessKeyId ?? 'AK1',
      accessKeySecret: opts.accessKeySecret ?? 'secret1',
      readTimeout: timeout,
      connectTimeout: timeout,
    }),
  );
  return async (
    action: string,
    method: string,
    pathname: string,
    req: SdkRequest = {},
    version = opts.version,
  ): Promise<SdkReply> =>
    (await client.callApi(
      roaParams(action, version, method, pathname),
      new $OpenApi.OpenApiRequest(req),
      new $Util.RuntimeOptions({}),
    )) as SdkReply;
}

/** The error an SDK call fails with; throws when it succeeds. */
export const failure = (p: Promise<unknown>): Promise<SdkError> => rejectionOf<SdkError>(p);
