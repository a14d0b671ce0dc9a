/**
 * Benchmark (issue 16 item 1b): change → target latency under a steady stream. Provisions N users (default
 * 2,000) to a SCIM target in its own process (bench/support-target.ts, so its CPU is not Provisio's), then
 * streams C directory updates (default 3,000) at R/s (default 100) through the real Scheduler (production 1 s
 * debounce) and prints p50/p95/max from each write to the target receiving it (both clocks are the host's
 * wall clock: performance.timeOrigin + now). Usage: node --import tsx bench/change-latency.ts [users] [changes] [perSecond]
 */

import { users } from '../db/schema';
import { importUsersCsv } from '../src/directory/csv-import';
import type { DirectoryChange } from '../src/directory/journal';
import { updateUser } from '../src/directory/users';
import { Scheduler } from '../src/engine/cycle/scheduler';
import { CLI_ACTOR } from '../src/kernel/actor';
import { systemClock } from '../src/kernel/clock';
import { wireEngine } from '../src/wiring';
import { benchDb, benchUsersCsv, quietLogger } from './support';
import { benchApp } from './support-app';
import { startTarget } from './support-target';

const n = Number(process.argv[2] ?? 2_000);
const changes = Number(process.argv[3] ?? 3_000);
const perSecond = Number(process.argv[4] ?? 100);

// The target notes when each change's value first arrives (PUT/PATCH bodies carry the new title).
const target = await startTarget(0, 0, { watchChanges: true });
const wall = () => performance.timeOrigin + performance.now();
const { db, secrets } = benchDb();
let scheduler: Scheduler | null = null;
const dir = { db, clock: systemClock, onChange: (c: DirectoryChange[]) => scheduler?.nudge(c) };
await importUsersCsv(dir, CLI_ACTOR, benchUsersCsv(n));
const app = benchApp({ db, secrets }, { tenantUrl: target.tenantUrl, token: target.token });
const ids = db
  .select({ id: users.id })
  .from(users)
  .all()
  .map((u) => u.id);
const { engine } = wireEngine({ db, clock: systemClock, logger: quietLogger, secrets });
scheduler = new Scheduler(engine, { debounceMs: 1000 });
scheduler.refresh(app.id); // the initial cycle provisions everyone
await scheduler.idle();
console.log(`provisioned ${(await target.stats()).users} users; streaming ${changes} changes at ${perSecond}/s`);

const writtenAt: number[] = [];
const t0 = performance.now();
for (let i = 0; i < changes; i++) {
  const wait = t0 + (i * 1000) / perSecond - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  updateUser(dir, CLI_ACTOR, ids[i % ids.length] ?? '', { jobTitle: `Bench change ${i}` });
  writtenAt.push(wall());
}
const streamSecs = (performance.now() - t0) / 1000;
const deadline = performance.now() + 60_000;
let seenAt = await target.seen();
while (seenAt.size < changes && performance.now() < deadline) {
  await new Promise((r) => setTimeout(r, 200));
  seenAt = await target.seen();
}
await scheduler.stop();

const lat = writtenAt
  .map((at, i) => (seenAt.get(i) ?? Number.NaN) - at)
  .filter((x) => !Number.isNaN(x))
  .sort((a, b) => a - b);
const pct = (p: number) => ((lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] ?? 0) / 1000).toFixed(2);
console.log(
  `change → target: ${lat.length}/${changes} arrived (stream took ${streamSecs.toFixed(1)} s): ` +
    `p50 ${pct(50)} s, p95 ${pct(95)} s, max ${pct(100)} s`,
);
target.close();
db.$client.close();
process.exit(0);
