// The stand-ins' time. Structurally the same as the bot's Clock (src/time/clock.ts), so a test hands one
// ManualClock to the bot and to every simulator and moves them together; the stand-ins never import the bot.

export interface Clock {
  now(): number; // epoch milliseconds
}

export const systemClock: Clock = { now: () => Date.now() };

export class ManualClock implements Clock {
  constructor(private current: number = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(epochMs: number): void {
    this.current = epochMs;
  }
}
