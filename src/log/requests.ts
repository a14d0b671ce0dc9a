/**
 * The SCIM exchanges behind a log row (the Requests tab). Bodies pass through the SCIM redactor again and are
 * cut to 4 KiB here, whatever the caller already did: the log must never hold a token, even if a caller forgets.
 */
import type Database from 'better-sqlite3';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { logRequests } from '../../db/schema';
import { excerptBytes, redact } from '../scim/redact';
import { connectionOf, type LogWriter } from './write';

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

const INSERT_REQUEST_SQL = `INSERT INTO log_requests (change_id, seq, method, path, status, duration_ms, attempts,
  waited_ms, request_body, response_body, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

// Prepared once per connection, as the log row's statements are (write.ts says why).
const prepared = new WeakMap<Database.Database, Database.Statement<unknown[]>>();

function insertStatement(client: Database.Database): Database.Statement<unknown[]> {
  const s = prepared.get(client);
  if (!s) {
    const fresh = client.prepare<unknown[]>(INSERT_REQUEST_SQL);
    prepared.set(client, fresh);
    return fresh;
  }
  return s;
}

/**
 * Write the exchanges of one log row, in order, inside the caller's transaction (the one writing the row).
 * `secrets` (the app's Secret Token) are removed verbatim in addition to bearer tokens and JWTs.
 */
export function writeRequests(
  tx: LogWriter,
  changeId: string,
  exchanges: readonly LogExchange[],
  secrets: readonly string[] = [],
): void {
  if (exchanges.length === 0) return;
  const client = connectionOf(tx);
  const insert = insertStatement(client);
  const all = () =>
    exchanges.forEach((x, seq) => {
      insert.run(
        changeId,
        seq,
        x.method.toUpperCase().slice(0, 16),
        excerptBytes(redact(x.path, secrets), 2048),
        x.status,
        Math.max(0, Math.round(x.durationMs)),
        Math.max(1, x.attempt),
        Math.max(0, Math.round(x.waitedMs)),
        clean(x.requestBody, secrets),
        clean(x.responseBody, secrets),
        x.error ? redact(x.error, secrets).slice(0, 500) : null,
      );
    });
  // The exchanges of a row go in together, as the one multi-row INSERT they replaced did.
  if (client.inTransaction) all();
  else client.transaction(all)();
}

/** The exchanges of one log row, in the order they were made. */
export function listRequests(db: Db, changeId: string): LogRequestRow[] {
  return db.select().from(logRequests).where(eq(logRequests.changeId, changeId)).orderBy(asc(logRequests.seq)).all();
}
