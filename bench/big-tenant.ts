/**
 * Benchmark (issue 16 item 5): peak memory of an initial cycle of a big tenant (default 100,000 assigned users)
 * against a 0 ms SCIM target in its own process (bench/support-target.ts, so its memory is not Provisio's).
 * The database is a file (as in production: SQLite's pages live in the OS cache, not in the process); the set-up
 * (CSV import, assignments) runs in a child process first, so this process holds only what the cycle needs.
 * RSS is sampled every 100 ms with the V8 heap in use; the process's high-water mark (/proc/self/status VmHWM)
 * is read before and after the cycle. The goal: RSS ≤ 300 MiB.
 * Usage: node --expose-gc --import tsx bench/big-tenant.ts [users=100000] (--expose-gc adds the heap retained after
 * a full collection every 5 s, which tells garbage not yet collected from what the cycle holds)
 */

import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { eq } from 'drizzle-orm';
import { openDb } from '../db/client';
import { applications, cycles } from '../db/schema';
import { createSecretBox } from '../src/auth/secret-box';
import { importUsersCsv } from '../src/directory/csv-import';
import { startCycle } from '../src/engine/cycle/run';
import { CLI_ACTOR } from '../src/kernel/actor';
import { systemClock } from '../src/kernel/clock';
import { wireEngine } from '../src/wiring';
import { benchUsersCsv, quietLogger } from './support';
import { benchApp } from './support-app';
import { startTarget } from './support-target';

const n = Number(process.argv[2] === '--seed' ? 0 : (process.argv[2] ?? 100_000));
const MiB = 1048576;
const mib = (b: number) => `${(b / MiB).toFixed(0)} MiB`;

function vmHwm(): number {
  const line = fs
    .readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) * 1024;
}

/** Peak RSS and heap in use while `work` runs, sampled every 100 ms. */
async function phase<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  let rss = process.memoryUsage().rss;
  let heap = v8.getHeapStatistics().used_heap_size;
  let retained = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage().rss);
    heap = Math.max(heap, v8.getHeapStatistics().used_heap_size);
    // With --expose-gc, every 5 s: the heap still in use after a full collection (what the phase retains).
    if (global.gc && ++ticks % 50 === 0) {
      global.gc();
      retained = Math.max(retained, v8.getHeapStatistics().used_heap_size);
    }
  }, 100);
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    clearInterval(timer);
    rss = Math.max(rss, process.memoryUsage().rss);
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    const kept = retained > 0 ? `, retained after GC ${mib(retained)}` : '';
    console.log(`  ${name}: ${secs} s, peak RSS ${mib(rss)}, peak V8 heap used ${mib(heap)}${kept}`);
    if (name === 'initial cycle') peakCycleRss = rss;
  }
}
let peakCycleRss = 0;

/** Set-up, in a child process so its memory (the CSV, the parsed rows) is not counted as the cycle's. */
async function seed(file: string, count: number, tenantUrl: string, token: string): Promise<void> {
  const db = openDb(file);
  const deps = { db, clock: systemClock, secrets: createSecretBox(Buffer.from(KEY, 'hex')) };
  await importUsersCsv({ db, clock: systemClock, onChange: () => {} }, CLI_ACTOR, benchUsersCsv(count));
  benchApp(deps, { name: 'Big', tenantUrl, token });
  db.$client.close();
}

// The secret box key is shared with the seeding child only (a throwaway database).
const KEY = process.env.BIG_TENANT_KEY ?? crypto.randomBytes(32).toString('hex');
if (process.argv[2] === '--seed') {
  const [, , , file = '', count = '0', url = '', token = ''] = process.argv;
  await seed(file, Number(count), url, token);
  process.exit(0);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-big-'));
const file = path.join(dir, 'bench.db');
const target = await startTarget(0, 0);
console.log(`big tenant: ${n.toLocaleString('en')} users, target in its own process, database file ${file}`);
const t0 = performance.now();
await new Promise<void>((resolve, reject) => {
  const child = fork(new URL(import.meta.url), ['--seed', file, String(n), target.tenantUrl, target.token], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BIG_TENANT_KEY: KEY },
  });
  child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seeding exited with ${code}`))));
});
console.log(`  set-up (import + assignments, in a child process): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const db = openDb(file);
const secrets = createSecretBox(Buffer.from(KEY, 'hex'));
const app = db.select().from(applications).get();
if (!app) throw new Error('seeding made no application');
const hwmBefore = vmHwm();
console.log(`  before the cycle: RSS ${mib(process.memoryUsage().rss)}, VmHWM so far ${mib(hwmBefore)}`);
const { engine } = wireEngine({ db, clock: systemClock, logger: quietLogger, secrets });
const started = startCycle(engine, app.id, { type: 'user', name: 'bench' });
await phase('initial cycle', () => started.done);
const row = db.select().from(cycles).where(eq(cycles.id, started.cycleId)).get();
const created = (await target.stats()).users;
const hwm = vmHwm();
console.log(
  `initial cycle of ${n.toLocaleString('en')} users: ${row?.status}, ${created.toLocaleString('en')} created; ` +
    `peak RSS during the cycle ${mib(peakCycleRss)} (goal ≤ 300 MiB: ${peakCycleRss <= 300 * MiB ? 'met' : 'NOT met'}); ` +
    `VmHWM of this process ${mib(hwm)} (${mib(hwmBefore)} before the cycle)`,
);
target.close();
db.$client.close();
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
