/**
 * The SCIM target of bench/pacing.ts, run in its own process (child_process.fork) so that its CPU is not
 * Provisio's and the ratio to the bare client is fair. The sandbox app over an in-memory store, behind:
 * - a fixed latency on every answer (`--latency-ms`), standing for a remote target;
 * - optionally a rate limit (`--rate`): at most that many requests accepted in any one-second window, the
 *   rest answered 429 with Retry-After: 1, as a tenant-wide API limit does.
 * It reports `{ port, token }` to its parent once listening, and answers `stats` with what it counted and
 * `seen` with when each bench change arrived (`--watch-changes`).
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createSandboxApp } from '../src/sandbox/app';
import { openSandboxStore } from '../src/sandbox/store';

const { values } = parseArgs({
  options: {
    'latency-ms': { type: 'string', default: '0' },
    rate: { type: 'string', default: '0' },
    'watch-changes': { type: 'boolean', default: false },
  },
});
const latencyMs = Number(values['latency-ms']);
const rate = Number(values.rate);

const store = openSandboxStore(':memory:');
// With --watch-changes (bench/change-latency.ts): when each "Bench change N" first arrived in a PUT or PATCH,
// in wall-clock ms (performance.timeOrigin + now), which the parent's clock shares.
const seenAt = new Map<number, number>();
const stats = { requests: 0, throttled: 0, users: 0 };
const started = Date.now();
// 429s per 5-second bucket since the first request: where in a run the throttling happens.
const throttledPer5s: number[] = [];
// Acceptance times of the last second, oldest first: a sliding window, so no second ever exceeds `rate`.
const accepted: number[] = [];
let head = 0;

const admitted = (now: number): boolean => {
  if (rate <= 0) return true;
  while (head < accepted.length && (accepted[head] ?? now) <= now - 1000) head += 1;
  if (head > 4096) {
    accepted.splice(0, head);
    head = 0;
  }
  if (accepted.length - head >= rate) return false;
  accepted.push(now);
  return true;
};

const web = new Hono();
web.use('/scim/v2/*', async (c, next) => {
  stats.requests += 1;
  if (values['watch-changes'] && (c.req.method === 'PATCH' || c.req.method === 'PUT')) {
    const m = /Bench change (\d+)/.exec(await c.req.raw.clone().text());
    if (m && !seenAt.has(Number(m[1]))) seenAt.set(Number(m[1]), performance.timeOrigin + performance.now());
  }
  const ok = admitted(Date.now());
  if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
  if (ok) return next();
  stats.throttled += 1;
  const bucket = Math.floor((Date.now() - started) / 5000);
  throttledPer5s[bucket] = (throttledPer5s[bucket] ?? 0) + 1;
  return c.json(
    { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429', detail: 'Too many requests' },
    429,
    { 'Retry-After': '1', 'Content-Type': 'application/scim+json' },
  );
});
web.route('/scim/v2', createSandboxApp({ store }));

const server = serve({ fetch: web.fetch, port: 0, hostname: '127.0.0.1' });
server.once('listening', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ port, token: store.token() });
});
process.on('message', (msg) => {
  if (msg === 'seen') process.send?.({ seen: [...seenAt] });
  if (msg === 'stats')
    process.send?.({ ...stats, users: store.countUsers(), throttledPer5s: Array.from(throttledPer5s, (n) => n ?? 0) });
});
process.on('disconnect', () => process.exit(0));
