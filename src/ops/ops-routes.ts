// GET /healthz and GET /metrics: served by Bolt's receiver in the web role, and by a small server
// of their own in a worker-only process, so both roles can be probed and scraped.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface OpsRoute {
  path: string;
  method: string[];
  handler: RouteHandler;
}

/** The registry to render, or a function producing it (metrics merged from several registries). */
export type MetricsSource = Registry | (() => Promise<Registry>);

/**
 * More to say in /healthz besides `ok` (e.g. `polls`: the watcher polls failing now). It never changes the status,
 * which stays Redis's health alone: a poll failing at PAI is not a reason for the orchestrator to restart the bot.
 */
export type HealthDetail = () => Promise<Record<string, unknown>>;

/** The longest /healthz waits for its detail; without it in time, the answer carries `ok` alone. */
const DETAIL_TIMEOUT_MS = 1_000;

export function opsRoutes(health: () => Promise<boolean>, source: MetricsSource, detail?: HealthDetail): OpsRoute[] {
  // Route handlers must not reject: Bolt does not catch async errors in customRoutes.
  const healthz: RouteHandler = (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    const more = detail
      ? Promise.race([
          detail().catch(() => ({})),
          new Promise<Record<string, unknown>>((resolve) => (timer = setTimeout(() => resolve({}), DETAIL_TIMEOUT_MS))),
        ])
      : Promise.resolve({});
    Promise.all([health().catch(() => false), more]).then(([ok, extra]) => {
      clearTimeout(timer);
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok, ...extra }));
    });
  };
  const metrics: RouteHandler = (_req, res) => {
    (typeof source === 'function' ? source() : Promise.resolve(source))
      .then(async (registry) => ({ body: await registry.metrics(), type: registry.contentType }))
      .then(
        ({ body, type }) => {
          res.writeHead(200, { 'content-type': type });
          res.end(body);
        },
        () => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('metrics unavailable\n');
        },
      );
  };
  return [
    { path: '/healthz', method: ['GET'], handler: healthz },
    { path: '/metrics', method: ['GET'], handler: metrics },
  ];
}

/** For a worker-only process: the same routes on a plain HTTP server. */
export async function startOpsServer(routes: readonly OpsRoute[], port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.find((r) => r.path === path && r.method.includes(req.method ?? 'GET'));
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    route.handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return server;
}
