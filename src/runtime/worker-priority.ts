// A worker role yields the CPU to acks on the same machine: they have Slack's 3 seconds, lookups and poll
// cycles do not. On Linux a nice value belongs to a thread, not to a process: lowering "the process" with
// os.setPriority lowers only the calling thread, and V8's helper threads (garbage collection, compilation),
// which Node starts before any of our code runs, keep the old value. Lowering needs no privilege; where it
// fails, nothing changes.

import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import type { Logger } from 'pino';

export const WORKER_NICE = 5;

/** Role all: the worker role's own thread. (Its isolate's helper threads are shared with the web role, so they stay.) */
export function lowerThreadPriority(log: Logger): void {
  lower([0], log);
}

/** Role worker: every thread of this process. Threads started later (libuv's pool) inherit the value. */
export function lowerProcessPriority(log: Logger): void {
  lower(threadIds(), log);
}

function threadIds(): number[] {
  try {
    return readdirSync('/proc/self/task').map(Number);
  } catch {
    return [0]; // not Linux: there the nice value is the process's, and the calling thread stands for it
  }
}

function lower(threads: number[], log: Logger): void {
  for (const tid of threads) {
    try {
      setPriority(tid, Math.max(getPriority(tid), WORKER_NICE));
    } catch (err) {
      log.debug({ err, tid }, "could not lower the worker role's CPU priority");
    }
  }
}
