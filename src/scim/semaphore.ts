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

/** A semaphore with `max` slots (an integer ≥ 1). */
export function createSemaphore(max: number): Semaphore {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxConcurrency must be an integer ≥ 1, got ${max}`);
  let active = 0;
  const queue: Array<() => void> = [];

  const acquire = (): Promise<void> => {
    if (active < max) {
      active += 1;
      return Promise.resolve();
    }
    // The slot is handed over by release() without decrementing, so a late arrival cannot jump the queue.
    return new Promise((resolve) => queue.push(resolve));
  };

  const release = (): void => {
    const next = queue.shift();
    if (next) next();
    else active -= 1;
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
