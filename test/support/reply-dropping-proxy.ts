// A TCP proxy in front of Redis that can lose one reply, as a network blip or a failover does: the next
// command whose bytes contain a given string reaches Redis and runs, but the connection is cut before
// its reply gets back. ioredis then reconnects and sends that command again.

import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ReplyDroppingProxy {
  /** redis:// URL of the proxy. */
  url: string;
  /** Arms the proxy; resolves once a command containing `trigger` went through and its connection was cut. */
  dropReplyTo(trigger: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startReplyDroppingProxy(redisUrl: string): Promise<ReplyDroppingProxy> {
  const target = new URL(redisUrl);
  const sockets = new Set<Socket>();
  let armed: { trigger: string; done: () => void } | undefined;

  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
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
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    dropReplyTo: (trigger) => new Promise<void>((resolve) => (armed = { trigger, done: resolve })),
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
