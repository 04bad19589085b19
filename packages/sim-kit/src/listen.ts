// The stand-ins' one way to start listening: bind, and say which origin local clients reach it at.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Listens on host:port (port 0 picks a free one) and resolves to `http://host:port`. A wildcard bind is
 * reported as loopback, which is how clients on this machine reach it; `ipOnly` does the same for
 * "localhost" (ali-oss prepends the bucket to a host name, so the OSS simulator needs an IP).
 */
export async function listenLocal(
  server: Server,
  port: number,
  host: string,
  opts: { ipOnly?: boolean } = {},
): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  const loopback = host === '0.0.0.0' || host === '::' || (opts.ipOnly === true && host === 'localhost');
  return `http://${loopback ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${bound}`;
}
