// Starts a private redis-server for the sandbox and the tests: a free port, a temporary directory,
// no persistence (nothing here must outlive the run). Production points REDIS_URL at a real one.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface LocalRedis {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startLocalRedis(binary = 'redis-server'): Promise<LocalRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'pai-bot-redis-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const spawned = new Promise<void>((_, reject) => {
    child.once('error', (err) =>
      reject(new Error(`could not run ${binary} (${err.message}); install it with: apt-get install -y redis-server`)),
    );
    child.once('exit', (code) => reject(new Error(`${binary} exited with code ${code}: ${stderr.trim()}`)));
  });
  const url = `redis://127.0.0.1:${port}`;
  await Promise.race([spawned, waitForPing(url)]);
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function pingRedis(url: string, timeoutMs = 500): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function waitForPing(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await pingRedis(url, 200)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server at ${url} did not answer PING`);
}
