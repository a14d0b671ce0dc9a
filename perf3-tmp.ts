import SCIMMY from 'scimmy';
import { declareSandboxResources } from './src/sandbox/resources';
import { openSandboxStore } from './src/sandbox/store';
declareSandboxResources();
const E = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const body = (i: number) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', E], userName: `u${i}@x`, externalId: `u${i}`, active: true, displayName: `User ${i}`, title: 'Engineer', name: { givenName: 'User', familyName: String(i) }, emails: [{ primary: true, type: 'work', value: `u${i}@x` }], [E]: { department: 'R&D', employeeNumber: `E${i}` } });
const time = async (label: string, n: number, f: (i: number) => unknown) => { const t = performance.now(); for (let i = 0; i < n; i++) await f(i); console.log(label, ((performance.now() - t) / n * 1000).toFixed(0), 'us'); };
for (let round = 0; round < 3; round++) {
await time('schema in', 2000, (i) => new SCIMMY.Schemas.User(body(i), 'in'));
const inst = new SCIMMY.Schemas.User(body(1), 'in');
await time('stringify in', 2000, () => JSON.stringify(inst));
const out = new SCIMMY.Schemas.User({ ...body(1), id: 'x', meta: { resourceType: 'User', created: new Date().toISOString(), lastModified: new Date().toISOString(), location: 'http://x/Users/x' } }, 'out');
await time('schema out', 2000, (i) => new SCIMMY.Schemas.User({ ...body(i), id: 'x', meta: { resourceType: 'User', created: '2026-01-01T00:00:00.000Z', lastModified: '2026-01-01T00:00:00.000Z', location: 'http://x/Users/x' } }, 'out'));
await time('stringify out', 2000, () => JSON.stringify(out));
const store = openSandboxStore(':memory:');
const ctx = () => ({ rows: store, baseUrl: 'http://x', page: { startIndex: 1, count: 100 }, total: 0 });
await time('write', 2000, (i) => new SCIMMY.Resources.User().write(body(i + round * 100000), ctx()));
await time('filter parse', 2000, (i) => new SCIMMY.Types.Filter(`userName eq "u${i}@x"`));
}
