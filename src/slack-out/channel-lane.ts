// One channel's FIFO of Slack calls, sent one at a time and at most one per interval. Pending calls that share
// a key (a card's channel+ts) collapse into one, so a busy or rate-limited channel sends only the latest state.
// A lane owns no timer while it is empty: its loop ends and the next push starts it again.
// With a shared turn (channel-budget.ts), each call also waits for the channel's turn across replicas; the local
// interval stays as the floor, and is all that paces the lane while Redis does not answer.

/** The code web-api gives a 429 when the client was built with rejectRateLimitedCalls: true (ErrorCode.RateLimitedError). */
export const RATE_LIMITED_CODE = 'slack_webapi_rate_limited_error';

/**
 * How long to wait before retrying, if err is a Slack 429 (WebAPIRateLimitedError): Retry-After seconds in ms,
 * capped at capMs; 1 s when the error carries no usable Retry-After. undefined for every other error.
 */
export function rateLimitDelayMs(err: unknown, capMs: number): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, retryAfter } = err as { code?: unknown; retryAfter?: unknown };
  if (code !== RATE_LIMITED_CODE) return undefined;
  const seconds = typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : 1;
  return Math.min(seconds * 1000, capMs);
}

export interface LaneTiming {
  /** Minimum time between the starts of two calls in this lane. */
  intervalMs: number;
  /** Upper bound on a Retry-After pause. */
  maxRetryAfterMs: number;
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The channel's pace shared with other replicas (see channel-budget.ts). */
export interface SharedTurn {
  /** Takes the channel's next turn: ms to wait before the call, or undefined to pace locally only. */
  reserve(): Promise<number | undefined>;
  /** A 429 said to wait ms: every replica waits. */
  pushBack(ms: number): void;
}

export interface LaneEvents<P> {
  /** A new item entered the queue (not emitted for a coalesced push). */
  queued(): void;
  /** A push folded into an already pending item with the same key. */
  coalesced(payload: P): void;
  /** The call succeeded. */
  sent(payload: P): void;
  /** The call got a 429; the lane pauses delayMs and sends it again. */
  rateLimited(payload: P, delayMs: number): void;
  /** An item left the lane for good (sent or failed). */
  settled(): void;
}

interface Waiter<R> {
  resolve(value: R): void;
  reject(err: unknown): void;
}

interface Item<P, R> {
  key: string | undefined;
  payload: P;
  waiters: Waiter<R>[];
}

export class ChannelLane<P, R> {
  private readonly queue: Item<P, R>[] = [];
  private current: Item<P, R> | undefined;
  private running = false;
  private nextAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly channel: string,
    private readonly send: (payload: P) => Promise<R>,
    private readonly timing: LaneTiming,
    private readonly events: LaneEvents<P>,
    private readonly shared?: SharedTurn,
  ) {}

  /** Items queued or in flight. */
  get size(): number {
    return this.queue.length + (this.current ? 1 : 0);
  }

  /** Empty, not running, and its pacing window has passed: forgetting it cannot break pacing. */
  isDisposable(now: number): boolean {
    return !this.running && this.queue.length === 0 && now >= this.nextAt;
  }

  /**
   * Queues payload. With a key, a pending (not yet started) item with the same key takes the new payload in place
   * and this caller shares its outcome; otherwise the payload joins the end of the queue.
   */
  push(payload: P, key?: string): Promise<R> {
    let waiter!: Waiter<R>;
    const promise = new Promise<R>((resolve, reject) => {
      waiter = { resolve, reject };
    });
    const pending = key === undefined ? undefined : this.queue.find((i) => i.key === key);
    if (pending) {
      pending.payload = payload;
      pending.waiters.push(waiter);
      this.events.coalesced(payload);
    } else {
      this.queue.push({ key, payload, waiters: [waiter] });
      this.events.queued();
      if (!this.running) void this.run();
    }
    return promise;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const wait = this.nextAt - this.timing.now();
        if (wait > 0) await this.timing.sleep(wait).catch(() => undefined);
        // The turn is taken before the item leaves the queue: while the lane waits for it, newer states of the
        // head card still fold into it.
        const turn = this.shared ? await this.shared.reserve().catch(() => undefined) : undefined;
        if (turn !== undefined && turn > 0) await this.timing.sleep(turn).catch(() => undefined);
        const item = this.queue.shift();
        if (!item) break;
        this.current = item;
        this.nextAt = this.timing.now() + this.timing.intervalMs;
        let result: R;
        try {
          result = await this.send(item.payload);
        } catch (err) {
          this.current = undefined;
          const delayMs = rateLimitDelayMs(err, this.timing.maxRetryAfterMs);
          if (delayMs !== undefined) {
            this.requeue(item);
            this.nextAt = Math.max(this.nextAt, this.timing.now() + delayMs);
            this.shared?.pushBack(delayMs);
            this.events.rateLimited(item.payload, delayMs);
            continue;
          }
          for (const w of item.waiters) w.reject(err);
          this.events.settled();
          continue;
        }
        this.current = undefined;
        this.events.sent(item.payload);
        for (const w of item.waiters) w.resolve(result);
        this.events.settled();
      }
    } finally {
      this.running = false;
    }
  }

  /**
   * A rate-limited item goes back to the head, pending again so newer state can still fold into it. If a newer
   * item with the same key was queued while it was in flight, that one merges into it (its payload is newer),
   * keeping at most one pending item per key so a later push can never be overtaken by an older state.
   */
  private requeue(item: Item<P, R>): void {
    if (item.key !== undefined) {
      const i = this.queue.findIndex((q) => q.key === item.key);
      if (i >= 0) {
        const [newer] = this.queue.splice(i, 1) as [Item<P, R>];
        item.payload = newer.payload;
        item.waiters.push(...newer.waiters);
        this.events.coalesced(newer.payload);
        this.events.settled(); // the merged item no longer exists on its own
      }
    }
    this.queue.unshift(item);
  }
}
