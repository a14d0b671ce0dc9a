/**
 * Benchmark for issue 6 against the sandbox SCIM app over loopback HTTP: provision-on-demand latency
 * (create, update, no-op) with N users already in the target, and the time of a full-cycle dry run and of a
 * drift report over those N users. Usage: node --import tsx bench/operate.ts [N=5000] [samples=100]
 */
import { users } from '../db/schema';
import { importUsersCsv } from '../src/directory/csv-import';
import { updateUser } from '../src/directory/users';
import { startCycle } from '../src/engine/cycle/run';
import { CLI_ACTOR } from '../src/kernel/actor';
import { systemClock } from '../src/kernel/clock';
import { createDriftReport } from '../src/operate/drift/report';
import { createDryRun } from '../src/operate/dry-run/run';
import { provisionOnDemand } from '../src/operate/on-demand';
import { wireEngine } from '../src/wiring';
import { benchDb, benchUsersCsv, quietLogger, startSandbox } from './support';
import { assignBenchUsers, benchApp } from './support-app';

const n = Number(process.argv[2] ?? 5000);
const samples = Number(process.argv[3] ?? 100);
const logger = quietLogger;
const BY = { type: 'user' as const, name: 'bench' };

const { store, server, tenantUrl } = await startSandbox();
const { db, secrets, dir } = benchDb();
await importUsersCsv(dir, CLI_ACTOR, benchUsersCsv(n + samples));
const index = (upn: string) => Number(upn.slice(1).split('@')[0]);
const all = db.select({ id: users.id, upn: users.userPrincipalName }).from(users).all();
const first = all.filter((u) => index(u.upn) < n);
const rest = all.filter((u) => index(u.upn) >= n);
// The first n users are provisioned by an initial cycle; the rest are assigned after it, for on-demand creates.
const app = benchApp(
  { db, secrets },
  { tenantUrl, token: store.token(), maxConcurrency: 8, only: (upn) => index(upn) < n },
);
const { engine } = wireEngine({ db, clock: systemClock, logger, secrets });
await startCycle(engine, app.id, BY).done;
assignBenchUsers(
  db,
  app.id,
  rest.map((u) => u.id),
);

async function timed(label: string, ids: string[], before?: (id: string) => void) {
  const ms: number[] = [];
  for (const id of ids) {
    before?.(id);
    const t0 = performance.now();
    const r = await provisionOnDemand(engine, app.id, id, BY);
    ms.push(performance.now() - t0);
    if (r.status === 'failure') throw new Error(`${label} failed: ${r.error?.reason}`);
  }
  ms.sort((a, b) => a - b);
  const q = (p: number) => (ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0).toFixed(1);
  console.log(
    `on demand ${label}: ${ids.length} runs, ${n} users in target: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`,
  );
}

await timed(
  'create',
  rest.map((u) => u.id),
);
await timed(
  'update',
  first.slice(0, samples).map((u) => u.id),
  (id) => updateUser(dir, CLI_ACTOR, id, { jobTitle: 'Lead' }),
);
await timed(
  'no change',
  first.slice(0, samples).map((u) => u.id),
);

let t0 = performance.now();
const plan = await createDryRun(engine, CLI_ACTOR, app.id, 'full');
console.log(
  `dry run, full cycle of ${n + samples} linked users: ${((performance.now() - t0) / 1000).toFixed(2)} s (${plan.counts})`,
);
t0 = performance.now();
await createDriftReport(engine, CLI_ACTOR, app.id);
console.log(`drift report over ${store.countUsers()} target users: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
server.close();
db.$client.close();
store.close();
