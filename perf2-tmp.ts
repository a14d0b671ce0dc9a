import { Hono } from 'hono';
import { createSandboxApp } from './src/sandbox/app';
import { openSandboxStore } from './src/sandbox/store';
const n = Number(process.argv[2] ?? 3000);
const store = openSandboxStore(':memory:');
const app = new Hono().route('/scim/v2', createSandboxApp({ store }));
const h = { authorization: `Bearer ${store.token()}`, 'content-type': 'application/scim+json' };
const E = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
let tq = 0, tp = 0;
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  const userName = `user${i}@bench.example`;
  const a = performance.now();
  const q = await app.request(`http://x/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, { headers: h });
  await q.json();
  const b = performance.now();
  const r = await app.request(`http://x/scim/v2/Users`, { method: 'POST', headers: h, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', E], userName, externalId: `u${i}`, active: true, displayName: `User ${i}`, title: 'Engineer', name: { givenName: 'User', familyName: String(i) }, emails: [{ primary: true, type: 'work', value: userName }], [E]: { department: 'R&D', employeeNumber: `E${i}` } }) });
  await r.arrayBuffer();
  tq += b - a; tp += performance.now() - b;
  if ((i + 1) % 1000 === 0) { console.log(i + 1, 'query', (tq / 1000).toFixed(3), 'post', (tp / 1000).toFixed(3)); tq = 0; tp = 0; }
}
console.log('total', (performance.now() - t0).toFixed(0));
