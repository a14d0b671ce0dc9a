import { startScimServer } from './test/support/scim-server';
const n = Number(process.argv[2] ?? 1000);
const s = await startScimServer();
const h = { authorization: `Bearer ${s.token}`, 'content-type': 'application/scim+json' };
const E = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const t0 = performance.now();
let lap = t0;
for (let i = 0; i < n; i++) {
  const userName = `user${i}@bench.example`;
  const q = await fetch(`${s.baseUrl}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, { headers: h });
  const list = (await q.json()) as { totalResults: number };
  if (list.totalResults !== 0) throw new Error('unexpected');
  const r = await fetch(`${s.baseUrl}/Users`, { method: 'POST', headers: h, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', E], userName, externalId: `u${i}`, active: true, displayName: `User ${i}`, title: 'Engineer', name: { givenName: 'User', familyName: String(i) }, emails: [{ primary: true, type: 'work', value: userName }], [E]: { department: 'R&D', employeeNumber: `E${i}` } }) });
  if (r.status !== 201) throw new Error(`status ${r.status}`);
  await r.arrayBuffer();
  if ((i + 1) % 2000 === 0) { const now = performance.now(); console.log(`${i + 1}: last 2000 in ${(now - lap).toFixed(0)} ms`); lap = now; }
}
const ms = performance.now() - t0;
console.log(`${n} pairs: ${ms.toFixed(0)} ms, ${(ms / n).toFixed(2)} ms/pair, users=${s.store.countUsers()}`);
s.requests.length = 0;
const t1 = performance.now();
await (await fetch(`${s.baseUrl}/Users?filter=${encodeURIComponent('title eq "Engineer"')}&count=5`, { headers: h })).json();
console.log(`full-scan filter over ${n}: ${(performance.now() - t1).toFixed(0)} ms`);
const t2 = performance.now();
await (await fetch(`${s.baseUrl}/Users?startIndex=${n - 50}&count=100`, { headers: h })).json();
console.log(`unfiltered page at the end: ${(performance.now() - t2).toFixed(0)} ms`);
await s.close();
