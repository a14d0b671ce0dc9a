/**
 * Benchmark: provisioning-log search at scale. Generates N realistic rows (default 1,000,000) in an on-disk
 * database with the committed migrations through the log writer (writeLogs), then prints insert rows/s (alone, and
 * while a worker thread runs searches on its own connection), p50/p95 over 50 runs of each search the issue names,
 * the first page of the logs page (query + count + render), and CSV export time with peak RSS.
 * Usage: node --import tsx bench/log-search.ts [rows=1000000] [db file=<tmp>/provisio-log-bench.db]
 * BENCH_REUSE=1 keeps a database an earlier run built with the same row count (building 5M rows takes minutes).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { openDb } from '../db/client';
import { exportLogsCsv } from '../src/log/csv-export';
import { orderDurations } from '../src/log/duration-order';
import { countLogs, parseLogQuery, searchLogs } from '../src/log/query';
import type { LogEntry } from '../src/log/types';
import { writeLogs } from '../src/log/write';
import { LogsPage } from '../views/pages/logs';
import { logEntry as generateRow } from './log-rows';

const require = createRequire(import.meta.url);
const N = Number(process.argv[2] ?? 1_000_000);
const FILE = process.argv[3] ?? path.join(os.tmpdir(), 'provisio-log-bench.db');
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const BATCH = 5000;
const CONCURRENT_ROWS = 100_000;

const reuse = process.env.BENCH_REUSE === '1' && fs.existsSync(FILE);
if (!reuse) for (const f of [FILE, `${FILE}-wal`, `${FILE}-shm`]) fs.rmSync(f, { force: true });
const db = openDb(FILE);
// BENCH_CACHE_MIB: SQLite page cache for this connection instead of openDb's (PAGE_CACHE_KIB, db/client.ts).
if (process.env.BENCH_CACHE_MIB) db.$client.pragma(`cache_size = -${Number(process.env.BENCH_CACHE_MIB) * 1024}`);
/** Insert rows [from, to); the clock runs only while the writer works (entries are generated beforehand). */
function insertRange(from: number, to: number): number {
  let busy = 0;
  for (let i = from; i < to; i += BATCH) {
    const rows: LogEntry[] = [];
    for (let k = i; k < Math.min(to, i + BATCH); k++) rows.push(generateRow(k, N + CONCURRENT_ROWS, NOW));
    const t0 = performance.now();
    // The writer the engine uses (prepared statements, FTS text, rollups per batch), one transaction per batch.
    writeLogs(db, rows);
    busy += performance.now() - t0;
  }
  return ((to - from) / busy) * 1000;
}

const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
console.log(`rows: ${fmt(N)} → ${FILE}`);
if (reuse) {
  // Rows of an earlier run's concurrent phase go, so that phase inserts the same ids again.
  db.$client.prepare('DELETE FROM provisioning_log WHERE id >= ?').run(generateRow(N, N + CONCURRENT_ROWS, NOW).id);
  console.log('insert: skipped (BENCH_REUSE=1, database kept)');
} else {
  const rate = insertRange(0, N);
  console.log(`insert: ${fmt(rate)} rows/s (writeLogs, ${fmt(BATCH)} rows per transaction, FTS indexed)`);
}
// What the server's duration order job does behind the writer (src/log/duration-order-job.ts).
while (orderDurations(db.$client, 50_000) > 0);
db.$client.pragma('wal_checkpoint(TRUNCATE)');
db.$client.exec('ANALYZE');

// A search load on a second connection (as the web server would run next to the engine) while rows go in.
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
const concurrentRate = insertRange(N, N + CONCURRENT_ROWS);
const searches = await new Promise<number>((resolve) => {
  worker.once('message', resolve);
  worker.postMessage('stop');
});
await worker.terminate();
console.log(`insert while searching: ${fmt(concurrentRate)} rows/s (${fmt(searches)} searches ran meanwhile)`);

function percentiles(name: string, run: (k: number) => unknown): void {
  const times: number[] = [];
  for (let k = 0; k < 50; k++) {
    const t0 = performance.now();
    run(k);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const p = (x: number) => (times[Math.min(times.length - 1, Math.floor(x * times.length))] ?? 0).toFixed(1);
  console.log(`${name.padEnd(34)} p50 ${p(0.5).padStart(7)} ms   p95 ${p(0.95).padStart(7)} ms`);
}

const sample = (k: number) => generateRow((k * 7919) % N, N + CONCURRENT_ROWS, NOW);
const page = (params: Record<string, string>) => searchLogs(db, parseLogQuery({ limit: '50', ...params }));
const words = ['conflict', '"senior engineer"', 'throttl*', 'timeout', '"sales" manager', 'berlin'];
const apps = [{ id: 'app-0', name: 'MindTickle' }];

percentiles('identity search (name)', (k) => page({ identity: sample(k).source.displayName ?? '' }));
percentiles('identity search (source id)', (k) => page({ identity: sample(k).source.id }));
percentiles('status+action+date filter', (k) =>
  page({ status: k % 2 ? 'failure' : 'skipped', action: 'update', from: new Date(NOW - 7 * 86_400_000).toISOString() }),
);
percentiles('free-text query', (k) => page({ q: words[k % words.length] ?? 'x' }));
percentiles('cycle id lookup', (k) => page({ cycleId: sample(k).cycleId }));
percentiles('capped count (status=failure)', () => countLogs(db, { status: 'failure' }));
percentiles('first page: query + count + render', () => {
  const q = parseLogQuery({ limit: '50' });
  const rows = searchLogs(db, q).items;
  const total = countLogs(db, q);
  const html = String(
    LogsPage({
      actor: { type: 'account', id: 'a', name: 'admin@example.test', role: 'admin' },
      csrfToken: 'csrf',
      filters: { appId: '', status: '', action: '', range: '', from: '', to: '', identity: '', jobId: '', cycleId: '' },
      apps,
      rows,
      total,
      columns: ['date', 'identity', 'action', 'sourceSystem', 'targetSystem', 'status'],
      canChooseColumns: true,
      selfHref: '/logs',
      nextHref: '/logs?cursor=x',
      exportQuery: '',
    } as Parameters<typeof LogsPage>[0]),
  );
  if (!html.includes('log-row')) throw new Error('nothing rendered');
});

// CSV export of 1,000,000 rows (or all, if fewer), to a file, with back-pressure.
const exportRows = Math.min(1_000_000, N);
const out = fs.createWriteStream(path.join(os.tmpdir(), 'provisio-log-bench.csv'));
const names = new Map([['app-0', 'MindTickle']]);
let peak = process.memoryUsage().rss;
const t0 = performance.now();
const cutoff = generateRow(exportRows - 1, N + CONCURRENT_ROWS, NOW).activityDateTime;
let bytes = 0;
for await (const chunk of exportLogsCsv(
  db,
  parseLogQuery({ to: new Date(cutoff).toISOString(), limit: '50' }),
  names,
)) {
  bytes += chunk.length;
  if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  peak = Math.max(peak, process.memoryUsage().rss);
}
await new Promise<void>((r) => out.end(() => r()));
const secs = (performance.now() - t0) / 1000;
console.log(
  `CSV export: ${fmt(exportRows)} rows, ${fmt(bytes / 2 ** 20)} MiB in ${secs.toFixed(1)} s; peak RSS during export ${fmt(peak / 2 ** 20)} MiB`,
);
const size =
  Number(db.$client.pragma('page_count', { simple: true })) * Number(db.$client.pragma('page_size', { simple: true }));
console.log(
  `database size: ${fmt(size / 2 ** 20)} MiB (${fmt(size / (N + CONCURRENT_ROWS))} bytes per row incl. indexes + FTS)`,
);
db.$client.close();
