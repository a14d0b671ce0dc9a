/**
 * Benchmark (issue 16 item 2): adaptive pacing against a remote-like target. For each row, a fresh SCIM target
 * in its own process (bench/pacing-target.ts: the sandbox with 50 ms latency, optionally a 100 req/s limit
 * answered with 429 + Retry-After: 1), first the bare-client ceiling (GET filter + POST per user, plain fetch,
 * measured in the same run), then a Provisio initial cycle of N users with default settings on another fresh
 * target. Prints users/s, the ratio, % of 429s and the pacing Provisio ended with.
 * Usage: node --import tsx bench/pacing.ts [users=3000] [rows=latency,limited] [limit=100]
 * (a lower limit shows the learning on a host too busy to reach 100 req/s at all).
 */

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

const n = Number(process.argv[2] ?? 3000);
const only = (process.argv[3] ?? 'latency,limited').split(',');
const limit = Number(process.argv[4] ?? 100);
const ROWS = [
  {
    key: 'latency',
    label: 'same, target with 50 ms latency, default settings',
    latencyMs: 50,
    rate: 0,
    goal: '≥ 100 users/s',
  },
  {
    key: 'limited',
    label: `50 ms latency + ${limit} req/s rate limit (429 + Retry-After beyond it)`,
    latencyMs: 50,
    rate: limit,
    goal: `≥ ${(0.4 * limit).toFixed(0)} users/s, ≤ 2 % 429s`,
  },
].filter((r) => only.includes(r.key));

/** A Provisio initial cycle of `users` with default application settings; samples the pacing as it runs. */
async function provisio(t: Target, count: number) {
  const { db, secrets, dir } = benchDb();
  await importUsersCsv(dir, CLI_ACTOR, benchUsersCsv(count));
  const deps = { db, clock: systemClock, secrets };
  const app = benchApp(deps, { tenantUrl: t.tenantUrl, token: t.token });
  const { engine } = wireEngine({ db, clock: systemClock, logger: quietLogger, secrets });
  let peakLimit = 0;
  const timer = setInterval(() => (peakLimit = Math.max(peakLimit, engine.pacing?.view(app.id)?.limit ?? 0)), 50);
  const t0 = performance.now();
  const started = startCycle(engine, app.id, { type: 'user', name: 'bench' });
  await started.done;
  const secs = (performance.now() - t0) / 1000;
  clearInterval(timer);
  const row = db.select().from(cycles).where(eq(cycles.id, started.cycleId)).get();
  const view = engine.pacing?.view(app.id);
  db.$client.close();
  return { secs, perSec: count / secs, row, view, peakLimit, maxConcurrency: app.maxConcurrency };
}

const fmt = (x: number) => x.toFixed(0);
for (const r of ROWS) {
  // The ceiling: the better of c=8 and c=32 without knowledge of a limit, or exact pacing at the known limit.
  const levels: Array<{ c: number; pace?: number }> = r.rate > 0 ? [{ c: 32, pace: r.rate }] : [{ c: 8 }, { c: 32 }];
  const bare: string[] = [];
  let ceiling = 0;
  for (const l of levels) {
    const t = await startTarget(r.latencyMs, r.rate);
    const perSec = await bareClient(t, n, l.c, l.pace ?? 0);
    t.close();
    ceiling = Math.max(ceiling, perSec);
    bare.push(`c=${l.c}${l.pace ? ` paced at ${l.pace} req/s` : ''} ${fmt(perSec)}`);
  }
  const t = await startTarget(r.latencyMs, r.rate);
  const p = await provisio(t, n);
  const target = await t.stats();
  t.close();
  const pct429 = (100 * target.throttled) / Math.max(1, target.requests);
  const learned = p.view?.learnedRate == null ? 'not limited' : `${p.view.learnedRate.toFixed(1)} req/s`;
  console.log(
    `${r.label}: ${n} users, bare client ${bare.join(', ')} users/s → ceiling ${fmt(ceiling)} users/s; ` +
      `Provisio ${fmt(p.perSec)} users/s (${p.secs.toFixed(1)} s), ratio ${(p.perSec / ceiling).toFixed(2)}, ` +
      `${target.throttled} 429s of ${target.requests} requests (${pct429.toFixed(2)} %), created ${target.users}; ` +
      `limit ${p.view?.limit ?? '?'} at the end (peak ${p.peakLimit}, ceiling ${p.maxConcurrency}), learned rate ${learned}, ` +
      `waited ${((p.row?.waitedMs ?? 0) / 1000).toFixed(1)} s summed over requests. Goal ${r.goal}`,
  );
  // The target also reports when its 429s came (per 5 s of its life): an opening burst, or probing.
  const per5s = (target as { throttledPer5s?: number[] }).throttledPer5s ?? [];
  if (target.throttled > 0) console.log(`  429s per 5 s of the target's life: ${per5s.join(' ')}`);
}
process.exit(0);
