/** Time is a dependency: tests pass a fixed or manual clock, production the system clock. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
