/**
 * Benchmark (issue 8): report queries and page renders on a 5M-row provisioning log. Builds the database once
 * (raw prepared statements, one transaction per 10,000 rows; the report rollups counted per batch as the log writer does;
 * the full-text index is left out — bench/log-search.ts measures search) and keeps it for later runs.
 * Prints p50/p95 over 20 runs of every report query per range, and of every page through the real app.
 * Usage: node --import tsx bench/pages-5m.ts [rows=5000000] [db file=/tmp/provisio-pages-5m.db]
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openDb } from '../db/client';
import { createApp } from '../src/app';
import { createApiToken } from '../src/auth/api-tokens';
import { createSecretBox } from '../src/auth/secret-box';
import { CLI_ACTOR } from '../src/kernel/actor';
import { systemClock } from '../src/kernel/clock';
import { activity24h, appSummaries } from '../src/reports/app-summary';
import { activitySeries, cycleDurations, timeToProvision, topErrorCodes } from '../src/reports/queries';
import { parseReportRange } from '../src/reports/range';
import { wireEngine, wireWeb } from '../src/wiring';
import { buildDatabase } from './pages-5m-data';

const N = Number(process.argv[2] ?? 5_000_000);
const FILE = process.argv[3] ?? '/tmp/provisio-pages-5m.db';
const NOW = Date.now();
const RUNS = 20;

const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
const secrets = createSecretBox(Buffer.alloc(32, 7));
const db = openDb(FILE);
const built = buildDatabase(db, secrets, N, NOW);
console.log(
  built.inserted
    ? `built ${fmt(N)} rows: ${fmt(built.rate)} rows/s (${(built.ms / 1000).toFixed(0)} s)`
    : `reusing ${FILE}`,
);
console.log(
  `log rows: ${fmt(built.rows)}, hourly rollup rows: ${fmt(built.hourly)}, daily: ${fmt(built.daily)}, audit rows: ${fmt(built.audit)}, file ${fmt(fs.statSync(FILE).size / 2 ** 20)} MiB`,
);

function time(label: string, fn: () => unknown, budget: number) {
  fn(); // warm the statement cache and pages, as a running server would be
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  const p50 = t[Math.floor(RUNS / 2)] ?? 0;
  const p95 = t[Math.floor(RUNS * 0.95)] ?? 0;
  console.log(`| ${label} | ${p50.toFixed(1)} | ${p95.toFixed(1)} | ${p95 <= budget ? 'ok' : `OVER ${budget}`} |`);
}

async function timeAsync(label: string, fn: () => Promise<unknown>, budget: number) {
  await fn();
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  const p50 = t[Math.floor(RUNS / 2)] ?? 0;
  const p95 = t[Math.floor(RUNS * 0.95)] ?? 0;
  console.log(`| ${label} | ${p50.toFixed(1)} | ${p95.toFixed(1)} | ${p95 <= budget ? 'ok' : `OVER ${budget}`} |`);
}

console.log('\n| report query (ms) | p50 | p95 | ≤ 300 ms |\n|---|---|---|---|');
const app0 = built.appIds[0] ?? '';
for (const range of ['24h', '7d', '30d', '90d']) {
  for (const appId of [undefined, app0]) {
    const r = parseReportRange({ range, appId }, NOW);
    const tag = `${range}${appId ? ', one app' : ''}`;
    time(`actions/results/success rate, ${tag}`, () => activitySeries(db, r), 300);
    time(`top error codes, ${tag}`, () => topErrorCodes(db, r), 300);
    time(`cycle durations, ${tag}`, () => cycleDurations(db, r), 300);
    time(`time to provision, ${tag}`, () => timeToProvision(db, r), 300);
    time(`per-app summary, ${tag}`, () => appSummaries(db, r), 300);
  }
}
const year = parseReportRange({ range: 'custom', from: new Date(NOW - 365 * 86_400_000).toISOString() }, NOW);
time('actions/results/success rate, custom 365 days', () => activitySeries(db, year), 300);
time('overview 24 h figures (all apps)', () => activity24h(db, NOW), 300);

const { token } = createApiToken(db, systemClock, CLI_ACTOR, { name: 'bench', role: 'admin' });
const { engine } = wireEngine({
  db,
  clock: systemClock,
  logger: { info() {}, warn() {}, error() {} },
  secrets,
  timeoutMs: 1000,
});
const web = createApp(
  wireWeb(
    engine,
    { runNow: () => 'x', refresh() {}, nudge() {}, runningCycleId: () => null },
    { secrets, config: { adminToken: undefined, sessionHours: 1, publicUrl: undefined } },
  ),
);
const get = async (path: string) => {
  const res = await web.request(path, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return res.text();
};
console.log('\n| page (ms, route + queries + render) | p50 | p95 | ≤ 150 ms |\n|---|---|---|---|');
const pages: [string, string][] = [
  ['overview /', '/'],
  ['application /apps/:id', `/apps/${app0}`],
  ['logs, first page', '/logs'],
  ['logs, failures last 7 days', '/logs?status=failure&range=7d'],
  ['logs, one app, failures 30 days', `/logs?appId=${app0}&status=failure&range=30d`],
  ['reports 24 h', '/reports?range=24h'],
  ['reports 7 d', '/reports?range=7d'],
  ['reports 30 d', '/reports?range=30d'],
  ['reports 90 d', '/reports?range=90d'],
  ['reports 90 d, one app', `/reports?range=90d&appId=${app0}`],
  ['reports CSV (actions, 90 d)', '/reports/export/actions?range=90d'],
  ['audit, first page', '/audit'],
  ['audit, actor filter', '/audit?actor=operator7'],
  ['audit, text filter', '/audit?q=scope'],
  ['audit, application filter', `/audit?appId=${app0}`],
];
for (const [label, path] of pages) await timeAsync(label, () => get(path), 150);
db.$client.close();
