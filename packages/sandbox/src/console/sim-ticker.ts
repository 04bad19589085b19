// Makes simulated PAI time run faster than real time, so a 27 s training job finishes in ~3 s of
// watching. Advancing by measured elapsed time (not a fixed step) keeps the ratio right when the
// event loop is busy and a tick comes late.

import type { ManualClock } from '@pai-bot/sim-kit/clock.js';

export const DEFAULT_SPEED = 10;
const TICK_MS = 100;

export interface SimTicker {
  readonly speed: number;
  setSpeed(factor: number): void;
  stop(): void;
}

/** Simulated ms to add for `elapsedRealMs` of real time at `speed`. Pure. */
export function simulatedStep(speed: number, elapsedRealMs: number): number {
  return Math.max(0, Math.round(speed * elapsedRealMs));
}

export function startSimTicker(
  clock: ManualClock,
  speed = DEFAULT_SPEED,
  realNow: () => number = () => performance.now(),
): SimTicker {
  let current = speed;
  let last = realNow();
  const timer = setInterval(() => {
    const now = realNow();
    clock.advance(simulatedStep(current, now - last));
    last = now;
  }, TICK_MS);
  timer.unref(); // the ticker alone must never keep the process alive
  return {
    get speed() {
      return current;
    },
    setSpeed(factor) {
      current = factor;
    },
    stop: () => clearInterval(timer),
  };
}
