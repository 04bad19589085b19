// The node:http shell around dispatch: parses the URL, drains the body (no simulated operation reads one) and writes
// the reply.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenLocal } from '@pai-bot/sim-kit/listen.js';
import { parse as parseQueryString } from 'node:querystring';
import { dispatch, type DispatchDeps, type OssReply } from './dispatch.js';
import { newOssRequestId } from './xml.js';

/** Decoded query pairs; a repeated key keeps its first value. */
export function parseQuery(rawQuery: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(parseQueryString(rawQuery))) {
    query[key] = Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  }
  return query;
}

export class OssHttpServer {
  private server: Server | undefined;

  constructor(
    private readonly deps: DispatchDeps,
    private readonly onReply: (reply: OssReply) => void,
  ) {}

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.server) throw new Error('OSS simulator already started');
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    return listenLocal(server, port, host, { ipOnly: true });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    req.on('end', () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const reply = dispatch(
        {
          method: (req.method ?? 'GET').toUpperCase(),
          path: q < 0 ? url : url.slice(0, q),
          query: parseQuery(q < 0 ? '' : url.slice(q + 1)),
          headers: req.headers,
          requestId: newOssRequestId(),
        },
        this.deps,
      );
      this.onReply(reply);
      if (res.destroyed || res.writableEnded) return;
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
    });
  }
}
