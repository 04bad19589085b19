// The queue dashboard served through a real Bolt App's customRoutes (the way the web role mounts
// it), against a real BullMQ queue on the test Redis.

import { App, LogLevel } from '@slack/bolt';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createQueueDashboardRoutes, SESSION_COOKIE } from '../../src/ops/queue-dashboard.js';
import { ACTION_QUEUE } from '../../src/actions/action-jobs.js';
import { startHarness } from '../support/harness.js';

const TOKEN = `adm-${randomBytes(18).toString('base64url')}`;
const prefix = `test-dash-${randomBytes(4).toString('hex')}`;
const logLines: string[] = [];
const log = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) });
const silentBolt = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

let redis: Redis;
let queue: Queue;
const apps: App[] = [];

async function serve(routes: ReturnType<typeof createQueueDashboardRoutes>): Promise<string> {
  const app = new App({
    token: 'xoxb-test',
    signingSecret: 'test-signing-secret',
    tokenVerificationEnabled: false,
    logger: silentBolt,
    customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => res.end('ok') }, ...routes],
  });
  const server = (await app.start(0)) as Server;
  apps.push(app);
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

beforeAll(async () => {
  redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
  queue = new Queue(ACTION_QUEUE, { connection: redis, prefix });
  await queue.add(
    'dlc.status',
    { type: 'dlc.status', requester: { userId: 'U0ALICE', channelId: 'C0DEV' }, jobId: 'dlc-1' } as never,
    { jobId: 'dash-job-1' },
  );
});

afterAll(async () => {
  for (const app of apps) await app.stop().catch(() => undefined);
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  redis?.disconnect();
});

describe('queue dashboard: no ADMIN_TOKEN', () => {
  it('creates no route, so its paths answer 404', async () => {
    for (const token of [undefined, '', '   '])
      expect(createQueueDashboardRoutes({ token, queues: [queue], log })).toEqual([]);
    const base = await serve(createQueueDashboardRoutes({ queues: [queue], log }));
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    for (const path of ['/admin/queues', '/admin/queues/', '/admin/queues/api/queues']) {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status, path).toBe(404);
    }
  });
});

describe('queue dashboard: ADMIN_TOKEN set', () => {
  let base: string;
  beforeAll(async () => {
    base = await serve(createQueueDashboardRoutes({ token: TOKEN, queues: [queue], log }));
  });
  const bearer = { authorization: `Bearer ${TOKEN}` };

  it('refuses requests without the token, or with a wrong one, with 401', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer nope-nope-nope-nope' },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Basic ${TOKEN}` },
      { cookie: `${SESSION_COOKIE}=${TOKEN}` },
    ];
    for (const headers of attempts) {
      for (const path of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues/static/favicon-32x32.png']) {
        const res = await fetch(`${base}${path}`, { headers });
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(await res.text()).not.toContain(TOKEN);
      }
    }
    expect((await fetch(`${base}/admin/queues?token=wrong-token-value-123`, { redirect: 'manual' })).status).toBe(401);
  });

  it('serves the dashboard page and its assets with the bearer token', async () => {
    const res = await fetch(`${base}/admin/queues`, { headers: bearer });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('pai-bot queues');
    expect(html).toMatch(/<base href="\/admin\/queues\/"/);
    const asset = /src="(static\/js\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset, 'a script under static/').toBeDefined();
    const js = await fetch(`${base}/admin/queues/${asset}`, { headers: bearer });
    expect(js.status).toBe(200);
    expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(100);
    // The UI's own routes (a queue's page) render the same entry page.
    expect((await fetch(`${base}/admin/queues/queue/${ACTION_QUEUE}`, { headers: bearer })).status).toBe(200);
  });

  it('lists the pai-actions queue and its job through the JSON API', async () => {
    const res = await fetch(`${base}/admin/queues/api/queues?activeQueue=${ACTION_QUEUE}&status=latest&page=1`, {
      headers: bearer,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      queues: { name: string; readOnlyMode: boolean; counts: Record<string, number>; jobs: { id: string }[] }[];
    };
    const q = body.queues.find((x) => x.name === ACTION_QUEUE);
    expect(q, JSON.stringify(body).slice(0, 300)).toBeDefined();
    expect(q!.readOnlyMode).toBe(true);
    expect(q!.counts.waiting).toBe(1);
    expect(q!.jobs.map((j) => j.id)).toContain('dash-job-1');
  });

  it('trades ?token= for an HttpOnly session cookie and a redirect without the token', async () => {
    const res = await fetch(
      `${base}/admin/queues/queue/${ACTION_QUEUE}?status=failed&token=${encodeURIComponent(TOKEN)}`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/queues/queue/${ACTION_QUEUE}?status=failed`);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(
      new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]+; Path=/admin/queues; Max-Age=\\d+; HttpOnly; SameSite=Strict$`),
    );
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0]!;
    const page = await fetch(`${base}/admin/queues`, { headers: { cookie: `other=1; ${cookie}` } });
    expect(page.status).toBe(200);
    const api = await fetch(`${base}/admin/queues/api/queues`, { headers: { cookie } });
    expect(api.status).toBe(200);
    // Behind a TLS-terminating proxy the cookie is Secure.
    const proxied = await fetch(`${base}/admin/queues?token=${encodeURIComponent(TOKEN)}`, {
      redirect: 'manual',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(proxied.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('is read-only: changes are not routed and leave the queue alone', async () => {
    for (const [method, path] of [
      ['PUT', `/admin/queues/api/queues/${ACTION_QUEUE}/pause`],
      ['PUT', `/admin/queues/api/queues/${ACTION_QUEUE}/empty`],
      ['POST', `/admin/queues/api/queues/${ACTION_QUEUE}/add`],
      ['PUT', `/admin/queues/api/queues/${ACTION_QUEUE}/dash-job-1/clean`],
    ] as const) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { ...bearer, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect(await queue.isPaused()).toBe(false);
    expect(await queue.getJob('dash-job-1')).toBeDefined();
  });

  it('never logs the token', () => {
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(line).not.toContain(TOKEN);
  });
});

describe('queue dashboard: options', () => {
  it('mounts under another base path', async () => {
    const base = await serve(
      createQueueDashboardRoutes({ token: TOKEN, queues: [queue], basePath: '/ops/bull/', log }),
    );
    expect((await fetch(`${base}/ops/bull/api/queues`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(
      200,
    );
    expect(
      (await fetch(`${base}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(404);
  });

  it('refuses a base path that is not a plain path', () => {
    for (const basePath of ['/', '', '/a b', '/x/:id', '/x/*'] as const) {
      expect(() => createQueueDashboardRoutes({ token: TOKEN, queues: [queue], basePath, log }), basePath).toThrow(
        /basePath/,
      );
    }
  });
});

describe('the queue dashboard mounted on the running bot', () => {
  it('is absent without ADMIN_TOKEN and guarded by it when set', async () => {
    const plain = await startHarness();
    try {
      expect((await fetch(`http://127.0.0.1:${plain.bot.port}/admin/queues`)).status).toBe(404);
    } finally {
      await plain.stop();
    }
    const token = 'dashboard-token-0123456789';
    const guarded = await startHarness({ env: { ADMIN_TOKEN: token } });
    try {
      const url = `http://127.0.0.1:${guarded.bot.port}/admin/queues`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
      const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(JSON.stringify(guarded.logs)).not.toContain(token);
    } finally {
      await guarded.stop();
    }
  });
});
