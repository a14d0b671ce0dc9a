/**
 * Benchmark: an initial cycle of N users (default 10,000) in G groups (default 500) of 50 members on average,
 * against the sandbox SCIM app over loopback HTTP. Users are in scope only through the groups assigned to
 * the app; groups are created after the users and filled with chunked member PATCHes.
 * Usage: node --import tsx bench/groups-cycle.ts [users] [groups] [concurrency]
 */
import { Hono } from 'hono';
import { createApplication, setProvisioning } from '../src/apps/applications';
import { assignPrincipal } from '../src/apps/assignments';
import { importUsersCsv } from '../src/directory/csv-import';
import { createGroup } from '../src/directory/groups';
import { addMembers } from '../src/directory/memberships';
import { listUsers } from '../src/directory/users';
import { startCycle } from '../src/engine/cycle/run';
import { CLI_ACTOR } from '../src/kernel/actor';
import { systemClock } from '../src/kernel/clock';
import { wireEngine } from '../src/wiring';
import { benchDb, quietLogger, startSandbox } from './support';

const n = Number(process.argv[2] ?? 10_000);
const groupCount = Number(process.argv[3] ?? 500);
const concurrency = Number(process.argv[4] ?? 4);
const perGroup = 50;
const logger = quietLogger;

const counts = new Map<string, number>();
const web = new Hono();
web.use('*', async (c, next) => {
  const key = `${c.req.method} ${c.req.path.split('/')[3] ?? ''}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
  await next();
});
const { store, server, tenantUrl } = await startSandbox(web);
const { db, secrets, dir } = benchDb();
const header = 'userPrincipalName,displayName,department';
const rows = Array.from({ length: n }, (_, i) => `u${i}@bench.example,User ${i},R&D`);
const s0 = performance.now();
await importUsersCsv(dir, CLI_ACTOR, [header, ...rows].join('\n'));
const all = listUsers(db, { limit: n }).items.map((u) => u.id);
const app = createApplication({ db, clock: systemClock, secrets }, CLI_ACTOR, {
  name: 'Bench',
  template: 'scim',
  tenantUrl,
  secretToken: store.token(),
  allowHttp: true,
  maxConcurrency: concurrency,
});
// Group g holds 50 consecutive users from g·(n/G): every user is in 2.5 groups on average.
const stride = Math.max(1, Math.floor(n / groupCount));
let memberships = 0;
for (let g = 0; g < groupCount; g++) {
  const grp = createGroup(dir, CLI_ACTOR, { displayName: `Group ${g}` });
  const ids = Array.from({ length: perGroup }, (_, k) => all[(g * stride + k) % n] as string);
  memberships += addMembers(dir, CLI_ACTOR, grp.id, { memberIds: ids }).added;
  assignPrincipal(dir, CLI_ACTOR, app.id, { principalId: grp.id, role: 'User' });
}
const setupSecs = (performance.now() - s0) / 1000;
setProvisioning({ db, clock: systemClock, secrets }, CLI_ACTOR, app.id, true);
const { engine } = wireEngine({ db, clock: systemClock, logger, secrets });

let peak = process.memoryUsage().rss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const t0 = performance.now();
const started = startCycle(engine, app.id, { type: 'user', name: 'bench' });
// The group phase starts when the first group request arrives.
let groupsAt = 0;
const poll = setInterval(() => {
  if (!groupsAt && (counts.get('GET Groups') ?? 0) > 0) groupsAt = performance.now();
}, 20);
await started.done;
const secs = (performance.now() - t0) / 1000;
clearInterval(timer);
clearInterval(poll);
const targetMembers = store.listGroups().reduce((sum, g) => sum + (g.members?.length ?? 0), 0);
console.log(
  `setup: ${n} users, ${groupCount} groups, ${memberships} memberships, assigned through groups in ${setupSecs.toFixed(1)} s`,
);
console.log(
  `initial cycle (concurrency ${concurrency}): ${secs.toFixed(1)} s total; users ${((groupsAt - t0) / 1000).toFixed(1)} s, ` +
    `groups ${((performance.now() - groupsAt) / 1000).toFixed(1)} s; ${store.countUsers()} users and ${store.countGroups()} groups ` +
    `with ${targetMembers} members in the target; peak RSS ${(peak / 1048576).toFixed(0)} MB`,
);
console.log(`requests: ${JSON.stringify(Object.fromEntries([...counts].sort()))}`);
server.close();
db.$client.close();
store.close();
