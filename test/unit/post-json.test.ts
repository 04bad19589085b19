// The response_url poster: statuses, bodies, connection reuse, and every way a POST can fail.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostJson } from '../../src/slack-out/post-json.js';

let server: Server | undefined;
const posters: { close(): void }[] = [];

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<{ url: string; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => handler(req, res, body));
  });
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/commands/T1/cmd-1`, sockets };
}

afterEach(async () => {
  for (const p of posters.splice(0)) p.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

const poster = (opts?: Parameters<typeof createPostJson>[0]) => {
  const p = createPostJson(opts);
  posters.push(p);
  return p;
};

describe('createPostJson', () => {
  it('sends the body as JSON and resolves to the status', async () => {
    const seen: { method?: string; type?: string; body: string }[] = [];
    const { url } = await listen((req, res, body) => {
      seen.push({ method: req.method, type: req.headers['content-type'], body });
      res.writeHead(req.url?.endsWith('cmd-1') ? 200 : 404).end('ok');
    });
    const post = poster();
    expect(await post(url, JSON.stringify({ text: 'héllo' }))).toBe(200);
    expect(await post(url.replace('cmd-1', 'gone'), '{}')).toBe(404);
    expect(seen[0]).toEqual({ method: 'POST', type: 'application/json', body: '{"text":"héllo"}' });
  });

  it('reuses one connection for answers in a row', async () => {
    const { url, sockets } = await listen((_req, res) => res.end('ok'));
    const post = poster();
    for (let i = 0; i < 5; i++) expect(await post(url, '{}')).toBe(200);
    expect(sockets.size).toBe(1);
  });

  it('rejects when nothing listens, when the server is silent, and for other schemes', async () => {
    const { url } = await listen(() => undefined); // never answers
    const post = poster({ timeoutMs: 100 });
    await expect(post(url, '{}')).rejects.toThrow(/no answer from 127\.0\.0\.1:\d+ within 100 ms/);
    await expect(post('http://127.0.0.1:1/x', '{}')).rejects.toThrow(/ECONNREFUSED/);
    await expect(post('file:///etc/passwd', '{}')).rejects.toThrow('cannot POST to a file: URL');
  });
});
