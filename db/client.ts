/**
 * Opens the SQLite database and applies the committed migrations. A function, not a module-level
 * side effect, so tests and tools open their own databases.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { ensurePrivateSqliteFile, type Tightened } from './private-file';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** SQLite's page cache per connection, in KiB (PRAGMA cache_size takes KiB as a negative number). */
export const PAGE_CACHE_KIB = 32 * 1024;

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Open (creating the directory if needed), set pragmas, migrate. `':memory:'` works for tests. The file (and
 * so its WAL and SHM) is created 0600; `onTightened` hears of existing files that were more open and were
 * chmodded (db/ has no logger of its own).
 */
export function openDb(file: string, opts: { onTightened?: (files: Tightened[]) => void } = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tightened = ensurePrivateSqliteFile(file);
  if (tightened.length > 0) opts.onTightened?.(tightened);
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Statement journals (inserts that fire the report-rollup upsert triggers) and sorts stay in memory rather
  // than temp files: this doubled provisioning-log insert throughput (bench/pages-5m.ts, issue 8).
  sqlite.pragma('temp_store = MEMORY');
  // A page cache of up to 32 MiB per connection instead of better-sqlite3's 15.6 MiB (its build's default): a
  // log batch dirties pages of eleven b-trees and the FTS index, three of them with random keys. Measured in
  // the same runs (bench/log-insert.ts, issue 16): 1.0-1.28x the inserts per second, 2-7 % less CPU per row;
  // 64 MiB gave 1.1-1.5x and 14-28 % less CPU, but a whole-log export then peaked at 198 MiB RSS instead of
  // 167 (148 with the default), and the export (≤ 256 MiB) and a 100,000-user cycle (≤ 300 MiB) count it.
  // The cache grows only as pages are used, so an idle connection stays small.
  sqlite.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  const db = drizzle({ client: sqlite, schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  return db as Db;
}

export { schema };
