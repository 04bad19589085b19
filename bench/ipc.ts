// Request/response over Node's IPC channel between the bench runner and its child processes (the bot,
// the bare Bolt app, the load generator), so none of them shares an event loop with another.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Request {
  id: number;
  cmd: string;
  args: unknown;
}
interface Response {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}
interface Ready {
  ready: unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: each handler declares its own argument type; the table only routes by name
export type Handlers = Record<string, (args: any) => Promise<unknown> | unknown>;

/** Child side: answers the parent's calls, then says it is ready with `info`. */
export function serve(handlers: Handlers, info: unknown = {}): void {
  process.on('message', (msg: Request) => {
    const handler = handlers[msg.cmd];
    const reply = (r: Omit<Response, 'id'>) => process.send?.({ id: msg.id, ...r });
    if (!handler) return reply({ ok: false, error: `unknown command ${msg.cmd}` });
    Promise.resolve()
      .then(() => handler(msg.args))
      .then(
        (result) => reply({ ok: true, result }),
        (err: unknown) => reply({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
      );
  });
  process.send?.({ ready: info } satisfies Ready);
}

export interface ChildHandle<I> {
  child: ChildProcess;
  pid: number;
  info: I;
  call<T = unknown>(cmd: string, args?: unknown): Promise<T>;
  /** Asks nicely (the 'stop' command when it has one), then SIGKILLs after graceMs. */
  stop(graceMs?: number): Promise<void>;
}

/** Forks `node --import tsx <script>` with an IPC channel and waits for its ready message. */
export async function forkTs<I = unknown>(
  script: string,
  env: Record<string, string | undefined>,
  name: string,
  opts: { readyTimeoutMs?: number; execArgv?: string[] } = {},
): Promise<ChildHandle<I>> {
  const readyTimeoutMs = opts.readyTimeoutMs ?? 60_000;
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = fork(path, [], {
    execArgv: ['--import', 'tsx', ...(opts.execArgv ?? [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let seq = 0;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    for (const p of pending.values()) p.reject(new Error(`${name} exited (code ${code}, signal ${signal})`));
    pending.clear();
  });
  const info = await new Promise<I>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within ${readyTimeoutMs} ms`)),
      readyTimeoutMs,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it was ready`));
    });
    child.on('message', (msg: Response | Ready) => {
      if ('ready' in msg) {
        clearTimeout(timer);
        resolve(msg.ready as I);
        return;
      }
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(`${name}: ${msg.error}`));
    });
  });
  const handle: ChildHandle<I> = {
    child,
    pid: child.pid!,
    info,
    call<T>(cmd: string, args?: unknown) {
      return new Promise<T>((resolve, reject) => {
        const id = ++seq;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, cmd, args } satisfies Request);
      });
    },
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      handle.call('stop').catch(() => undefined);
      await exited;
      clearTimeout(timer);
    },
  };
  return handle;
}
