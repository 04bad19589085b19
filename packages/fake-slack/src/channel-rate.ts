// Slack's pace for channel messages, enforced ("1 per second per channel, short bursts allowed"): chat.postMessage
// and chat.update of one channel share a token bucket of `burst` tokens refilled at `perSecond`; a call that finds
// no token is refused with HTTP 429 and a Retry-After (whole seconds, as Slack sends it). Off unless configured.
// It runs on real time whatever clock the fake Slack's messages use: a manual test clock does not stand still here.

export interface ChannelRate {
  /** Tokens added per second, per channel (Slack: about 1). */
  perSecond: number;
  /** Bucket size: calls a quiet channel may make at once. Default 1. */
  burst?: number;
  /** Real time in ms; Date.now unless injected. */
  now?: () => number;
}

export const PACED_METHODS: ReadonlySet<string> = new Set(['chat.postMessage', 'chat.update']);

export class ChannelRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly rate: ChannelRate) {
    if (!(rate.perSecond > 0)) throw new Error(`channel rate: perSecond must be > 0, got ${rate.perSecond}`);
  }

  /** Takes a token for the channel: undefined when the call may go, else the Retry-After seconds to answer with. */
  take(channel: string): number | undefined {
    const now = (this.rate.now ?? Date.now)();
    const burst = Math.max(1, this.rate.burst ?? 1);
    const b = this.buckets.get(channel) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * this.rate.perSecond);
    b.at = now;
    this.buckets.set(channel, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.rate.perSecond));
  }
}
