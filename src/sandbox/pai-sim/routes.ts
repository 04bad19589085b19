// The route table: (method, path template) -> (action, version, handler). DLC and AIWorkspace fill it today;
// EAS (/api/v2/services/...) adds its own list the same way.

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
  handle(req: RouteRequest): RouteReply;
}

export interface CompiledRoute extends Route {
  pattern: RegExp;
  paramNames: string[];
}

export function ok(body: Record<string, unknown>, status = 200): RouteReply {
  return { ok: true, status, body };
}

export function fail(status: number, code: string, message: string): RouteReply {
  return { ok: false, status, code, message };
}

export function invalidParameter(message: string): RouteReply {
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
