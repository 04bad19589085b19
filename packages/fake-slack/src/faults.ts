// Fault injection is a knob: the next N matching calls answer 429 or {ok:false}. Rate limits win over failures
// so a test can stack "throttle, then fail" on one method.

export type Fault = { kind: 'ratelimit'; retryAfterSeconds: number } | { kind: 'fail'; error: string };

interface Pending {
  fault: Fault;
  remaining: number;
  method: string | undefined;
}

export class FaultQueue {
  private pending: Pending[] = [];

  add(n: number, fault: Fault, method?: string): void {
    if (n > 0) this.pending.push({ fault, remaining: n, method });
  }

  /** Consumes one use of the first matching fault, rate limits first. */
  take(method: string): Fault | undefined {
    const match = (kind: Fault['kind']) =>
      this.pending.find(
        (p) => p.fault.kind === kind && p.remaining > 0 && (p.method === undefined || p.method === method),
      );
    const hit = match('ratelimit') ?? match('fail');
    if (!hit) return undefined;
    hit.remaining -= 1;
    if (hit.remaining === 0) this.pending = this.pending.filter((p) => p !== hit);
    return hit.fault;
  }
}
