/**
 * Benchmark (issue 16 item 3): the server keeps answering while a CSV export streams and a cycle runs.
 * On a database bench/log-search.ts built, serves the real app on loopback, starts an initial cycle of USERS
 * users against a SCIM target in its own process (bench/support-target.ts, so that /healthz measures Provisio
 * and not the target's CPU), and a client in a third process (bench/export-client.ts) downloads the oldest ROWS
 * rows through GET /api/v1/provisioning-logs/export.csv (an admin API token; it drops the bytes) while it asks
 * GET /healthz every 50 ms. Prints the export's time, this process's CPU and peak RSS (server, engine, cycle:
 * Provisio alone), /healthz p50/p99/max as the client saw them, and how far the cycle got. Usage:
 *   node --import tsx bench/log-export-http.ts [db file=<tmp>/provisio-log-bench.db] [rows=1000000] [users=2000]
 */

import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import { startCheckpointer } from '../db/checkpointer';
import { openDb } from '../db/client';
import { createApp } from '../src/app';
import { createApiToken } from '../src/auth/api-tokens';
import { createSecretBox } from '../src/auth/secret-box';
import { importUsersCsv } from '../src/directory/csv-import';
import { startCycle } from '../src/engine/cycle/run';
import { CLI_ACTOR } from '../src/kernel/actor';
import { systemClock } from '../src/kernel/clock';
import { startDurationOrder } from '../src/log/duration-order-job';
import { wireEngine, wireWeb } from '../src/wiring';
import { benchUsersCsv, quietLogger } from './support';
import { benchApp } from './support-app';
import { startTarget } from './support-target';

const FILE = process.argv[2] ?? path.join(os.tmpdir(), 'provisio-log-bench.db');
const ROWS = Number(process.argv[3] ?? 1_000_000);
const USERS = Number(process.argv[4] ?? 2000);

const db = openDb(FILE);
// As the server runs (src/main.ts): WAL checkpoints on their own thread.
const checkpointer = process.env.BENCH_CHECKPOINT_THREAD === '0' ? null : startCheckpointer(db, FILE);
// The duration order job, as main.ts runs it: it orders the cycle's rows behind the writer.
const durationOrder = startDurationOrder(db, console);
// The server's event loop as it answers: its delay is what every request waits before it is read at all.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const secrets = createSecretBox(crypto.randomBytes(32));
// The oldest ROWS rows (read before the cycle adds any): the export's upper bound.
const cutoff = Number(
  db.$client
    .prepare('SELECT activity_date_time FROM provisioning_log ORDER BY activity_date_time LIMIT 1 OFFSET ?')
    .pluck()
    .get(ROWS - 1),
);

// A cycle to run meanwhile: USERS fresh users assigned to an app on a target with no latency and no limit.
const target = await startTarget(0, 0);
const tag = Date.now().toString(36);
const csv = benchUsersCsv(USERS)
  .replaceAll('@bench.example', `@${tag}.bench.example`)
  .replace(/,E(\d+)$/gm, `,E${tag}$1`);
await importUsersCsv({ db, clock: systemClock, onChange: () => {} }, CLI_ACTOR, csv);
const app = benchApp(
  { db, secrets },
  {
    name: `Export bench ${tag}`,
    tenantUrl: target.tenantUrl,
    token: target.token,
    only: (upn: string) => upn.endsWith(`@${tag}.bench.example`),
  },
);

const { engine } = wireEngine({ db, clock: systemClock, logger: quietLogger, secrets });
const web = createApp(
  wireWeb(
    engine,
    { runNow: () => 'x', refresh() {}, nudge() {}, runningCycleId: () => null },
    { secrets, config: { adminToken: undefined, sessionHours: 1, publicUrl: undefined } },
  ),
);
const server = serve({ fetch: web.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const { token } = createApiToken(db, systemClock, CLI_ACTOR, { name: 'export bench', role: 'admin' });

const cycle = startCycle(engine, app.id, { type: 'user', name: 'bench' });
let cycleEnded = false;
void cycle.done.then(() => (cycleEnded = true));

// RSS as the export starts (server, engine and the cycle just begun): what the export adds is the peak minus this.
const rssAtStart = process.memoryUsage.rss();
let peak = rssAtStart;
const rss = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const cpu0 = process.cpuUsage();
// The client (download + /healthz probes) in its own process: its work is not the server's.
const client = fork(
  new URL('./export-client.ts', import.meta.url),
  [base, token, `/api/v1/provisioning-logs/export.csv?to=${new Date(cutoff).toISOString()}`],
  { execArgv: ['--import', 'tsx'] },
);
const { bytes, lines, secs, health } = await new Promise<{
  bytes: number;
  lines: number;
  secs: number;
  health: number[];
}>((resolve, reject) => {
  client.once('message', (m) => resolve(m as { bytes: number; lines: number; secs: number; health: number[] }));
  client.once('exit', (code) => reject(new Error(`export client exited with ${code}`)));
});
const cpu = process.cpuUsage(cpu0);
clearInterval(rss);
const processed = Number(
  db.$client.prepare('SELECT count(*) FROM provisioning_log WHERE app_id = ?').pluck().get(app.id),
);

const sorted = [...health].sort((a, b) => a - b);
const at = (p: number) => (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1);
const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
console.log(
  `export.csv over HTTP: ${fmt(lines - 1)} rows, ${fmt(bytes / 2 ** 20)} MiB in ${secs.toFixed(1)} s (${((secs * 1e6) / ROWS).toFixed(1)} s per 1M rows), server process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (export, cycle, answers), server peak RSS ${fmt(peak / 2 ** 20)} MiB (${fmt(rssAtStart / 2 ** 20)} MiB as it started)`,
);
console.log(
  `/healthz every 50 ms meanwhile (from the client process): ${health.length} requests, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`,
);
console.log(
  `server event-loop delay over the run: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms; WAL checkpoints ${checkpointer ? `on their own thread (${checkpointer.stats().runs} runs)` : 'in the writer (BENCH_CHECKPOINT_THREAD=0)'}`,
);
console.log(
  `cycle meanwhile: ${USERS} users, ${fmt(processed)} log rows written during the export${cycleEnded ? ' (cycle ended before the export did)' : ' (still running when the export ended)'}`,
);
await cycle.done.catch(() => {});
server.close();
target.close();
await durationOrder.stop();
await checkpointer?.stop();
db.$client.close();
