/**
 * Benchmark: where a provisioning-log insert's time goes (issue 16 item 3). On a database bench/log-search.ts
 * built, each part runs alone over the same kind of rows in a transaction that is rolled back: the row with
 * all its b-trees, the row without secondary indexes (dropped inside the transaction), the row with the duration
 * index of before migration 0032 (a near-random key per row; created inside the transaction), the duration
 * order job's batch for the same rows (src/log/duration-order.ts), the FTS entry, the keys entry and the rollups
 * alone. Prints wall and CPU milliseconds per 1,000 rows; read the CPU column on a shared machine.
 * The commit (WAL writes, checkpoints) is not in these figures: bench/log-insert.ts measures whole batches.
 * Usage: node --import tsx bench/log-insert-parts.ts [db file=<tmp>/provisio-log-bench.db] [rows=5000] [rounds=2]
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDb } from '../db/client';
import { orderDurations } from '../src/log/duration-order';
import { logIdSource } from '../src/log/log-id';
import { INDEX_LOG_KEYS_SQL, rowKeys } from '../src/log/object-keys';
import { addToRollups } from '../src/log/rollups';
import { logSearchText } from '../src/log/search-text';
import type { LogEntry } from '../src/log/types';
import { INDEX_LOG_ROW_SQL, INSERT_LOG_ROW_SQL, logRowParams } from '../src/log/write';
import { logEntry } from './log-rows';

const FILE = process.argv[2] ?? path.join(os.tmpdir(), 'provisio-log-bench.db');
const N = Number(process.argv[3] ?? 5000);
const ROUNDS = Number(process.argv[4] ?? 2);
const sqlite = openDb(FILE).$client;

const INDEXES = ['time', 'app_time', 'cycle_time', 'status_time', 'job_time', 'action_time', 'error_time'].map(
  (n) => `plog_${n}_idx`,
);
// The index migration 0032 replaced by the duration order: its key is near-random per row.
const DURATION_INDEX = 'CREATE INDEX bench_plog_duration_idx ON provisioning_log (duration_ms, id)';

let clock = Number(sqlite.prepare('SELECT max(activity_date_time) FROM provisioning_log').pluck().get()) + 1000;
let serial = 50_000_000;
/** Rows after the newest, 5 ms apart, with UUIDv7 change ids (as the engine writes them). */
function rows(): LogEntry[] {
  const v7 = logIdSource({ now: () => clock });
  return Array.from({ length: N }, () => {
    clock += 5;
    return { ...logEntry(serial++, 60_000_000, clock), activityDateTime: clock, id: v7() };
  });
}

const insertRow = sqlite.prepare(INSERT_LOG_ROW_SQL);
const insertFts = sqlite.prepare(INDEX_LOG_ROW_SQL);
const insertKeys = sqlite.prepare(INDEX_LOG_KEYS_SQL);
interface Part {
  row?: boolean;
  fts?: boolean;
  keys?: boolean;
  rollups?: boolean;
  drop?: string[];
  /** The duration index of before 0032, created in the transaction before the timing. */
  durationIndex?: boolean;
  /** The duration order job's work for the batch (its rows inserted before the timing, then ordered). */
  order?: boolean;
}
function measure(name: string, p: Part): void {
  const batch = rows();
  sqlite.exec('BEGIN');
  try {
    for (const index of p.drop ?? []) sqlite.exec(`DROP INDEX ${index}`);
    if (p.durationIndex) sqlite.exec(DURATION_INDEX);
    if (p.order) for (const e of batch) insertRow.run(...logRowParams(e));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const e of batch) {
      const rowid = p.row ? insertRow.run(...logRowParams(e)).lastInsertRowid : serial++;
      if (p.fts) {
        const text = logSearchText(e);
        insertFts.run(rowid, text.identity, text.body);
      }
      if (p.keys) insertKeys.run(rowid, rowKeys(e.source.id, e.target.id));
    }
    if (p.rollups) addToRollups(sqlite, batch);
    if (p.order) orderDurations(sqlite, N);
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const per1k = (ms: number) => ((ms / N) * 1000).toFixed(0).padStart(5);
    console.log(
      `${name.padEnd(40)} ${per1k(wall)} ms wall  ${per1k((cpu.user + cpu.system) / 1000)} ms CPU per 1,000 rows`,
    );
  } finally {
    sqlite.exec('ROLLBACK');
  }
}

console.log(`${FILE}: ${N} rows per part, ${ROUNDS} rounds, load average ${os.loadavg()[0]?.toFixed(1)}`);
for (let r = 0; r < ROUNDS; r++) {
  measure('all (row + FTS + keys + rollups)', { row: true, fts: true, keys: true, rollups: true });
  measure('row, all b-trees', { row: true });
  measure('row, no secondary index', { row: true, drop: INDEXES });
  measure('row, with the duration index of before', { row: true, durationIndex: true });
  measure('duration order (the job, one batch)', { order: true });
  measure('FTS entry only', { fts: true });
  measure('keys entry only', { keys: true });
  measure('rollups only', { rollups: true });
}
sqlite.close();
