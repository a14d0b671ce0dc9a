/**
 * Benchmark: provisioning-log insert rate while a search load runs (issue 16 item 3), through the real writer,
 * on a database bench/log-search.ts built (1M rows by default). Every variant runs in one transaction that is
 * rolled back, so variants alternate on the same database, in the same run:
 * - before: the old drizzle-built INSERTs, and the prepared INSERTs one row per call, each with the per-row
 *   report rollup triggers of migrations 0012/0014 (re-created inside the rolled-back transaction);
 * - after: writeLog one row per call and writeLogs batches, which keep the rollups themselves (src/log/rollups.ts).
 * Usage: node --import tsx bench/log-insert.ts [db file=<tmp>/provisio-log-bench.db] [rows=50000] [rounds=3]
 * BENCH_CACHE_MIB sets this connection's SQLite page cache; BENCH_ONLY runs the variants whose name has it.
 */

import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { type Db, openDb } from '../db/client';
import { provisioningLog } from '../db/schema';
import { logSearchText } from '../src/log/search-text';
import type { LogEntry } from '../src/log/types';
import { INDEX_LOG_ROW_SQL, INSERT_LOG_ROW_SQL, logRowParams, writeLog, writeLogs } from '../src/log/write';
import { logEntry } from './log-rows';

const require = createRequire(import.meta.url);
const FILE = process.argv[2] ?? path.join(os.tmpdir(), 'provisio-log-bench.db');
const ROWS = Number(process.argv[3] ?? 50_000);
const ROUNDS = Number(process.argv[4] ?? 3);
const BATCH = 500;
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const MIGRATIONS = fileURLToPath(new URL('../db/migrations', import.meta.url));

/** The writer before issue 16: drizzle builds and prepares both INSERTs for every row. */
function drizzleWriteLog(tx: Db, e: LogEntry): void {
  const { lastInsertRowid } = tx
    .insert(provisioningLog)
    .values({
      id: e.id,
      appId: e.appId,
      activityDateTime: e.activityDateTime,
      jobId: e.jobId,
      cycleId: e.cycleId,
      provisioningAction: e.provisioningAction,
      status: e.status,
      durationMs: e.durationMs,
      initiatedByType: e.initiatedBy.type,
      initiatedByName: e.initiatedBy.name,
      sourceId: e.source.id,
      sourceDisplayName: e.source.displayName,
      sourceType: e.source.type,
      targetId: e.target.id,
      targetDisplayName: e.target.displayName,
      sourceSystem: e.sourceSystem,
      targetSystem: e.targetSystem,
      errorCode: e.error?.errorCode ?? null,
      errorCategory: e.error?.errorCategory ?? null,
      errorReason: e.error?.reason ?? null,
      recommendedAction: e.error?.recommendedAction ?? null,
      steps: JSON.stringify(e.steps),
      modifiedProperties: JSON.stringify(e.modifiedProperties),
    })
    .run();
  const { identity, body } = logSearchText(e);
  tx.run(
    sql`INSERT INTO provisioning_log_fts(rowid, identity, body) VALUES (${Number(lastInsertRowid)}, ${identity}, ${body})`,
  );
}

const db = openDb(FILE);
// BENCH_CACHE_MIB: SQLite page cache for this connection (openDb keeps SQLite's 2 MiB default).
if (process.env.BENCH_CACHE_MIB) db.$client.pragma(`cache_size = -${Number(process.env.BENCH_CACHE_MIB) * 1024}`);
// BENCH_ONLY: run only the variants whose name contains it.
const only = process.env.BENCH_ONLY ?? '';
const total = Number(db.$client.prepare('SELECT count(*) AS n FROM provisioning_log').pluck().get());
// Fresh ids after the existing rows, with the newest times (as the engine appends).
const entries = Array.from({ length: ROWS }, (_, k) =>
  logEntry(total + 10_000_000 + k, total + 10_000_000 + ROWS, NOW),
);

/** The prepared writer with the rollups left to the triggers (src/log/write.ts before migration 0027). */
const row = db.$client.prepare(INSERT_LOG_ROW_SQL);
const fts = db.$client.prepare(INDEX_LOG_ROW_SQL);
function preparedWriteLog(e: LogEntry): void {
  const { lastInsertRowid } = row.run(...logRowParams(e));
  const { identity, body } = logSearchText(e);
  fts.run(lastInsertRowid, identity, body);
}

/** The per-row rollup triggers, exactly as migrations 0012 and 0014 created them (0027 dropped them). */
const OLD_TRIGGERS = ['0012_report_rollup_triggers.sql', '0014_report_rollup_daily_trigger.sql'].map(
  (f) => fs.readFileSync(path.join(MIGRATIONS, f), 'utf8').split('--> statement-breakpoint')[0] ?? '',
);

/** name, writer, whether the old triggers keep the rollups. */
type Variant = [string, (rows: LogEntry[]) => void, boolean];
const variants: Variant[] = [
  [
    'drizzle per row + triggers (before)',
    (rows) => {
      for (const e of rows) drizzleWriteLog(db, e);
    },
    true,
  ],
  [
    'prepared per row + triggers (before)',
    (rows) => {
      for (const e of rows) preparedWriteLog(e);
    },
    true,
  ],
  [
    'writeLog per row, rollups in writer',
    (rows) => {
      for (const e of rows) writeLog(db, e);
    },
    false,
  ],
  [
    `writeLogs of ${BATCH}, rollups per batch`,
    (rows) => {
      for (let i = 0; i < rows.length; i += BATCH) writeLogs(db, rows.slice(i, i + BATCH));
    },
    false,
  ],
];

function run([, write, triggers]: Variant): number {
  db.$client.exec('BEGIN');
  try {
    if (triggers) for (const t of OLD_TRIGGERS) db.$client.exec(t);
    const t0 = performance.now();
    write(entries);
    return (ROWS / (performance.now() - t0)) * 1000;
  } finally {
    db.$client.exec('ROLLBACK');
  }
}

const worker = new Worker(
  `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
   const { parentPort } = require('node:worker_threads');
   const db = new Database(${JSON.stringify(FILE)}, { readonly: true });
   const q = db.prepare("SELECT * FROM provisioning_log WHERE +rowid IN (SELECT rowid FROM provisioning_log_fts WHERE provisioning_log_fts MATCH ?) ORDER BY activity_date_time DESC, id DESC LIMIT 51");
   const s = db.prepare("SELECT * FROM provisioning_log WHERE status = 'failure' ORDER BY activity_date_time DESC LIMIT 51");
   let n = 0, stop = false;
   parentPort.on('message', () => { stop = true; });
   (function loop() { for (let k = 0; k < 20; k++) { q.all(k % 2 ? '"conflict"' : '"engineer"'); s.all(); n += 2; }
     if (stop) parentPort.postMessage(n); else setImmediate(loop); })();`,
  { eval: true },
);

const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
console.log(`${fmt(total)} rows in ${FILE}; ${fmt(ROWS)} inserts per variant, ${ROUNDS} rounds, searches running`);
const results = new Map<string, number[]>();
for (let r = 0; r < ROUNDS; r++) {
  for (const v of variants) {
    if (!v[0].includes(only)) continue;
    results.set(v[0], [...(results.get(v[0]) ?? []), run(v)]);
  }
}
const searches = await new Promise<number>((resolve) => {
  worker.once('message', resolve);
  worker.postMessage('stop');
});
await worker.terminate();
for (const [name, rates] of results) {
  const sorted = [...rates].sort((a, b) => a - b);
  console.log(
    `${name.padEnd(48)} median ${fmt(sorted[Math.floor(sorted.length / 2)] ?? 0).padStart(7)} rows/s  (${rates.map(fmt).join(', ')})`,
  );
}
console.log(`${fmt(searches)} searches ran meanwhile`);
db.$client.close();
