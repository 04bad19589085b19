// Remembers signature nonces for as long as their x-acs-date could still be accepted, so a replayed request is refused
// while memory stays bounded.

import { MAX_CLOCK_SKEW_MS } from './signature.js';

export class NonceCache {
  private readonly seenAt = new Map<string, number>();

  /** Returns false when the nonce was already used; otherwise remembers it. */
  claim(nonce: string, wallNow: number): boolean {
    this.forgetOlderThan(wallNow - 2 * MAX_CLOCK_SKEW_MS);
    if (this.seenAt.has(nonce)) return false;
    this.seenAt.set(nonce, wallNow);
    return true;
  }

  private forgetOlderThan(cutoff: number): void {
    // Map iterates in insertion order, which is also time order here.
    for (const [nonce, at] of this.seenAt) {
      if (at >= cutoff) break;
      this.seenAt.delete(nonce);
    }
  }
}
