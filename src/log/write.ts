/**
 * Writes provisioning log rows; callers pass their transaction so the row commits with the state change.
 * The row is indexed for full-text search in the same transaction, with the text computed here (see
 * migrations 0003_log_fts and 0006_log_fts_contentless for why the writer does this rather than a trigger),
 * and so are its source and target ids (object-keys.ts),
 * and counted in the report rollups there too, once per batch (rollups.ts). Every insert into
 * provisioning_log goes through here: nothing else keeps the rollups.
 *
 * The two INSERTs are better-sqlite3 statements prepared once per connection: building them through drizzle
 * cost ~0.3 ms of query building and statement preparation per row, more than SQLite's own work (issue 16).
 * A drizzle transaction runs on the same connection, so the cached statements run inside it.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../../db/client';
import { INDEX_LOG_KEYS_SQL, rowKeys } from './object-keys';
import { addToRollups } from './rollups';
import { logSearchText } from './search-text';
import type { LogEntry } from './types';

/** provisioning_log's columns, in the order logRowParams gives their values. */
const LOG_ROW_COLUMNS = [
  'id',
  'app_id',
  'activity_date_time',
  'job_id',
  'cycle_id',
  'provisioning_action',
  'status',
  'duration_ms',
  'initiated_by_type',
  'initiated_by_name',
  'source_id',
  'source_display_name',
  'source_type',
  'target_id',
  'target_display_name',
  'source_system',
  'target_system',
  'error_code',
  'error_category',
  'error_reason',
  'recommended_action',
  'steps',
  'modified_properties',
] as const;

export const INSERT_LOG_ROW_SQL = `INSERT INTO provisioning_log (${LOG_ROW_COLUMNS.join(', ')}) VALUES (${LOG_ROW_COLUMNS.map(() => '?').join(', ')})`;

/** Indexes one provisioning_log row: rowid, identity text, body text (see search-text.ts). */
export const INDEX_LOG_ROW_SQL = 'INSERT INTO provisioning_log_fts(rowid, identity, body) VALUES (?, ?, ?)';

type Param = string | number | null;

/** The row's values in LOG_ROW_COLUMNS order; steps and modified properties are serialised once, here. */
export function logRowParams(e: LogEntry): Param[] {
  return [
    e.id,
    e.appId,
    e.activityDateTime,
    e.jobId,
    e.cycleId,
    e.provisioningAction,
    e.status,
    e.durationMs,
    e.initiatedBy.type,
    e.initiatedBy.name,
    e.source.id,
    e.source.displayName,
    e.source.type,
    e.target.id,
    e.target.displayName,
    e.sourceSystem,
    e.targetSystem,
    e.error?.errorCode ?? null,
    e.error?.errorCategory ?? null,
    e.error?.reason ?? null,
    e.error?.recommendedAction ?? null,
    JSON.stringify(e.steps),
    JSON.stringify(e.modifiedProperties),
  ];
}

interface LogStatements {
  row: Database.Statement<unknown[]>;
  fts: Database.Statement<unknown[]>;
  keys: Database.Statement<unknown[]>;
}

// Keyed by connection: a statement belongs to the connection that prepared it, and goes with it.
const prepared = new WeakMap<Database.Database, LogStatements>();

/** What callers pass: the database or a drizzle transaction on it (the transaction keeps its connection). */
export type LogWriter = Pick<Db, 'insert' | 'run'>;

/** The better-sqlite3 connection under a database or one of its drizzle transactions. */
export function connectionOf(tx: LogWriter): Database.Database {
  const own = (tx as Partial<Pick<Db, '$client'>>).$client;
  // A drizzle transaction has no $client; its session holds the connection the transaction runs on.
  const client = own ?? (tx as unknown as { session?: { client?: Database.Database } }).session?.client;
  if (!client || typeof client.prepare !== 'function') throw new TypeError('not a better-sqlite3 database');
  return client;
}

function statementsOf(client: Database.Database): LogStatements {
  const s = prepared.get(client);
  if (!s) {
    const fresh = {
      row: client.prepare<unknown[]>(INSERT_LOG_ROW_SQL),
      fts: client.prepare<unknown[]>(INDEX_LOG_ROW_SQL),
      keys: client.prepare<unknown[]>(INDEX_LOG_KEYS_SQL),
    };
    prepared.set(client, fresh);
    return fresh;
  }
  return s;
}

function insertOne(s: LogStatements, entry: LogEntry): void {
  const { lastInsertRowid } = s.row.run(...logRowParams(entry));
  const { identity, body } = logSearchText(entry);
  s.fts.run(lastInsertRowid, identity, body);
  s.keys.run(lastInsertRowid, rowKeys(entry.source.id, entry.target.id));
}

/** Insert one log row, its full-text entry and its rollup counts, inside the caller's transaction. */
export function writeLog(tx: LogWriter, entry: LogEntry): void {
  writeLogs(tx, [entry]);
}

/**
 * Insert several rows inside the caller's transaction (a batch commits together), and add them to the report
 * rollups, one upsert per group of the batch. Outside a transaction it opens one, so the rows and their counts
 * are all or nothing either way.
 */
export function writeLogs(tx: LogWriter, entries: readonly LogEntry[]): void {
  if (entries.length === 0) return;
  const client = connectionOf(tx);
  const s = statementsOf(client);
  const all = () => {
    for (const e of entries) insertOne(s, e);
    addToRollups(client, entries);
  };
  if (client.inTransaction) all();
  else client.transaction(all)();
}
