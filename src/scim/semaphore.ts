/**
 * A counting semaphore for bounded fan-out per target. Conservative concurrency beats retry storms: many
 * SCIM targets throttle per tenant, and a burst of parallel writes turns into a burst of 429s.
 */

/** Runs tasks with at most `max` in flight; the rest wait in FIFO order. */
export interface Semaphore {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly waiting: number;
}

/**
 * A semaphore with `max` slots (an integer ≥ 1), or as many as `max()` says at each acquire and release: the
 * adaptive limit (`pacing.ts`) moves it while requests run. A lowered limit takes effect as slots free up;
 * nothing in flight is interrupted.
 */
export function createSemaphore(max: number | (() => number)): Semaphore {
  if (typeof max === 'number' && (!Number.isInteger(max) || max < 1))
    throw new RangeError(`maxConcurrency must be an integer ≥ 1, got ${max}`);
  const limit = typeof max === 'number' ? () => max : () => Math.max(1, max());
  let active = 0;
  const queue: Array<() => void> = [];

  const acquire = (): Promise<void> => {
    if (active < limit() && queue.length === 0) {
      active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => queue.push(resolve));
  };

  // Slots are handed to waiters in FIFO order, so a late arrival cannot jump the queue; a grown limit lets
  // several in at once.
  const release = (): void => {
    active -= 1;
    while (active < limit()) {
      const next = queue.shift();
      if (!next) return;
      active += 1;
      next();
    }
  };

  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}
