/** The croner job that applies log retention (daily by default); main.ts starts it and calls the stop function. */
import { Cron } from 'croner';
import type { Db } from '../../db/client';
import type { Clock } from '../kernel/clock';
import { purgeExpiredLogs } from './retention';

/** The logger methods the job uses (pino fits). */
export interface RetentionLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RetentionDeps {
  db: Db;
  clock: Clock;
  logger: RetentionLogger;
  /** Cron pattern; default 03:17 every day (off the hour, away from other jobs). */
  schedule?: string;
}

/** Start the purge job; returns a function that stops it (and cancels a purge between batches). */
export function startRetention(deps: RetentionDeps): () => void {
  const abort = new AbortController();
  const job = new Cron(deps.schedule ?? '17 3 * * *', { protect: true }, async () => {
    try {
      const deleted = await purgeExpiredLogs(deps.db, deps.clock.now(), { signal: abort.signal });
      if (deleted > 0) deps.logger.info({ deleted }, 'provisioning log retention purge');
    } catch (err) {
      deps.logger.error({ err }, 'provisioning log retention purge failed');
    }
  });
  return () => {
    abort.abort();
    job.stop();
  };
}
