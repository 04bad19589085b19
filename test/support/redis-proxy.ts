// TCP proxies in front of the test Redis, each misbehaving as a real network or Redis can: one that loses a reply
// (a blip or a failover: ioredis then sends the command again), one whose replies arrive late (an overloaded or
// far-away Redis), one that hangs (connections stay open, nothing passes). One proxy core, three behaviours.

import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

interface Proxy {
  /** redis:// URL of the proxy. */
  url: string;
  stop(): Promise<void>;
}

async function startProxy(redisUrl: string, onConnection: (client: Socket, upstream: Socket) => void): Promise<Proxy> {
  const target = new URL(redisUrl);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    onConnection(client, upstream);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface ReplyDroppingProxy extends Proxy {
  /** Arms the proxy; resolves once a command containing `trigger` went through and its connection was cut. */
  dropReplyTo(trigger: string): Promise<void>;
}

/** The next command whose bytes contain a given string reaches Redis and runs, but its reply never gets back. */
export async function startReplyDroppingProxy(redisUrl: string): Promise<ReplyDroppingProxy> {
  let armed: { trigger: string; done: () => void } | undefined;
  const proxy = await startProxy(redisUrl, (client, upstream) => {
    let cut = false;
    client.on('data', (chunk: Buffer) => {
      if (cut) return;
      upstream.write(chunk);
      if (armed && chunk.includes(armed.trigger)) {
        const { done } = armed;
        armed = undefined;
        cut = true; // from here on, nothing Redis answers on this connection reaches the client
        // Give Redis the moment it needs to run the command, then drop the connection.
        setTimeout(() => {
          client.destroy();
          upstream.destroy();
          done();
        }, 50);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!cut) client.write(chunk);
    });
  });
  return { ...proxy, dropReplyTo: (trigger) => new Promise<void>((resolve) => (armed = { trigger, done: resolve })) };
}

export interface SlowRedisProxy extends Proxy {
  /** From now on, replies arrive ms late (0: at once). */
  setDelay(ms: number): void;
}

/** Commands reach Redis at once, so they run on time; while a delay is set, their answers wait (in order). */
export async function startSlowRedisProxy(redisUrl: string): Promise<SlowRedisProxy> {
  let delayMs = 0;
  const proxy = await startProxy(redisUrl, (client, upstream) => {
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    // One chain per connection keeps the replies in order whatever the delay was when each arrived.
    let chain = Promise.resolve();
    upstream.on('data', (chunk: Buffer) => {
      const due = Date.now() + delayMs;
      chain = chain.then(async () => {
        const wait = due - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (!client.destroyed) client.write(chunk);
      });
    });
  });
  return { ...proxy, setDelay: (ms) => void (delayMs = ms) };
}

export interface StallingRedisProxy extends Proxy {
  /** From now on nothing passes either way; connections stay open: a Redis that hangs. */
  stall(): void;
}

export async function startStallingRedisProxy(redisUrl: string): Promise<StallingRedisProxy> {
  let stalled = false;
  const proxy = await startProxy(redisUrl, (client, upstream) => {
    client.on('data', (chunk: Buffer) => void (stalled || upstream.write(chunk)));
    upstream.on('data', (chunk: Buffer) => void (stalled || client.write(chunk)));
  });
  return { ...proxy, stall: () => void (stalled = true) };
}
