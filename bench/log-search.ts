/**
 * Benchmark: provisioning-log search at scale. Generates N realistic rows (default 1,000,000) in an on-disk
 * database with the committed migrations (FTS triggers included), then prints insert rows/s (alone, and while
 * a worker thread runs searches on its own connection), p50/p95 over 50 runs of each search the issue names,
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
import { countLogs, parseLogQuery, searchLogs } from '../src/log/query';
import { logSearchText } from '../src/log/search-text';
import { INDEX_LOG_ROW_SQL } from '../src/log/write';
import { LogsPage } from '../views/pages/logs';

const require = createRequire(import.meta.url);
const N = Number(process.argv[2] ?? 1_000_000);
const FILE = process.argv[3] ?? path.join(os.tmpdir(), 'provisio-log-bench.db');
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const BATCH = 5000;
const CONCURRENT_ROWS = 100_000;

// ── realistic rows: 6 apps, cycles of ~2,000 events per app, 50,000 people, Entra-like steps and errors ──
const APPS = ['MindTickle', 'Salesforce', 'Slack', 'Zoom', 'GitHub', 'Workday'];
const FIRST =
  'Olivia Liam Emma Noah Ava Elijah Sophia James Isabella Lucas Mia Mason Amelia Ethan Harper Logan Evelyn Aiden Abigail Jacob Emily Jackson Ella Levi Avery Sebastian Sofia Mateo Camila Jack Aria Owen Scarlett Theodore Victoria Samuel Madison Henry Luna Leo Grace Wyatt Chloe Julian Penelope Luke Layla Daniel Riley Gabriel Zoey Anthony Nora Dylan Lily Isaac Eleanor Grayson Hannah Lincoln'.split(
    ' ',
  );
const LAST =
  'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann'.split(
    ' ',
  );
const TITLES = 'Senior Engineer,Sales Manager,Account Executive,Support Specialist,Product Designer,Data Analyst'.split(
  ',',
);
const CITIES = ['Berlin', 'London', 'Paris', 'Seattle', 'Madrid', 'Dublin'];
const ERRORS: [string, string][] = [
  ['EntryConflict', 'A user with the same unique value already exists in the target (HTTP 409 Conflict).'],
  ['TooManyRequests', 'The target is throttling requests (HTTP 429 Too Many Requests).'],
  ['Timeout', 'The target did not answer within 30 s (timeout).'],
  ['SchemaAttributeNotFound', 'The target does not know an attribute path in the request (HTTP 400 invalidPath).'],
  ['Unauthorized', 'The target rejected the secret token (HTTP 401 Unauthorized).'],
  [
    'SystemForCrossDomainIdentityManagementBadResponse',
    'The target rejected a value as invalid (HTTP 400 invalidValue).',
  ],
];
const INSERT_SQL = `INSERT INTO provisioning_log (id, app_id, activity_date_time, job_id, cycle_id, provisioning_action, status,
  duration_ms, initiated_by_type, initiated_by_name, source_id, source_display_name, source_type, target_id,
  target_display_name, source_system, target_system, error_code, error_category, error_reason, recommended_action,
  steps, modified_properties) VALUES (${Array(23).fill('?').join(', ')})`;

const mix = (i: number, salt: number) => (Math.imul(i ^ salt, 2654435761) >>> 0) % 1000;

function step(name: string, type: string, status: string, description: string, details = {}) {
  return { name, provisioningStepType: type, status, description, details };
}

/** Row i of `total`, spread evenly over the 180 days before `now` (row order = time order). */
function generateRow(i: number, total: number, now: number) {
  const a = i % APPS.length;
  const app = APPS[a] ?? 'App';
  const u = mix(i, 17) * 50 + (mix(i, 23) % 50);
  const name = `${FIRST[u % FIRST.length]} ${LAST[Math.floor(u / FIRST.length) % LAST.length]}`;
  const r = mix(i, 5) % 100;
  const status = r < 85 ? 'success' : r < 91 ? 'skipped' : r < 97 ? 'failure' : 'warning';
  const acts = ['create', 'update', 'update', 'update', 'disable', 'delete', 'other'] as const;
  const action = status === 'skipped' ? 'other' : (acts[mix(i, 7) % acts.length] ?? 'update');
  const err = status === 'failure' ? ERRORS[mix(i, 11) % ERRORS.length] : undefined;
  const title = TITLES[mix(i, 13) % TITLES.length] ?? '';
  const sourceId = `00000000-0000-4000-8000-${u.toString(16).padStart(12, '0')}`;
  const steps = [
    step('EntryImport', 'import', 'success', `Retrieved User '${name}' from Provisio directory`, {
      UPN: `${name.replace(' ', '.').toLowerCase()}@contoso.test`,
    }),
    step(
      'EntrySynchronizationScoping',
      'scoping',
      'success',
      'Determine if User in scope by evaluating against each scoping filter',
    ),
    err
      ? step('EntryExportUpdate', 'export', 'failure', `Failed to ${action} User '${name}' in ${app}`)
      : step('EntryExportUpdate', 'export', 'success', `User '${name}' was ${action}d in ${app}`),
  ];
  const props =
    action === 'create' || action === 'update'
      ? [
          { displayName: 'title', oldValue: action === 'create' ? null : 'Associate', newValue: title },
          {
            displayName: 'addresses[type eq "work"].locality',
            oldValue: null,
            newValue: CITIES[mix(i, 19) % CITIES.length] ?? '',
          },
        ]
      : [];
  return {
    id: `chg-${i.toString(36).padStart(8, '0')}`,
    appId: `app-${a}`,
    activityDateTime: Math.round(now - ((total - i) * 180 * 86_400_000) / total),
    jobId: `scim.${a}f3c9e2a41b7d`,
    cycleId: `cyc-${a}-${Math.floor(i / (2000 * APPS.length))}`,
    action,
    status,
    durationMs: 20 + (mix(i, 29) % 900),
    sourceId,
    sourceDisplayName: name,
    targetId: action === 'create' && err ? null : `${app.toLowerCase()}-${u}`,
    app,
    err,
    steps: JSON.stringify(steps),
    props: JSON.stringify(props),
    // What the writer indexes (src/log/write.ts computes it the same way from the entry).
    text: logSearchText({
      source: { id: sourceId, displayName: name, type: 'user' },
      target: { id: action === 'create' && err ? null : `${app.toLowerCase()}-${u}`, displayName: null },
      error: err
        ? { errorCode: err[0], errorCategory: 'nonServiceFailure', reason: err[1], recommendedAction: null }
        : null,
      steps: steps as never,
      modifiedProperties: props,
    }),
  };
}

// Column order of INSERT_SQL.
function toParams(r: ReturnType<typeof generateRow>): unknown[] {
  const [code, reason] = r.err ?? [null, null];
  const head: unknown[] = [r.id, r.appId, r.activityDateTime, r.jobId, r.cycleId, r.action, r.status, r.durationMs];
  const who = ['system', 'Provisio provisioning service', r.sourceId, r.sourceDisplayName, 'user', r.targetId, null];
  const rest = ['Provisio directory', r.app, code, r.err ? 'nonServiceFailure' : null, reason, null, r.steps, r.props];
  return [...head, ...who, ...rest];
}

const reuse = process.env.BENCH_REUSE === '1' && fs.existsSync(FILE);
if (!reuse) for (const f of [FILE, `${FILE}-wal`, `${FILE}-shm`]) fs.rmSync(f, { force: true });
const db = openDb(FILE);
// BENCH_CACHE_MIB: SQLite page cache for this connection (openDb keeps SQLite's 2 MiB default).
if (process.env.BENCH_CACHE_MIB) db.$client.pragma(`cache_size = -${Number(process.env.BENCH_CACHE_MIB) * 1024}`);
const insert = db.$client.prepare(INSERT_SQL);
// The same two statements as writeLog (row, then its full-text entry), without drizzle's per-call overhead.
const index = db.$client.prepare(INDEX_LOG_ROW_SQL);
const insertBatch = db.$client.transaction((rows: [unknown[], { identity: string; body: string }][]) => {
  for (const [params, text] of rows) index.run(insert.run(params).lastInsertRowid, text.identity, text.body);
});

/** Insert rows [from, to); the clock runs only while the database works (rows are generated beforehand). */
function insertRange(from: number, to: number): number {
  let busy = 0;
  for (let i = from; i < to; i += BATCH) {
    const rows: [unknown[], { identity: string; body: string }][] = [];
    for (let k = i; k < Math.min(to, i + BATCH); k++) {
      const r = generateRow(k, N + CONCURRENT_ROWS, NOW);
      rows.push([toParams(r), r.text]);
    }
    const t0 = performance.now();
    insertBatch(rows);
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
  console.log(`insert: ${fmt(rate)} rows/s (prepared statements, ${fmt(BATCH)} rows per transaction, FTS indexed)`);
}
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

percentiles('identity search (name)', (k) => page({ identity: sample(k).sourceDisplayName ?? '' }));
percentiles('identity search (source id)', (k) => page({ identity: sample(k).sourceId }));
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
