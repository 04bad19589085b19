// The fake Slack: one node:http server serving the Web API under /api/ and response_urls under /respond/<id>.

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenLocal } from '@pai-bot/sim-kit/listen.js';
import { systemClock } from '@pai-bot/sim-kit/clock.js';
import { DEFAULT_BOT_ID, DEFAULT_BOT_USER_ID, DEFAULT_TEAM_ID, RESPONSE_URL_MAX_USES } from './defaults.js';
import { ChannelRateLimiter, PACED_METHODS } from './channel-rate.js';
import { FaultQueue } from './faults.js';
import { METHODS, type MethodContext } from './methods.js';
import { FakeSlackStore, TsGenerator } from './store.js';
import { extractToken, parseArgs, readBody, sendJson, sendText } from './transport.js';
import type { ApiCall, FakeSlack, FakeSlackOptions } from './types.js';
import { ViewStore } from './views.js';
import { Notifier } from './waiter.js';

const API_PREFIX = '/api/';
const RESPOND_PREFIX = '/respond/';

export function createFakeSlack(opts: FakeSlackOptions): FakeSlack {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? (() => {});
  const store = new FakeSlackStore();
  const views = new ViewStore();
  const faults = new FaultQueue();
  const notifier = new Notifier();
  const calls: ApiCall[] = [];
  let limiter = opts.channelRate ? new ChannelRateLimiter(opts.channelRate) : undefined;
  const ctx: MethodContext = {
    store,
    ts: new TsGenerator(clock),
    botUserId: opts.botUserId ?? DEFAULT_BOT_USER_ID,
    botId: opts.botId ?? DEFAULT_BOT_ID,
    teamId: opts.teamId ?? DEFAULT_TEAM_ID,
    views,
    emit: (kind, item) => notifier.emit(kind, item),
  };
  let server: Server | undefined;
  let origin: string | undefined;

  const record = (call: ApiCall) => {
    calls.push(call);
    const detail = call.ok
      ? typeof call.response.ts === 'string'
        ? ` ts=${call.response.ts}`
        : ''
      : ` error=${call.error}`;
    const channel = typeof call.args.channel === 'string' ? ` ${call.args.channel}` : '';
    log(`fake-slack ${call.method}${channel} -> ${call.status} ${call.ok ? 'ok' : 'fail'}${detail}`);
    notifier.poke();
  };

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
    const raw = await readBody(req);
    const at = clock.now();
    const receivedAt = Date.now();
    let args: Record<string, unknown>;
    try {
      args = parseArgs(raw, req.headers['content-type'], url.searchParams);
    } catch {
      const response = { ok: false, error: 'invalid_json' };
      record({
        method,
        args: {},
        token: undefined,
        at,
        receivedAt,
        status: 200,
        ok: false,
        error: 'invalid_json',
        response,
      });
      return sendJson(res, 200, response);
    }
    const token = extractToken(req, args);
    delete args.token; // never keep secrets in the call log tests print on failure
    const answer = (response: Record<string, unknown>, status = 200, headers: Record<string, string> = {}) => {
      const ok = response.ok === true;
      record({
        method,
        args,
        token,
        at,
        receivedAt,
        status,
        ok,
        ...(ok ? {} : { error: String(response.error) }),
        response,
      });
      sendJson(res, status, response, headers);
    };

    if (token === undefined) return answer({ ok: false, error: 'not_authed' });
    if (token !== opts.token) return answer({ ok: false, error: 'invalid_auth' });
    const handler = METHODS[method];
    if (!handler) return answer({ ok: false, error: 'unknown_method' });
    const fault = faults.take(method);
    if (fault?.kind === 'ratelimit')
      return answer({ ok: false, error: 'ratelimited' }, 429, { 'retry-after': String(fault.retryAfterSeconds) });
    if (fault?.kind === 'fail') return answer({ ok: false, error: fault.error });
    const retryAfter =
      limiter && PACED_METHODS.has(method)
        ? limiter.take(typeof args.channel === 'string' ? args.channel : '')
        : undefined;
    if (retryAfter !== undefined)
      return answer({ ok: false, error: 'ratelimited' }, 429, { 'retry-after': String(retryAfter) });
    answer(handler(args, ctx));
  }

  async function handleRespond(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const id = decodeURIComponent(url.pathname.slice(RESPOND_PREFIX.length));
    const raw = await readBody(req);
    if (req.method !== 'POST' || id.length === 0) return sendText(res, 404, 'not_found');
    const uses = store.responseUses.get(id) ?? 0;
    if (uses >= RESPONSE_URL_MAX_USES) {
      log(`fake-slack respond/${id} -> 404 used_url`);
      return sendText(res, 404, 'used_url');
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      log(`fake-slack respond/${id} -> 400 invalid_payload`);
      return sendText(res, 400, 'invalid_payload');
    }
    store.responseUses.set(id, uses + 1);
    const item = { id, body };
    store.responses.push(item);
    log(`fake-slack respond/${id} -> 200 ok (use ${uses + 1})`);
    sendText(res, 200, 'ok');
    notifier.emit('response', item);
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake-slack.local');
    const route = url.pathname.startsWith(API_PREFIX)
      ? handleApi
      : url.pathname.startsWith(RESPOND_PREFIX)
        ? handleRespond
        : undefined;
    if (!route) return sendText(res, 404, 'not_found');
    route(req, res, url).catch((err: unknown) => {
      log(`fake-slack internal error: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendText(res, 500, 'internal_error');
      else res.destroy();
    });
  };

  const requireOrigin = (): string => {
    if (!origin) throw new Error('fake Slack is not started: call start() first');
    return origin;
  };

  return {
    async start(port = 0, host = '127.0.0.1') {
      if (server) throw new Error('fake Slack already started');
      const s = createServer(onRequest);
      origin = await listenLocal(s, port, host);
      server = s;
      log(`fake-slack listening on ${origin}${API_PREFIX}`);
      return `${origin}${API_PREFIX}`;
    },
    async stop() {
      const s = server;
      if (!s) return;
      server = undefined;
      origin = undefined;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeIdleConnections(); // keep-alive sockets from fetch would otherwise hold close() open
      });
    },
    get url() {
      return `${requireOrigin()}${API_PREFIX}`;
    },
    responseUrl(id?: string) {
      return `${requireOrigin()}${RESPOND_PREFIX}${encodeURIComponent(id ?? randomBytes(8).toString('hex'))}`;
    },
    calls,
    messages: (channel) => store.messages.filter((m) => channel === undefined || m.channel === channel),
    thread: (channel, ts) => store.messages.filter((m) => m.channel === channel && m.thread_ts === ts),
    ephemerals: (channel) => store.ephemerals.filter((e) => channel === undefined || e.channel === channel),
    responses: (id) => store.responses.filter((r) => id === undefined || r.id === id),
    rateLimitNext: (n, retryAfterSeconds, method) => faults.add(n, { kind: 'ratelimit', retryAfterSeconds }, method),
    failNext: (n, error, method) => faults.add(n, { kind: 'fail', error }, method),
    setChannelRate: (rate) => void (limiter = rate ? new ChannelRateLimiter(rate) : undefined),
    setUsergroup: (id, users) => void store.usergroups.set(id, [...users]),
    addReaction(channel, ts, name, user) {
      const msg = store.find(channel, ts);
      if (!msg) throw new Error(`fake Slack: no message ${channel}/${ts} to react to`);
      store.react(msg, name, user);
      notifier.poke();
    },
    homeViews: (userId) => views.published.filter((v) => userId === undefined || v.userId === userId),
    openedViews: () => [...views.opened],
    issueTrigger: (id) => views.issueTrigger(id, Date.now()),
    waitFor: (pick, timeoutMs = 5000) => notifier.waitFor(pick, timeoutMs, () => calls.slice(-8)),
    onActivity: (listener) => notifier.onActivity(listener),
  };
}
