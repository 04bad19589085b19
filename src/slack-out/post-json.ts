// POSTs a JSON body to a URL over keep-alive connections: how the worker answers response_urls.
// Global fetch cost a quarter of the worker's CPU per answered lookup in `npm run bench` (web streams,
// a fresh connection per call); a plain request on a pooled socket does the same job for far less.

import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** Resolves to the HTTP status once the whole answer has arrived; rejects on network errors and timeouts. */
export type PostJson = (url: string, body: string) => Promise<number>;

export interface PostJsonOptions {
  timeoutMs?: number;
  /** Idle pooled sockets are closed after this, before a server's own keep-alive timeout can race a reuse. */
  idleSocketMs?: number;
  maxSockets?: number;
}

export function createPostJson({
  timeoutMs = 10_000,
  idleSocketMs = 4_000,
  maxSockets = 32,
}: PostJsonOptions = {}): PostJson & { close(): void } {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets, timeout: idleSocketMs }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets, timeout: idleSocketMs }),
  };
  const post = (url: string, body: string): Promise<number> => {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:')
      return Promise.reject(new Error(`cannot POST to a ${target.protocol} URL`));
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<number>((resolve, reject) => {
      const req = send(target, {
        method: 'POST',
        agent: agents[target.protocol as 'http:' | 'https:'],
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      });
      req.once('timeout', () => req.destroy(new Error(`no answer from ${target.host} within ${timeoutMs} ms`)));
      req.once('error', reject);
      req.once('response', (res: IncomingMessage) => {
        // Drained, so the socket goes back to the pool.
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', reject);
      });
      req.end(body);
    });
  };
  return Object.assign(post, {
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  });
}
