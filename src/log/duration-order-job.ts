/**
 * Keeps the log's duration order (duration-order.ts) close behind the writer: every `intervalMs` it orders the
 * rows written since, `batch` rows per transaction, yielding to the event loop between transactions so HTTP
 * and the engine's commits wait for one batch at most. main.ts starts it and calls stop before closing the
 * database. A failure is retried at the next tick, and logged when it starts and once a minute while it lasts:
 * until it works, duration sorts read a longer tail (correct, slower).
 */
import type { Db } from '../../db/client';
import { orderDurations } from './duration-order';

export interface DurationOrderLogger {
  error(obj: object, msg?: string): void;
}

export interface DurationOrderOptions {
  /** How often the tail is ordered (default 1 s: a sort reads at most about one second of writes). */
  intervalMs?: number;
  /**
   * Rows per transaction (default 10,000, 15-60 ms of the writer's connection). Large on purpose: a
   * batch's entries land on a few hundred leaves however many they are, and each leaf is one page written.
   */
  batch?: number;
}

export interface DurationOrderJob {
  /** Order the whole tail now, in batches (what the timer runs); resolves with the rows ordered. */
  runOnce(): Promise<number>;
  /** Stop the timer and wait for a run in progress to end at its next batch. */
  stop(): Promise<void>;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function startDurationOrder(
  db: Db,
  logger: DurationOrderLogger,
  opts: DurationOrderOptions = {},
): DurationOrderJob {
  const intervalMs = opts.intervalMs ?? 1000;
  const batch = opts.batch ?? 10_000;
  let stopped = false;
  let running: Promise<number> | null = null;

  const drain = async (): Promise<number> => {
    let total = 0;
    while (!stopped) {
      const n = orderDurations(db.$client, batch);
      total += n;
      if (n < batch) break;
      await yieldToLoop();
    }
    return total;
  };
  const runOnce = (): Promise<number> => {
    running ??= drain().finally(() => {
      running = null;
    });
    return running;
  };
  // A lasting failure (a full disk, say) is logged when it starts and then once a minute, not every tick.
  let failures = 0;
  let loggedAt = Number.NEGATIVE_INFINITY;
  const timer = setInterval(() => {
    if (running) return;
    runOnce().then(
      () => {
        failures = 0;
      },
      (err: unknown) => {
        failures++;
        if (failures > 1 && Date.now() - loggedAt < 60_000) return;
        loggedAt = Date.now();
        logger.error(
          { err, failures },
          'ordering log rows by duration failed; duration sorts read the log until it works',
        );
      },
    );
  }, intervalMs);
  timer.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
