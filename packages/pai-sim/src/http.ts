// The node:http shell: reads the raw body (the signature covers its exact bytes), hands the request to dispatch,
// and writes the reply, holding it back in real time when a delay knob says so.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenLocal } from '@pai-bot/sim-kit/listen.js';
import { parse as parseQueryString } from 'node:querystring';
import { dispatch, type DispatchDeps, type Outcome } from './dispatch.js';
import { newRequestId } from './ids.js';
import { errorBody, jsonReply, sendReply } from './replies.js';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Decoded query pairs; a repeated key keeps its first value (the SDK never repeats keys). */
export function parseQuery(rawQuery: string): Record<string, string> {
  const parsed = parseQueryString(rawQuery);
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    query[key] = Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  }
  return query;
}

export function splitUrl(url: string): { path: string; rawQuery: string } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, rawQuery: '' } : { path: url.slice(0, q), rawQuery: url.slice(q + 1) };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface HttpHooks {
  deps: DispatchDeps;
  onOutcome(outcome: Outcome): void;
  /** Real milliseconds each request waits before it is handled (PAI's processing time); none when unset. */
  latencyMs?: () => number | undefined;
}

export class SimHttpServer {
  private server: Server | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly hooks: HttpHooks) {}

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.server) throw new Error('PAI simulator already started');
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    return listenLocal(server, port, host);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      const reply = jsonReply(
        413,
        requestId,
        errorBody({
          requestId,
          hostId: 'pai-sim',
          code: 'InvalidParameter',
          message: 'The request body is too large.',
        }),
      );
      sendReply(res, requestId, reply);
      return;
    }
    const { path, rawQuery } = splitUrl(req.url ?? '/');
    // Real PAI takes tens of milliseconds before a change is visible; concurrent requests interleave in that time.
    const latency = this.hooks.latencyMs?.();
    if (latency !== undefined && latency > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, latency);
        this.timers.add(timer);
      });
      if (!this.server) return;
    }
    const outcome = dispatch(
      {
        method: (req.method ?? 'GET').toUpperCase(),
        path,
        query: parseQuery(rawQuery),
        headers: req.headers,
        body,
        requestId,
      },
      this.hooks.deps,
    );
    this.hooks.onOutcome(outcome);
    if (outcome.delayMs === undefined) {
      sendReply(res, requestId, outcome.reply);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      sendReply(res, requestId, outcome.reply);
    }, outcome.delayMs);
    this.timers.add(timer);
  }
}
