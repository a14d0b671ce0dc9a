/**
 * Benchmark (issue 14): an LDAP source against a real slapd loaded with N inetOrgPerson users in G groups
 * (default 100,000 in 100, loaded with slapadd). Prints the full import's time, entries/s and peak RSS, then
 * idle incremental polls (nothing changed since the mark) and one poll after a single change.
 * Usage: node --import tsx bench/ldap-import.ts [users] [groups] [polls]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Attribute, Change } from 'ldapts';
import { openDb } from '../db/client';
import { createSecretBox } from '../src/auth/secret-box';
import { CLI_ACTOR } from '../src/kernel/actor';
import { systemClock } from '../src/kernel/clock';
import { mappingEnvOf } from '../src/mapping/env';
import { createLdapSource } from '../src/sources/ldap/ldap-source';
import { CLOCK_MARGIN_MS, runLdapSync } from '../src/sources/ldap/sync';
import { type SyncType, startSyncRun } from '../src/sources/ldap/sync-runs';
import { userDn } from '../test/support/people-ldif';
import { peopleLdif, startSlapd } from '../test/support/slapd';

const n = Number(process.argv[2] ?? 100_000);
const g = Number(process.argv[3] ?? 100);
const polls = Number(process.argv[4] ?? 20);

const t0 = performance.now();
const loadedAt = Date.now();
const slapd = await startSlapd({ ldif: peopleLdif({ users: n, groups: g, baseDn: 'dc=example,dc=org' }) });
console.log(`slapadd + start: ${((performance.now() - t0) / 1000).toFixed(1)} s for ${n} users, ${g} groups`);

// A database file, as in production: an in-memory one would count the whole database in the process's RSS.
const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-ldap-bench-'));
const db = openDb(path.join(dbDir, 'bench.db'));
const secrets = createSecretBox(crypto.randomBytes(32));
const dir = { db, clock: systemClock, onChange: () => {} };
const source = createLdapSource({ db, clock: systemClock, secrets }, CLI_ACTOR, {
  type: 'ldap',
  name: 'Bench LDAP',
  url: slapd.url,
  bindDn: slapd.adminDn,
  bindPassword: slapd.adminPassword,
  baseDn: slapd.baseDn,
  pageSize: 500,
  schedule: { paused: true },
});
const deps = { dir, secrets, env: mappingEnvOf(systemClock) };
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function sync(type: SyncType) {
  const syncId = startSyncRun(db, systemClock, source.id, type, 'manual');
  const start = performance.now();
  const r = await runLdapSync(deps, { syncId, sourceId: source.id, type, actor: CLI_ACTOR });
  return { ms: performance.now() - start, ...r };
}

const full = await sync('full');
console.log(
  `full import: ${(full.ms / 1000).toFixed(1)} s, ${Math.round((n + g) / (full.ms / 1000))} entries/s, ` +
    `state ${full.state}, counts ${JSON.stringify(full.counts)}, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
);

// slapadd stamped every entry at load time, and a poll reads again what changed within CLOCK_MARGIN_MS
// (sync.ts): that re-read after a mass change is measured first, then the steady state once the margin passed.
const massChange = await sync('incremental');
console.log(
  `poll within ${CLOCK_MARGIN_MS / 1000} s of a ${n}-entry change: ${(massChange.ms / 1000).toFixed(1)} s, counts ${JSON.stringify(massChange.counts)}`,
);
const settle = CLOCK_MARGIN_MS - (Date.now() - loadedAt) + 1000;
if (settle > 0) await new Promise((r) => setTimeout(r, settle));
const ldap = await slapd.client();
await ldap.modify(userDn(1, slapd.baseDn), [
  new Change({ operation: 'replace', modification: new Attribute({ type: 'title', values: ['Moved the mark'] }) }),
]);
const one = await sync('incremental');
console.log(`poll with 1 change: ${one.ms.toFixed(1)} ms, counts ${JSON.stringify(one.counts)}`);
const times: number[] = [];
for (let i = 0; i < polls; i++) times.push((await sync('incremental')).ms);
times.sort((a, b) => a - b);
const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]?.toFixed(1);
console.log(`idle incremental poll (${polls} runs): p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${p(1)} ms`);

clearInterval(sampler);
await ldap.unbind();
await slapd.stop();
db.$client.close();
fs.rmSync(dbDir, { recursive: true, force: true });
