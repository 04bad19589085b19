// A private redis-server WITH persistence, for tests that restart Redis under a running bot: the
// same port and data directory across stop()/start(), so what was acknowledged before the restart
// is read back from the append-only file afterwards. (startLocalRedis is deliberately ephemeral.)

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, pingRedis } from '@pai-bot/sandbox/redis-server.js';

export interface PersistentRedisOptions {
  /** AOF fsync policy: 'always' survives a crash (SIGKILL) with nothing lost; 'everysec' a clean shutdown only. */
  appendfsync?: 'always' | 'everysec';
}

export interface PersistentRedis {
  url: string;
  port: number;
  dir: string;
  running(): boolean;
  /** Stops the server: SIGTERM = a clean SHUTDOWN (AOF flushed and fsynced); SIGKILL = a crash. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port and directory; resolves once it answers PING (data loaded). */
  start(): Promise<void>;
  /** Stops it and deletes the directory. */
  destroy(): Promise<void>;
}

export async function startPersistentRedis({
  appendfsync = 'always',
}: PersistentRedisOptions = {}): Promise<PersistentRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'pai-bot-redis-aof-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let stderr = '';

  const start = async () => {
    if (child) throw new Error('redis-server is already running');
    stderr = '';
    const proc = spawn(
      'redis-server',
      // maxmemory-policy noeviction: BullMQ requires it; --save "": no RDB snapshots, the AOF alone is the record.
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        appendfsync,
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child = proc;
    proc.once('exit', () => {
      if (child === proc) child = undefined;
    });
    const failed = new Promise<never>((_, reject) => {
      proc.once('error', (err) => reject(new Error(`could not run redis-server (${err.message})`)));
      proc.once('exit', (code) => reject(new Error(`redis-server exited with code ${code}: ${stderr.trim()}`)));
    });
    failed.catch(() => undefined);
    const deadline = Date.now() + 10_000;
    const up = (async () => {
      while (Date.now() < deadline) {
        if (await pingRedis(url, 200)) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`redis-server at ${url} did not answer PING: ${stderr.trim()}`);
    })();
    await Promise.race([up, failed]);
  };

  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill(signal);
    await exited;
  };

  await start();
  return {
    url,
    port,
    dir,
    running: () => child !== undefined,
    stop,
    start,
    async destroy() {
      await stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
