/**
 * Benchmark: provisioning-log insert rate while a search load runs (issue 16 item 3), through the real writer
 * (writeLogs, committed batches as bench/log-search.ts writes them), on a database bench/log-search.ts built.
 * Variants alternate in the same run, on the same database, with a child process searching on its own
 * connection throughout, so the ratios between them hold on a shared machine:
 * - change ids: random UUIDv4 (the engine before issue 16) or time-ordered UUIDv7 (src/log/log-id.ts);
 * - page cache: better-sqlite3's default (before) or what openDb sets (db/client.ts);
 * - source and target ids: b-tree indexes (before migration 0031, created for the variant and dropped after,
 *   outside the timing) or FTS keys (src/log/object-keys.ts);
 * - checkpoints: by the writer as its commits cross wal_autocheckpoint (SQLite's way), or by the checkpoint
 *   thread (db/checkpointer.ts, what the server runs);
 * - the duration sort: an index on (duration_ms, id) (before migration 0032, created for the variant), or the
 *   duration order job (src/log/duration-order-job.ts, what the server runs; its work is inside the timing).
 * Each variant prints its median rows/s, CPU per 1,000 rows (this process: writer and checkpoint thread) and
 * the process's peak RSS. The rows it inserted are deleted at the end (the report rollups keep their counts).
 * Usage: node --import tsx bench/log-insert.ts [db file=<tmp>/provisio-log-bench.db] [rows=20000] [rounds=3]
 * BENCH_BATCH rows per transaction (5000); BENCH_ONLY runs the variants whose name contains it (or one of
 * its |-separated parts); BENCH_SEARCH=0 inserts with no search load (the "alone" figure).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startCheckpointer } from '../db/checkpointer';
import { openDb } from '../db/client';
import { orderDurations } from '../src/log/duration-order';
import { startDurationOrder } from '../src/log/duration-order-job';
import { logIdSource } from '../src/log/log-id';
import type { LogEntry } from '../src/log/types';
import { writeLogs } from '../src/log/write';
import { logEntry } from './log-rows';

const require = createRequire(import.meta.url);
const FILE = process.argv[2] ?? path.join(os.tmpdir(), 'provisio-log-bench.db');
const ROWS = Number(process.argv[3] ?? 20_000);
const ROUNDS = Number(process.argv[4] ?? 3);
const BATCH = Number(process.env.BENCH_BATCH ?? 5000);
const only = process.env.BENCH_ONLY ?? '';

const db = openDb(FILE);
const sqlite = db.$client;
const OPEN_DB_CACHE = Number(sqlite.pragma('cache_size', { simple: true }));
const OPEN_DB_WAL_PAGES = Number(sqlite.pragma('wal_autocheckpoint', { simple: true }));
const total = Number(sqlite.prepare('SELECT count(*) FROM provisioning_log').pluck().get());
const firstRowid = Number(sqlite.prepare('SELECT coalesce(max(rowid), 0) FROM provisioning_log').pluck().get()) + 1;
const newest = Number(
  sqlite.prepare('SELECT coalesce(max(activity_date_time), 0) FROM provisioning_log').pluck().get(),
);

interface Variant {
  name: string;
  ids: 'v4' | 'v7';
  /** PRAGMA cache_size for the variant (negative: KiB). */
  cache: number;
  /** The source and target id b-tree indexes migration 0031 dropped, back for the variant. */
  idIndexes?: boolean;
  /** The duration index migration 0032 dropped, back for the variant (the code before it). */
  durationIndex?: boolean;
  /** The duration order job (src/log/duration-order-job.ts) runs, as in the server, and its work is timed. */
  durationOrder?: boolean;
  /** Checkpoints on the checkpoint thread, every this many ms, instead of in the writer's commits. */
  checkpointThread?: number;
  /** FTS5 configuration values set for the variant and reset after it (they are stored in the database). */
  fts?: Record<string, number>;
}
// better-sqlite3 builds SQLite with SQLITE_DEFAULT_CACHE_SIZE=-16000 (15.6 MiB), not SQLite's own 2 MiB.
const DEFAULT_CACHE = -16000;
const FTS_DEFAULTS: Record<string, number> = { hashsize: 1024 * 1024, automerge: 4, crisismerge: 16 };
const ID_INDEXES = [
  'CREATE INDEX bench_plog_source_idx ON provisioning_log (source_id)',
  'CREATE INDEX bench_plog_target_idx ON provisioning_log (target_id)',
];
const DURATION_INDEX = 'CREATE INDEX bench_plog_duration_idx ON provisioning_log (duration_ms, id)';
const variants: Variant[] = (
  [
    {
      name: 'v4 ids, default cache, id indexes (issue start)',
      ids: 'v4',
      cache: DEFAULT_CACHE,
      idIndexes: true,
      durationIndex: true,
    },
    { name: 'v7 ids, openDb cache, id indexes', ids: 'v7', cache: OPEN_DB_CACHE, idIndexes: true, durationIndex: true },
    {
      name: 'v7, FTS keys, checkpoint thread, duration index',
      ids: 'v7',
      cache: OPEN_DB_CACHE,
      checkpointThread: 250,
      durationIndex: true,
    },
    {
      name: 'same, duration order job (now)',
      ids: 'v7',
      cache: OPEN_DB_CACHE,
      checkpointThread: 250,
      durationOrder: true,
    },
  ] satisfies Variant[]
).filter((v) => only.split('|').some((o) => v.name.includes(o)));

// An integer literal: FTS5 refuses a bound JS number (a REAL) for these keys.
const setFts = (key: string, value: number) =>
  sqlite.exec(`INSERT INTO provisioning_log_fts(provisioning_log_fts, rank) VALUES ('${key}', ${Math.trunc(value)})`);

// The clock of the rows: after every existing row, 5 ms apart, as an engine appending would stamp them.
let clock = newest + 1000;
let serial = total + 10_000_000;
/** The next `n` rows: realistic content (log-rows.ts), newest times, ids of the variant's kind. */
function nextRows(n: number, ids: Variant['ids']): LogEntry[] {
  const v7 = logIdSource({ now: () => clock });
  return Array.from({ length: n }, () => {
    clock += 5;
    const e = logEntry(serial++, total + 20_000_000, clock);
    return { ...e, activityDateTime: clock, id: ids === 'v7' ? v7() : randomUUID() };
  });
}

v8.setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

interface Result {
  rate: number;
  cpuMsPer1k: number;
}
async function run(v: Variant): Promise<Result> {
  if (v.idIndexes) for (const ddl of ID_INDEXES) sqlite.exec(ddl);
  if (v.durationIndex) sqlite.exec(DURATION_INDEX);
  sqlite.pragma(`cache_size = ${v.cache}`);
  for (const [k, value] of Object.entries(v.fts ?? {})) setFts(k, value);
  const checkpointer = v.checkpointThread ? startCheckpointer(db, FILE, { intervalMs: v.checkpointThread }) : null;
  const rows = nextRows(ROWS, v.ids);
  // The rows are the engine's to make: a full GC moves them out of the young generation before the timing, so
  // the writer is not charged for promoting its input (the engine's entries die young, written in their tick).
  collectGarbage();
  // The rows other variants left are ordered first, outside the timing: the job orders this variant's rows.
  if (v.durationOrder) while (orderDurations(sqlite, 50_000) > 0);
  const order = v.durationOrder ? startDurationOrder(db, console) : null;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // Yields between batches, as the server's writer does, so the checkpoint thread's progress reaches this one.
  for (let i = 0; i < rows.length; i += BATCH) {
    writeLogs(db, rows.slice(i, i + BATCH));
    await new Promise((resolve) => setImmediate(resolve));
  }
  // The rows the job has not ordered yet are ordered inside the timing: their cost is the writer's.
  await order?.runOnce();
  const ms = performance.now() - t0;
  await order?.stop();
  const cpu = process.cpuUsage(cpu0);
  await checkpointer?.stop();
  sqlite.pragma(`cache_size = ${OPEN_DB_CACHE}`);
  sqlite.pragma(`wal_autocheckpoint = ${OPEN_DB_WAL_PAGES}`);
  for (const k of Object.keys(v.fts ?? {})) setFts(k, FTS_DEFAULTS[k] ?? 0);
  if (v.idIndexes) sqlite.exec('DROP INDEX bench_plog_source_idx; DROP INDEX bench_plog_target_idx');
  if (v.durationIndex) sqlite.exec('DROP INDEX bench_plog_duration_idx');
  return { rate: (ROWS / ms) * 1000, cpuMsPer1k: ((cpu.user + cpu.system) / 1000 / ROWS) * 1000 };
}

// The search load runs in a child process (its own connection, as the web server's would be), so this process's
// CPU time is the writer's alone.
const searching = process.env.BENCH_SEARCH !== '0';
const searcher = searching
  ? spawn(
      process.execPath,
      [
        '-e',
        `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
     const db = new Database(${JSON.stringify(FILE)}, { readonly: true });
     const q = db.prepare("SELECT * FROM provisioning_log WHERE +rowid IN (SELECT rowid FROM provisioning_log_fts WHERE provisioning_log_fts MATCH ?) ORDER BY activity_date_time DESC, id DESC LIMIT 51");
     const s = db.prepare("SELECT * FROM provisioning_log WHERE status = 'failure' ORDER BY activity_date_time DESC LIMIT 51");
     let n = 0, stop = false;
     process.stdin.on('data', () => { stop = true; });
     process.stdin.on('end', () => process.exit(1)); // the bench died: do not search on alone
     (function loop() { for (let k = 0; k < 20; k++) { q.all(k % 2 ? '"conflict"' : '"engineer"'); s.all(); n += 2; }
       if (stop) { process.stdout.write(String(n)); process.exit(0); } else setImmediate(loop); })();`,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    )
  : null;

const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
console.log(
  `${fmt(total)} rows in ${FILE}; ${fmt(ROWS)} inserts per variant in batches of ${fmt(BATCH)}, ${ROUNDS} rounds, ` +
    `${searching ? 'searches running' : 'no searches'}; openDb cache_size = ${OPEN_DB_CACHE}; load average ${os.loadavg()[0]?.toFixed(1)}`,
);
const results = new Map<string, Result[]>();
let peakRss = 0;
for (let r = 0; r < ROUNDS; r++) {
  for (const v of variants) {
    results.set(v.name, [...(results.get(v.name) ?? []), await run(v)]);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
}
const searches = await new Promise<number>((resolve) => {
  if (!searcher) return resolve(0);
  let out = '';
  searcher.stdout.on('data', (d) => {
    out += d;
  });
  searcher.once('exit', () => resolve(Number(out)));
  searcher.stdin.write('stop\n');
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
for (const [name, rs] of results) {
  const rates = rs.map((x) => x.rate);
  console.log(
    `${name.padEnd(50)} median ${fmt(median(rates)).padStart(7)} rows/s  (${rates.map(fmt).join(', ')}); ` +
      `CPU ${median(rs.map((x) => x.cpuMsPer1k)).toFixed(0)} ms per 1,000 rows`,
  );
}
console.log(
  `${fmt(searches)} searches ran meanwhile; peak RSS ${fmt(peakRss / 2 ** 20)} MiB; load average ${os.loadavg()[0]?.toFixed(1)}`,
);
// Leave the database as it was for the other benches (the rollups keep the counts of the deleted rows).
sqlite.prepare('DELETE FROM provisioning_log_fts WHERE rowid >= ?').run(firstRowid);
sqlite.prepare('DELETE FROM provisioning_log WHERE rowid >= ?').run(firstRowid);
sqlite.close();
