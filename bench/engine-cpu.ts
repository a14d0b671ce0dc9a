/**
 * Benchmark (issue 16 item 1): engine CPU per user. An initial cycle of N assigned users (default 10,000)
 * against a 0 ms SCIM target in its own process (bench/support-target.ts), with the bare GET+POST client at
 * c=8 as the ceiling, measured in the same run against another fresh target. For both: users/s and the CPU
 * this process spent per user (process.cpuUsage, user + system; the target's CPU is the child's, not counted).
 * Set-up (CSV import, assignments) is outside the measured span.
 * Usage: node --import tsx bench/engine-cpu.ts [users=10000] [profile.cpuprofile]
 * With a second argument, the V8 CPU profile of the cycle alone (not the set-up, not the bare client) is
 * written there; `--cpu-prof` would mix in both. Summarise it with bench/cpuprofile-top.ts.
 */

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { eq } from 'drizzle-orm';
import { cycles } from '../db/schema';
import { importUsersCsv } from '../src/directory/csv-import';
import { startCycle } from '../src/engine/cycle/run';
import { CLI_ACTOR } from '../src/kernel/actor';
import { systemClock } from '../src/kernel/clock';
import { wireEngine } from '../src/wiring';
import { benchDb, benchUsersCsv, quietLogger } from './support';
import { benchApp } from './support-app';
import { bareClient, startTarget, type Target } from './support-target';

const n = Number(process.argv[2] ?? 10_000);
const profileOut = process.argv[3];

/** Starts the V8 profiler when a profile was asked for; the returned function stops it and writes the file. */
async function profileSpan(): Promise<() => Promise<void>> {
  if (!profileOut) return async () => {};
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profileOut, JSON.stringify(profile));
    session.disconnect();
  };
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

async function bare(t: Target) {
  const cpu0 = process.cpuUsage();
  const perSec = await bareClient(t, n, 8);
  return { perSec, cpuPerUser: cpuMs(cpu0) / n };
}

async function provisio(t: Target) {
  const { db, secrets, dir } = benchDb();
  await importUsersCsv(dir, CLI_ACTOR, benchUsersCsv(n));
  const deps = { db, clock: systemClock, secrets };
  const app = benchApp(deps, { tenantUrl: t.tenantUrl, token: t.token });
  const { engine } = wireEngine({ db, clock: systemClock, logger: quietLogger, secrets });
  const stopProfile = await profileSpan();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const started = startCycle(engine, app.id, { type: 'user', name: 'bench' });
  await started.done;
  const secs = (performance.now() - t0) / 1000;
  const cpuPerUser = cpuMs(cpu0) / n;
  await stopProfile();
  const row = db.select().from(cycles).where(eq(cycles.id, started.cycleId)).get();
  const limit = engine.pacing?.view(app.id)?.limit;
  db.$client.close();
  return { perSec: n / secs, secs, cpuPerUser, status: row?.status, limit };
}

const t1 = await startTarget(0, 0);
const b = await bare(t1);
t1.close();
const t2 = await startTarget(0, 0);
const p = await provisio(t2);
const created = (await t2.stats()).users;
t2.close();
const f0 = (x: number) => x.toFixed(0);
const f2 = (x: number) => x.toFixed(2);
console.log(
  `initial cycle, ${n.toLocaleString('en')} assigned users, 0 ms target: Provisio ${f0(p.perSec)} users/s ` +
    `(${p.secs.toFixed(1)} s, cycle ${p.status}, ${created} created, limit ${p.limit ?? '?'} at the end) vs bare ` +
    `GET+POST client c=8 ceiling ${f0(b.perSec)} users/s, ratio ${f2(p.perSec / b.perSec)}; CPU per user in this ` +
    `process: Provisio ${f2(p.cpuPerUser)} ms, bare client ${f2(b.cpuPerUser)} ms`,
);
process.exit(0);
