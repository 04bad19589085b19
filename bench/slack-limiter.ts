// A rate-limiting front for the fake Slack Web API, in the spirit of Slack's own limit on channel messages
// ("1 per second per channel, short bursts allowed"): chat.postMessage and chat.update share one token bucket
// per channel (BURST tokens, refilled at 1 per second); a call with no token left gets HTTP 429 with
// Retry-After: 1 and is not forwarded. Everything else passes through unchanged. Every channel call is
// recorded with its arrival time, so the bench can also check the pacing from the timestamps.

import { createServer, request, Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BURST = 3;
export const REFILL_PER_S = 1;
const PACED_METHODS = new Set(['chat.postMessage', 'chat.update']);

export interface LimitedCall {
  method: string;
  channel: string;
  at: number; // epoch ms (wall clock) of arrival
  limited: boolean;
}

export interface SlackLimiter {
  /** Base URL to give the bot as SLACK_API_URL (ends with /api/). */
  url: string;
  calls: LimitedCall[];
  /** Counts of calls by method over everything that passed through (paced or not). */
  byMethod: Map<string, number>;
  stop(): Promise<void>;
}

function channelOf(raw: string, contentType: string | undefined): string | undefined {
  try {
    if (contentType?.includes('application/json')) {
      const v = (JSON.parse(raw) as { channel?: unknown }).channel;
      return typeof v === 'string' ? v : undefined;
    }
    return new URLSearchParams(raw).get('channel') ?? undefined;
  } catch {
    return undefined;
  }
}

/** Slack's pace by default; a scenario may run it faster (e.g. 4 per second) to fit a storm into its time. */
export interface LimiterRate {
  burst?: number;
  refillPerS?: number;
}

export async function startSlackLimiter(fakeApiUrl: string, rate: LimiterRate = {}): Promise<SlackLimiter> {
  const burst = rate.burst ?? BURST;
  const refillPerS = rate.refillPerS ?? REFILL_PER_S;
  const target = new URL(fakeApiUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: 4_000 });
  const buckets = new Map<string, { tokens: number; at: number }>();
  const calls: LimitedCall[] = [];
  const byMethod = new Map<string, number>();

  const take = (channel: string, now: number): boolean => {
    const b = buckets.get(channel) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * refillPerS);
    b.at = now;
    buckets.set(channel, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, fresh = false) => {
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
        agent: fresh ? false : agent,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      // A kept-alive socket the fake Slack closed as idle just as it was reused: nothing reached it, send again.
      if (!fresh && upstream.reusedSocket && err.code === 'ECONNRESET') return forward(req, res, body, true);
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    upstream.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const method = decodeURIComponent((req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '');
      byMethod.set(method, (byMethod.get(method) ?? 0) + 1);
      if (PACED_METHODS.has(method)) {
        const channel = channelOf(body.toString('utf8'), req.headers['content-type']) ?? '?';
        const at = Date.now();
        const allowed = take(channel, at);
        calls.push({ method, channel, at, limited: !allowed });
        if (!allowed) {
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
          res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
          return;
        }
      }
      forward(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    byMethod,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      agent.destroy();
    },
  };
}

/** From arrival times: the smallest gap between two channel calls, and the most calls in any 1-second window, per channel. */
export function pacingFromTimestamps(calls: readonly LimitedCall[]): {
  minGapMs: number;
  maxPerSecond: number;
  channels: number;
} {
  const byChannel = new Map<string, number[]>();
  for (const c of calls) {
    if (c.limited) continue;
    const times = byChannel.get(c.channel);
    if (times) times.push(c.at);
    else byChannel.set(c.channel, [c.at]);
  }
  let minGapMs = Number.POSITIVE_INFINITY;
  let maxPerSecond = 0;
  for (const times of byChannel.values()) {
    times.sort((a, b) => a - b);
    let lo = 0;
    for (let i = 0; i < times.length; i++) {
      if (i > 0) minGapMs = Math.min(minGapMs, times[i]! - times[i - 1]!);
      while (times[i]! - times[lo]! >= 1000) lo++;
      maxPerSecond = Math.max(maxPerSecond, i - lo + 1);
    }
  }
  return { minGapMs, maxPerSecond, channels: byChannel.size };
}
