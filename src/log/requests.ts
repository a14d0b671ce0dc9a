/**
 * The SCIM exchanges behind a log row (the Requests tab). Bodies pass through the SCIM redactor again and are
 * cut to 4 KiB here, whatever the caller already did: the log must never hold a token, even if a caller forgets.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { logRequests } from '../../db/schema';
import { excerptBytes, redact } from '../scim/redact';

/** At most this many bytes of each body are stored. */
export const BODY_LIMIT_BYTES = 4096;

/** One exchange as the engine saw it (ScimExchange fits). */
export interface LogExchange {
  method: string;
  path: string;
  status: number | null;
  durationMs: number;
  attempt: number;
  waitedMs: number;
  requestBody?: string | null | undefined;
  responseBody?: string | null | undefined;
  error?: string | undefined;
}

export type LogRequestRow = typeof logRequests.$inferSelect;

function clean(body: string | null | undefined, secrets: readonly string[]): string | null {
  if (body === null || body === undefined || body === '') return null;
  return excerptBytes(redact(body, secrets), BODY_LIMIT_BYTES);
}

/**
 * Write the exchanges of one log row, in order, inside the caller's transaction (the one writing the row).
 * `secrets` (the app's Secret Token) are removed verbatim in addition to bearer tokens and JWTs.
 */
export function writeRequests(
  tx: Pick<Db, 'insert'>,
  changeId: string,
  exchanges: readonly LogExchange[],
  secrets: readonly string[] = [],
): void {
  if (exchanges.length === 0) return;
  tx.insert(logRequests)
    .values(
      exchanges.map((x, seq) => ({
        changeId,
        seq,
        method: x.method.toUpperCase().slice(0, 16),
        path: excerptBytes(redact(x.path, secrets), 2048),
        status: x.status,
        durationMs: Math.max(0, Math.round(x.durationMs)),
        attempts: Math.max(1, x.attempt),
        waitedMs: Math.max(0, Math.round(x.waitedMs)),
        requestBody: clean(x.requestBody, secrets),
        responseBody: clean(x.responseBody, secrets),
        error: x.error ? redact(x.error, secrets).slice(0, 500) : null,
      })),
    )
    .run();
}

/** The exchanges of one log row, in the order they were made. */
export function listRequests(db: Db, changeId: string): LogRequestRow[] {
  return db.select().from(logRequests).where(eq(logRequests.changeId, changeId)).orderBy(asc(logRequests.seq)).all();
}
