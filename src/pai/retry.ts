// Retry policy for PAI calls. The SDK never retries (autoretry is dead code), and our retries are BullMQ job attempts,
// so this module only answers "should we?" and "how long to wait?" — it never sleeps or loops.
import { toPaiError } from './errors.js';

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Injected for tests; must return a number in [0, 1). */
  random?: () => number;
}

/**
 * Equal-jitter exponential backoff: ceiling = min(maxMs, baseMs * 2^(attempt-1)), delay in [ceiling/2, ceiling].
 * Equal rather than full jitter because PAI throttling (Throttling.User) is per account: a near-zero delay, which full
 * jitter allows, just burns another attempt against the same quota. Half the ceiling is always waited; the other
 * half is random so replicas retrying the same failure spread out.
 *
 * @param attempt 1-based count of failures so far (BullMQ's attemptsMade); values < 1 are treated as 1.
 */
export function backoffDelayMs(attempt: number, opts: BackoffOptions): number {
  const base = Math.max(0, finiteOr(opts.baseMs, 0));
  const max = Math.max(0, finiteOr(opts.maxMs, base));
  const n = Math.max(1, Math.floor(finiteOr(attempt, 1)));
  // 2^(n-1) overflows to Infinity for large n; Math.min then yields max, which is what we want.
  const ceiling = Math.min(max, base * 2 ** (n - 1));
  const r = clamp01((opts.random ?? Math.random)());
  const half = ceiling / 2;
  return Math.round(half + r * half);
}

/** True for throttling, 5xx, timeouts, network failures and unreadable bodies; false for everything a retry cannot fix. */
export function isRetryable(err: unknown): boolean {
  return toPaiError(err, 'unknown').retryable;
}

function finiteOr(v: number, fallback: number): number {
  return Number.isFinite(v) ? v : fallback;
}

function clamp01(v: number): number {
  if (!Number.isFinite(v) || v < 0) return 0;
  return Math.min(v, 1);
}
