// The queue dashboard (bull-board) on the web role's HTTP server, under /admin/queues by default.
// Off unless ADMIN_TOKEN is set; then every request must carry the token, either as
// `Authorization: Bearer <token>` or as the session cookie set by visiting `…?token=<token>` once.
// The routes plug into Bolt's `customRoutes` (raw node req/res); bull-board's Hono adapter does the
// serving, run as a plain node request listener by @hono/node-server.

import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { getRequestListener } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Queue } from 'bullmq';
import { Hono } from 'hono';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

export const DEFAULT_DASHBOARD_PATH = '/admin/queues';
export const SESSION_COOKIE = 'pai_bot_admin';
const SESSION_MAX_AGE_S = 8 * 3600;

export interface QueueDashboardOptions {
  /** ADMIN_TOKEN; absent or empty = no dashboard at all (no route, so its paths answer 404). */
  token?: string;
  queues: Queue[];
  /** Where the dashboard lives; default /admin/queues. */
  basePath?: string;
  log: Logger;
  /**
   * Default true: jobs can be looked at but not retried, removed, added, edited, paused or cleaned, so
   * the dashboard cannot go around the approval flow or the audit stream. Only GET is routed then.
   */
  readOnly?: boolean;
}

/** The shape of one entry of Bolt's `customRoutes`. */
export interface DashboardRoute {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export function createQueueDashboardRoutes(opts: QueueDashboardOptions): DashboardRoute[] {
  const token = opts.token?.trim();
  if (!token) return [];
  const basePath = normaliseBasePath(opts.basePath ?? DEFAULT_DASHBOARD_PATH);
  const readOnly = opts.readOnly ?? true;
  const log = opts.log.child({ component: 'queue-dashboard' });

  const serverAdapter = new HonoAdapter(serveStatic);
  serverAdapter.setBasePath(basePath);
  createBullBoard({
    queues: opts.queues.map((q) => new BullMQAdapter(q, { readOnlyMode: readOnly })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'pai-bot queues' } },
  });
  const app = new Hono();
  app.route(basePath, serverAdapter.registerPlugin());
  // overrideGlobalObjects: false keeps the process' own Request/Response untouched.
  const listener = getRequestListener(app.fetch, { overrideGlobalObjects: false });

  const expected = digest(token);
  const session = createHmac('sha256', token).update('pai-bot queue dashboard session v1').digest('base64url');
  const sessionDigest = digest(session);
  const matches = (candidate: string | undefined, want: Buffer) =>
    candidate !== undefined && timingSafeEqual(digest(candidate), want);

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Only the path is ever logged: the query may hold the token.
    const where = { method: req.method, path: url.pathname };
    try {
      res.setHeader('cache-control', 'no-store');
      res.setHeader('referrer-policy', 'no-referrer');
      res.setHeader('x-frame-options', 'DENY');
      res.setHeader('x-content-type-options', 'nosniff');

      const queryToken = url.searchParams.get('token');
      if (queryToken !== null) {
        if (req.method !== 'GET' || !matches(queryToken, expected)) return deny(res, log, where);
        // Trade the token for a session cookie and drop it from the address bar and history.
        url.searchParams.delete('token');
        const secure = isHttps(req) ? '; Secure' : '';
        res.writeHead(303, {
          location: `${url.pathname}${url.search}`,
          'set-cookie': `${SESSION_COOKIE}=${session}; Path=${basePath}; Max-Age=${SESSION_MAX_AGE_S}; HttpOnly; SameSite=Strict${secure}`,
        });
        res.end();
        log.info(where, 'queue dashboard: session started');
        return;
      }
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!matches(bearer, expected) && !matches(cookie(req, SESSION_COOKIE), sessionDigest))
        return deny(res, log, where);

      listener(req, res).catch((err: unknown) => fail(res, log, where, err));
    } catch (err) {
      fail(res, log, where, err);
    }
  };

  const methods = readOnly ? ['GET'] : ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
  // path-to-regexp 8 syntax (Bolt's matcher): the base path itself and everything below it.
  return [{ path: `${basePath}{/*rest}`, method: methods, handler }];
}

function normaliseBasePath(path: string): string {
  const trimmed = `/${path.trim().replace(/^\/+|\/+$/g, '')}`;
  if (trimmed === '/' || !/^(\/[A-Za-z0-9._~-]+)+$/.test(trimmed)) {
    throw new Error(`queue dashboard: basePath must be a plain path below / such as /admin/queues (got "${path}")`);
  }
  return trimmed;
}

/** Fixed-length digests, so timingSafeEqual never sees (or leaks) differing lengths. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function isHttps(req: IncomingMessage): boolean {
  const forwarded = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return proto === 'https' || Boolean((req.socket as { encrypted?: boolean }).encrypted);
}

function deny(res: ServerResponse, log: Logger, where: object): void {
  log.warn(where, 'queue dashboard: request without a valid admin token refused');
  res.writeHead(401, {
    'content-type': 'text/plain; charset=utf-8',
    'www-authenticate': 'Bearer realm="pai-bot admin"',
  });
  res.end('Unauthorized: send Authorization: Bearer <ADMIN_TOKEN>, or open this page once with ?token=<ADMIN_TOKEN>\n');
}

function fail(res: ServerResponse, log: Logger, where: object, err: unknown): void {
  log.error({ ...where, err }, 'queue dashboard: request failed');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('Internal error\n');
}
