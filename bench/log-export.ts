/**
 * Benchmark: CSV export of the provisioning log (issue 16 item 3) on a database bench/log-search.ts built.
 * Alternates, in the same run, the export as it was before issue 16 (csv-stringify over toCsvCells, pages of
 * 1,000), as it was before slice U-C (csvLine over searchLogs pages of 500) and exportLogsCsv, streaming to a sink
 * with back-pressure; prints seconds per 1M rows, CPU per 1M rows, peak RSS and the event loop's delay p99 while
 * the export streams (what a /healthz request would wait at most, plus its own time).
 * Usage: node --import tsx bench/log-export.ts [db file=<tmp>/provisio-log-bench.db] [rows=1000000] [rounds=2]
 */
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../db/client';
import { openDb } from '../db/client';
import { CSV_COLUMNS, exportLogsCsv, toCsvCells } from '../src/log/csv-export';
import { csvLine } from '../src/log/csv-line';
import { logPages } from '../src/log/export-pages';
import { type LogQuery, parseLogQuery } from '../src/log/query';

const FILE = process.argv[2] ?? path.join(os.tmpdir(), 'provisio-log-bench.db');
const ROWS = Number(process.argv[3] ?? 1_000_000);
const ROUNDS = Number(process.argv[4] ?? 2);

/** The export before issue 16 (csv-stringify, pages of 1,000). */
async function* csvStringifyExport(db: Db, q: LogQuery, names: Map<string, string>): AsyncGenerator<string> {
  yield stringify([[...CSV_COLUMNS]]);
  for await (const rows of logPages(db, q, 1000)) {
    yield stringify(rows.map((r) => toCsvCells(r, names.get(r.appId) ?? r.appId)));
  }
}

/** The export before slice U-C: csvLine over searchLogs pages of 500 (drizzle-built query per page, row objects). */
async function* pagesExport(db: Db, q: LogQuery, names: Map<string, string>): AsyncGenerator<string> {
  yield csvLine(CSV_COLUMNS);
  for await (const rows of logPages(db, q)) {
    let chunk = '';
    for (const r of rows) chunk += csvLine(toCsvCells(r, names.get(r.appId) ?? r.appId));
    yield chunk;
  }
}

const db = openDb(FILE);
// BENCH_MMAP_MIB / BENCH_CACHE_MIB: try a memory-mapped read or a bigger page cache (openDb sets neither).
if (process.env.BENCH_MMAP_MIB) db.$client.pragma(`mmap_size = ${Number(process.env.BENCH_MMAP_MIB) * 2 ** 20}`);
if (process.env.BENCH_CACHE_MIB) db.$client.pragma(`cache_size = -${Number(process.env.BENCH_CACHE_MIB) * 1024}`);
// The oldest ROWS rows: the time of the ROWS-th row is the cutoff (newest first, so pages walk back from it).
const cutoff = Number(
  db.$client
    .prepare('SELECT activity_date_time FROM provisioning_log ORDER BY activity_date_time LIMIT 1 OFFSET ?')
    .pluck()
    .get(ROWS - 1),
);
const q = parseLogQuery({ to: new Date(cutoff).toISOString(), limit: '50' });
const names = new Map([['app-0', 'MindTickle']]);
const out = path.join(os.tmpdir(), 'provisio-log-export-bench.csv');

/**
 * The sink: BENCH_SINK=file writes to a file (on this machine's disk that is the bottleneck: 469 MiB took
 * longer to write than to export); by default a stream that drops chunks, as fast as a client on loopback.
 */
function sink(): Writable {
  if (process.env.BENCH_SINK === 'file') return fs.createWriteStream(out);
  return new Writable({ write: (_chunk, _enc, done) => setImmediate(done) });
}

async function timeExport(exporter: typeof exportLogsCsv, hash?: Hash) {
  const to = sink();
  const lag = monitorEventLoopDelay({ resolution: 5 });
  let peak = process.memoryUsage.rss();
  // Sampled, not per chunk: reading the RSS per chunk showed up in the profile.
  const rss = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  let bytes = 0;
  lag.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for await (const chunk of exporter(db, q, names)) {
    bytes += chunk.length;
    hash?.update(chunk);
    if (!to.write(chunk)) await new Promise<void>((r) => to.once('drain', () => r()));
  }
  await new Promise<void>((r) => to.end(() => r()));
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(rss);
  lag.disable();
  return { secs, cpu: (cpu.user + cpu.system) / 1e6, bytes, peak, p99: lag.percentile(99) / 1e6 };
}

const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
console.log(`exporting the oldest ${fmt(ROWS)} rows of ${FILE}, ${ROUNDS} rounds`);
// BENCH_ONLY=new runs exportLogsCsv alone (for a --cpu-prof profile of it); BENCH_ONLY=pages the export before U-C.
const only = process.env.BENCH_ONLY;
const VARIANTS = [
  ['csv-stringify (before 16)', csvStringifyExport],
  ['pages of 500 (before U-C)', pagesExport],
  ['exportLogsCsv', exportLogsCsv],
] as const;
const chosen = VARIANTS.filter(
  ([, e]) => !only || (only === 'new' && e === exportLogsCsv) || (only === 'pages' && e === pagesExport),
);
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, exporter] of chosen) {
    const x = await timeExport(exporter);
    console.log(
      `${name.padEnd(26)} ${x.secs.toFixed(1)} s (${((x.secs * 1e6) / ROWS).toFixed(1)} s per 1M rows), CPU ${((x.cpu * 1e6) / ROWS).toFixed(1)} s per 1M rows, ${fmt(x.bytes / 2 ** 20)} MiB, peak RSS ${fmt(x.peak / 2 ** 20)} MiB, event-loop delay p99 ${x.p99.toFixed(1)} ms`,
    );
  }
}
// Same bytes? Checked untimed (hashing 469 MiB would weigh on the figures).
const digests = new Set<string>();
for (const [, exporter] of only ? [] : VARIANTS) {
  const hash = createHash('sha256');
  await timeExport(exporter, hash);
  digests.add(hash.digest('hex'));
}
if (!only) console.log(digests.size === 1 ? 'all exports wrote the same bytes (sha256)' : 'EXPORTS DIFFER');
db.$client.close();
