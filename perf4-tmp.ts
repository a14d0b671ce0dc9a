import { openSandboxStore } from './src/sandbox/store';
const store = openSandboxStore(':memory:');
let t = performance.now();
for (let i = 0; i < 20000; i++) {
  store.byName('User', `u${i}@x`);
  const now = new Date().toISOString();
  store.insert({ id: crypto.randomUUID(), kind: 'User', data: { userName: `u${i}@x`, externalId: `u${i}`, name: { givenName: 'a', familyName: 'b' }, emails: [{ value: `u${i}@x`, type: 'work', primary: true }] }, created: now, lastModified: now });
  if ((i + 1) % 4000 === 0) { console.log(i + 1, ((performance.now() - t) / 4000 * 1000).toFixed(1), 'us/op'); t = performance.now(); }
}
