// Time is a dependency: production uses the system clock; tests and the sandbox pass a manual one
// (packages/sim-kit/src/clock.ts) that moves the bot and the simulators together.

export interface Clock {
  now(): number; // epoch milliseconds
}

export const systemClock: Clock = { now: () => Date.now() };
