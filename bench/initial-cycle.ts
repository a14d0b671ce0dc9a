/**
 * Benchmark: an initial cycle of N users (default 10,000) against the sandbox SCIM app over loopback HTTP,
 * at concurrency 1, 4 and 8. Prints users/s and peak RSS. Usage: npm run bench [-- 10000 1,4,8]
 */

import { importUsersCsv } from '../src/directory/csv-import';
import { startCycle } from '../src/engine/cycle/run';
import { CLI_ACTOR } from '../src/kernel/actor';
import { systemClock } from '../src/kernel/clock';
import { wireEngine } from '../src/wiring';
import { benchDb, benchUsersCsv, quietLogger, startSandbox } from './support';
import { benchApp } from './support-app';

const n = Number(process.argv[2] ?? 10_000);
const levels = (process.argv[3] ?? '1,4,8').split(',').map(Number);
const logger = quietLogger;

async function runOnce(concurrency: number) {
  const { store, server, tenantUrl } = await startSandbox();
  const { db, secrets, dir } = benchDb();
  await importUsersCsv(dir, CLI_ACTOR, benchUsersCsv(n));
  const app = benchApp({ db, secrets }, { tenantUrl, token: store.token(), maxConcurrency: concurrency });
  const { engine } = wireEngine({ db, clock: systemClock, logger, secrets });

  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const t0 = performance.now();
  await startCycle(engine, app.id, { type: 'user', name: 'bench' }).done;
  const secs = (performance.now() - t0) / 1000;
  clearInterval(timer);
  const created = store.countUsers();
  server.close();
  db.$client.close();
  store.close();
  return { concurrency, secs, created, perSec: n / secs, peakMb: peak / 1048576 };
}

for (const c of levels) {
  const r = await runOnce(c);
  console.log(
    `initial cycle: ${n} users, concurrency ${r.concurrency}: ${r.secs.toFixed(1)} s, ${r.perSec.toFixed(0)} users/s, ` +
      `${r.created} created in target, peak RSS ${r.peakMb.toFixed(0)} MB`,
  );
}
