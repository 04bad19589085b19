// The route table: (method, path template) -> (action, version, request shape, handler). DLC, EAS and AIWorkspace each
// add their list; the request shape (query keys, body or none) comes from the SDK's generated client (see wire/).

export interface RouteRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  /** Parsed JSON body, undefined when there was none. */
  body: unknown;
  accessKeyId: string;
  /** Simulation clock at arrival. */
  now: number;
}

export type RouteReply =
  | { ok: true; status: number; body: Record<string, unknown> }
  | { ok: false; status: number; code: string; message: string };

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** e.g. `/api/v1/jobs/{JobId}/pods/{PodId}/logs`; each `{Name}` matches one encoded path segment. */
  template: string;
  action: string;
  version: string;
  /** The query keys the SDK's client sends for this action; any other key is refused (see checkRequestShape). */
  query: readonly string[];
  /** 'none': the SDK sends no body, so none is accepted; 'json': a JSON body (object or config text). */
  body: 'none' | 'json';
  handle(req: RouteRequest): RouteReply;
}

export interface CompiledRoute extends Route {
  pattern: RegExp;
  paramNames: string[];
}

export function ok(body: Record<string, unknown>, status = 200): RouteReply {
  return { ok: true, status, body };
}

export type RouteFailure = Extract<RouteReply, { ok: false }>;

export function fail(status: number, code: string, message: string): RouteFailure {
  return { ok: false, status, code, message };
}

export function invalidParameter(message: string): RouteFailure {
  return fail(400, 'InvalidParameter', message);
}

export function compileRoute(route: Route): CompiledRoute {
  const paramNames: string[] = [];
  const source = route.template
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      paramNames.push(param[1]);
      return '([^/]+)';
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}/?$`), paramNames };
}

export interface RouteMatch {
  route: CompiledRoute;
  params: Record<string, string>;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function matchRoute(routes: readonly CompiledRoute[], method: string, path: string): RouteMatch | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    let decodable = true;
    route.paramNames.forEach((name, i) => {
      const value = safeDecode(m[i + 1] ?? '');
      if (value === undefined) decodable = false;
      else params[name] = value;
    });
    if (decodable) return { route, params };
  }
  return undefined;
}

/**
 * Refuses a query key the SDK does not send for the action, and a body where the SDK sends none. Real PAI probably
 * ignores both (unconfirmed); the simulator refuses them so that a misspelt parameter fails a test instead of being
 * silently dropped, which on the real service would quietly change what the call means (e.g. an unfiltered listing).
 */
export function checkRequestShape(
  route: Route,
  query: Record<string, string>,
  bodyBytes: number,
): RouteFailure | undefined {
  const unknown = Object.keys(query).filter((k) => !route.query.includes(k));
  if (unknown.length > 0) {
    const known = route.query.length > 0 ? `; it takes ${route.query.join(', ')}` : '; it takes no query parameters';
    return invalidParameter(`The parameter ${unknown.join(', ')} is not a parameter of ${route.action}${known}.`);
  }
  if (route.body === 'none' && bodyBytes > 0) return invalidParameter(`${route.action} takes no request body.`);
  return undefined;
}
