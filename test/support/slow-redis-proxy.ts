// A TCP proxy in front of Redis whose answers can be held back, as an overloaded or far-away Redis would
// hold them: while a delay is set, every reply reaches the client that much later (in order). Commands
// reach Redis at once, so they run on time; only their answers wait.

import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface SlowRedisProxy {
  /** redis:// URL of the proxy. */
  url: string;
  /** From now on, replies arrive ms late (0: at once). */
  setDelay(ms: number): void;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startSlowRedisProxy(redisUrl: string): Promise<SlowRedisProxy> {
  const target = new URL(redisUrl);
  const sockets = new Set<Socket>();
  let delayMs = 0;

  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    // One chain per connection keeps the replies in order whatever the delay was when each arrived.
    let chain = Promise.resolve();
    upstream.on('data', (chunk: Buffer) => {
      const due = Date.now() + delayMs;
      chain = chain.then(async () => {
        const wait = due - Date.now();
        if (wait > 0) await sleep(wait);
        if (!client.destroyed) client.write(chunk);
      });
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    setDelay: (ms) => void (delayMs = ms),
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
