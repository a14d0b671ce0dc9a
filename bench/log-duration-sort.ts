/**
 * Benchmark: duration-sorted log pages through the duration order (migration 0032, src/log/duration-order.ts),
 * on a database bench/log-search.ts built. For each query: the plan the probe picks, and the time of its first
 * four pages (searchLogs, 50 rows each, as the log page and the API ask), first with every row ordered, then with
 * a tail of unordered rows (what the writer added since the job's last batch), then the job's time to order
 * that tail. The rows it adds are deleted at the end.
 * Usage: node --import tsx bench/log-duration-sort.ts [db file=<tmp>/provisio-log-bench.db] [tail rows=20000]
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDb } from '../db/client';
import { durationTail, orderDurations, planDurationSort } from '../src/log/duration-order';
import { logIdSource } from '../src/log/log-id';
import { logFilterWhere, parseLogQuery, planFts, searchLogs } from '../src/log/query';
import { writeLogs } from '../src/log/write';
import { logEntry } from './log-rows';

const FILE = process.argv[2] ?? path.join(os.tmpdir(), 'provisio-log-bench.db');
const TAIL = Number(process.argv[3] ?? 20_000);
const db = openDb(FILE);
const sqlite = db.$client;
while (orderDurations(sqlite, 50_000) > 0);
const total = Number(sqlite.prepare('SELECT count(*) FROM provisioning_log').pluck().get());
const firstNew = Number(sqlite.prepare('SELECT coalesce(max(rowid), 0) FROM provisioning_log').pluck().get()) + 1;
const cycle = String(sqlite.prepare('SELECT cycle_id FROM provisioning_log LIMIT 1 OFFSET 5000').pluck().get());

const cases: Record<string, string>[] = [
  { sort: 'duration-desc' },
  { sort: 'duration-asc' },
  { sort: 'duration-desc', status: 'failure' },
  { sort: 'duration-asc', action: 'update' },
  { sort: 'duration-desc', q: 'conflict' },
  { sort: 'duration-desc', q: 'engineer' },
  { sort: 'duration-desc', cycleId: cycle },
];

function pages(params: Record<string, string>): string {
  const q = parseLogQuery(params);
  const plan = planDurationSort(db, logFilterWhere(q, planFts(db, q)));
  const times: string[] = [];
  let cursor: string | undefined;
  for (let p = 0; p < 4; p++) {
    const t0 = performance.now();
    const page = searchLogs(db, { ...q, cursor });
    times.push((performance.now() - t0).toFixed(1));
    cursor = page.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return `${JSON.stringify(params).padEnd(48)} ${plan.padEnd(6)} ${times.join(' / ')} ms`;
}

console.log(`${total.toLocaleString('en-US')} rows in ${FILE}; load average ${os.loadavg()[0]?.toFixed(1)}`);
console.log('every row ordered (query, plan, first four pages):');
for (const c of cases) console.log(`  ${pages(c)}`);

let clock = Number(sqlite.prepare('SELECT max(activity_date_time) FROM provisioning_log').pluck().get()) + 1000;
const v7 = logIdSource({ now: () => clock });
let serial = 70_000_000;
const fresh = Array.from({ length: TAIL }, () => {
  clock += 5;
  return { ...logEntry(serial++, 80_000_000, clock), activityDateTime: clock, id: v7() };
});
for (let i = 0; i < fresh.length; i += 5000) writeLogs(db, fresh.slice(i, i + 5000));
console.log(`with ${durationTail(sqlite).toLocaleString('en-US')} rows in the tail:`);
for (const c of cases) console.log(`  ${pages(c)}`);
const t0 = performance.now();
const ordered = orderDurations(sqlite, TAIL);
console.log(`ordering them (one job batch): ${(performance.now() - t0).toFixed(0)} ms for ${ordered} rows`);
sqlite.prepare('DELETE FROM provisioning_log WHERE rowid >= ?').run(firstNew);
sqlite.close();
