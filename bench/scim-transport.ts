/**
 * Benchmark (issue 16 item 1, the transport): CPU per SCIM request in this process for the three ways
 * `scim/http.ts` can send, through the same `Transport` interface and body reader, against a 0 ms SCIM target
 * in its own process (bench/support-target.ts): the global fetch (before), undici's fetch on a tuned Agent,
 * and `Dispatcher.request` on the same tuned Agent (what wiring uses). Each round sends N users as GET filter
 * + POST at c=8; after a warm-up, the three run interleaved, `rounds` times, each against a fresh target.
 * Usage: node --import tsx bench/scim-transport.ts [users=3000] [rounds=2]
 */
import { Agent, fetch as undiciFetch } from 'undici';
import { readCapped } from '../src/scim/read-body';
import { scimErrorFromNetwork } from '../src/scim/scim-error';
import { fetchTransport, type Transport, undiciTransport } from '../src/scim/transport';
import { startTarget, type Target } from './support-target';

const n = Number(process.argv[2] ?? 3000);
const rounds = Number(process.argv[3] ?? 2);
const C = 8;
const TIMEOUT = 30_000;

const tuned = () =>
  new Agent({ connections: 32, pipelining: 1, keepAliveTimeout: 15_000, keepAliveMaxTimeout: 30_000 });
const KINDS: Array<[string, () => Transport]> = [
  ['global fetch', () => fetchTransport(globalThis.fetch)],
  [
    'undici fetch, tuned Agent',
    () => {
      const agent = tuned();
      return fetchTransport(((url: URL, init: object) => undiciFetch(url, { ...init, dispatcher: agent })) as never);
    },
  ],
  ['Dispatcher.request, tuned Agent', () => undiciTransport(tuned())],
];

const ctx = { operation: 'get' as const, method: 'GET', path: '/Users', host: 'bench', secrets: [] };
const networkError = (err: unknown) => scimErrorFromNetwork(err, { ...ctx, timeoutMs: TIMEOUT });

async function run(t: Target, transport: Transport, n: number): Promise<{ perSec: number; cpuUs: number }> {
  const headers = { Authorization: `Bearer ${t.token}`, Accept: 'application/scim+json' };
  const send = async (method: string, url: string, body: string | null) => {
    const signal = AbortSignal.timeout(TIMEOUT);
    const h = body === null ? headers : { ...headers, 'Content-Type': 'application/scim+json' };
    const res = await transport({ method, url: new URL(url), headers: h, body, signal, timeoutMs: TIMEOUT });
    JSON.parse(await readCapped(res, 5 * 1024 * 1024, ctx, networkError));
  };
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      const userName = `t${i}@bench.example`;
      await send('GET', `${t.tenantUrl}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, null);
      const user = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, active: true };
      await send('POST', `${t.tenantUrl}/Users`, JSON.stringify(user));
    }
  };
  await Promise.all(Array.from({ length: C }, worker));
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { perSec: n / secs, cpuUs: (cpu.user + cpu.system) / (2 * n) };
}

// Warm-up (JIT, lazy modules) so the first kind measured is not the one paying for it.
for (const [, make] of KINDS) {
  const t = await startTarget(0, 0);
  await run(t, make(), 200);
  t.close();
}
const results = new Map<string, Array<{ perSec: number; cpuUs: number }>>(KINDS.map(([k]) => [k, []]));
for (let r = 0; r < rounds; r++) {
  for (const [name, make] of KINDS) {
    const t = await startTarget(0, 0);
    results.get(name)?.push(await run(t, make(), n));
    t.close();
  }
}
const base = results.get('global fetch') ?? [];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const baseCpu = mean(base.map((x) => x.cpuUs));
for (const [name, xs] of results) {
  const cpu = mean(xs.map((x) => x.cpuUs));
  console.log(
    `${name}: ${xs.map((x) => `${x.perSec.toFixed(0)} users/s, ${x.cpuUs.toFixed(0)} µs CPU/request`).join('; ')}` +
      ` → mean ${cpu.toFixed(0)} µs/request, ${(cpu / baseCpu).toFixed(2)} × global fetch`,
  );
}
process.exit(0);
