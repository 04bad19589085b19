// Decides the reply to one request: signature -> nonce -> route -> action/version -> RAM denial -> fault knobs ->
// request shape (query keys, body) -> handler.
// Faults apply only after the signature passed, so a throttled call is still a call the bot made correctly
// (it lands in `calls` with `fault` set); signature failures land in `rejected` and never reach a handler.

import type { Clock } from '@pai-bot/sim-kit/clock.js';
import { type FaultBoard, BAD_GATEWAY_HTML, errorFaultReply } from './faults.js';
import { userIdForAccessKey } from './ids.js';
import type { NonceCache } from './nonce-cache.js';
import { accessDeniedDetail, errorBody, htmlReply, jsonReply, type PreparedReply } from './replies.js';
import { checkRequestShape, matchRoute, type CompiledRoute, type RouteReply } from './routes.js';
import { headerValue, verifyV3, type HeaderMap, type VerifyContext } from './signature.js';
import type { FaultKind, RecordedCall } from './types.js';

export interface IncomingRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: HeaderMap;
  body: Buffer;
  requestId: string;
}

export interface DispatchDeps {
  routes: readonly CompiledRoute[];
  faults: FaultBoard;
  nonces: NonceCache;
  clock: Clock;
  wallClock: Clock;
  secretOf: VerifyContext['secretOf'];
  securityTokenOf: VerifyContext['securityTokenOf'];
}

export interface Outcome {
  reply: PreparedReply;
  call: RecordedCall;
  /** True when the request never passed signature checking. */
  rejected: boolean;
  delayMs?: number;
}

type ParsedBody = { ok: true; value: unknown } | { ok: false };

function parseJsonBody(body: Buffer): ParsedBody {
  if (body.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

function errorReply(
  req: IncomingRequest,
  status: number,
  code: string,
  message: string,
  extra?: Record<string, unknown>,
): PreparedReply {
  const hostId = headerValue(req.headers, 'host') ?? 'pai-sim';
  return jsonReply(status, req.requestId, errorBody({ requestId: req.requestId, hostId, code, message, extra }));
}

function flatHeaders(headers: HeaderMap): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headerValue(headers, name);
    if (value !== undefined) flat[name] = value;
  }
  return flat;
}

function baseCall(
  req: IncomingRequest,
  at: number,
  action: string,
  accessKeyId: string | undefined,
  body: unknown,
): Omit<RecordedCall, 'status'> {
  return {
    action,
    method: req.method,
    path: req.path,
    query: { ...req.query },
    headers: flatHeaders(req.headers),
    body,
    accessKeyId,
    at,
  };
}

function finish(
  _req: IncomingRequest,
  base: Omit<RecordedCall, 'status'>,
  reply: PreparedReply,
  opts: { rejected?: boolean; errorCode?: string; fault?: FaultKind; delayMs?: number } = {},
): Outcome {
  const call: RecordedCall = {
    ...base,
    status: reply.status,
    ...(opts.errorCode === undefined ? {} : { errorCode: opts.errorCode }),
    ...(opts.fault === undefined ? {} : { fault: opts.fault }),
    ...(opts.delayMs === undefined ? {} : { delayedMs: opts.delayMs }),
  };
  return {
    reply,
    call,
    rejected: opts.rejected ?? false,
    ...(opts.delayMs === undefined ? {} : { delayMs: opts.delayMs }),
  };
}

function routeReplyToPrepared(req: IncomingRequest, r: RouteReply): PreparedReply {
  return r.ok ? jsonReply(r.status, req.requestId, r.body) : errorReply(req, r.status, r.code, r.message);
}

export function dispatch(req: IncomingRequest, deps: DispatchDeps): Outcome {
  const at = deps.clock.now();
  const headerAction = headerValue(req.headers, 'x-acs-action') ?? '';
  const parsed = parseJsonBody(req.body);
  const recordedBody = parsed.ok ? parsed.value : undefined;

  const verdict = verifyV3(req, {
    secretOf: deps.secretOf,
    securityTokenOf: deps.securityTokenOf,
    wallNow: deps.wallClock.now(),
  });
  if (!verdict.ok) {
    const base = baseCall(req, at, headerAction, verdict.accessKeyId, recordedBody);
    return finish(req, base, errorReply(req, verdict.status, verdict.code, verdict.message), {
      rejected: true,
      errorCode: verdict.code,
    });
  }
  if (!deps.nonces.claim(verdict.nonce, deps.wallClock.now())) {
    const base = baseCall(req, at, headerAction, verdict.accessKeyId, recordedBody);
    const message = 'Specified signature nonce was used already.';
    return finish(req, base, errorReply(req, 400, 'SignatureNonceUsed', message), {
      rejected: true,
      errorCode: 'SignatureNonceUsed',
    });
  }

  const match = matchRoute(deps.routes, req.method, req.path);
  if (!match) {
    const base = baseCall(req, at, headerAction, verdict.accessKeyId, recordedBody);
    const message = `Specified api is not found, please check your url and method (${req.method} ${req.path}).`;
    return finish(req, base, errorReply(req, 404, 'InvalidAction.NotFound', message), {
      errorCode: 'InvalidAction.NotFound',
    });
  }
  const { route } = match;
  const base = baseCall(req, at, route.action, verdict.accessKeyId, recordedBody);
  if (verdict.action !== route.action || verdict.version !== route.version) {
    const message = `${req.method} ${req.path} is ${route.action} (version ${route.version}), but the request says x-acs-action ${verdict.action} / x-acs-version ${verdict.version}.`;
    return finish(req, base, errorReply(req, 400, 'InvalidAction.NotFound', message), {
      errorCode: 'InvalidAction.NotFound',
    });
  }

  const delayMs = deps.faults.takeDelay(route.action);
  const withDelay = delayMs === undefined ? {} : { delayMs };

  const denial = deps.faults.denialFor(route.action);
  if (denial) {
    const message = 'User not authorized to operate on the specified resource, or this API does not support RAM.';
    const extra = {
      AccessDeniedDetail: accessDeniedDetail(
        denial.authAction,
        userIdForAccessKey(verdict.accessKeyId),
        verdict.accessKeyId,
      ),
    };
    return finish(req, base, errorReply(req, 403, 'Forbidden.RAM', message, extra), {
      errorCode: 'Forbidden.RAM',
      fault: 'denied',
      ...withDelay,
    });
  }

  const fault = deps.faults.takeError(route.action);
  if (fault?.kind === 'nonJson') {
    return finish(req, base, htmlReply(502, BAD_GATEWAY_HTML), { fault: 'nonJson', ...withDelay });
  }
  if (fault) {
    const r = errorFaultReply(fault);
    return finish(req, base, errorReply(req, r.status, r.code, r.message), {
      errorCode: r.code,
      fault: fault.kind,
      ...withDelay,
    });
  }

  if (!parsed.ok) {
    return finish(req, base, errorReply(req, 400, 'InvalidParameter', 'The request body is not valid JSON.'), {
      errorCode: 'InvalidParameter',
      ...withDelay,
    });
  }
  const misshapen = checkRequestShape(route, req.query, req.body.length);
  if (misshapen)
    return finish(req, base, routeReplyToPrepared(req, misshapen), { errorCode: misshapen.code, ...withDelay });
  // The handler runs now even when the reply is delayed: a client that times out may still have created the job.
  const result = route.handle({
    params: match.params,
    query: req.query,
    body: parsed.value,
    accessKeyId: verdict.accessKeyId,
    now: at,
  });
  return finish(req, base, routeReplyToPrepared(req, result), {
    ...(result.ok ? {} : { errorCode: result.code }),
    ...withDelay,
  });
}
