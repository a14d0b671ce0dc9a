/** Shared set-up for the benchmarks: a loopback sandbox SCIM app, a fresh database, generated users. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { openDb } from '../db/client';
import { createSecretBox } from '../src/auth/secret-box';
import { systemClock } from '../src/kernel/clock';
import { createSandboxApp } from '../src/sandbox/app';
import { openSandboxStore } from '../src/sandbox/store';

/** The sandbox app in memory on 127.0.0.1:0; `web` may carry middleware (e.g. request counters) first. */
export async function startSandbox(web: Hono = new Hono()) {
  const store = openSandboxStore(':memory:');
  web.route('/scim/v2', createSandboxApp({ store }));
  const server = serve({ fetch: web.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  return { store, server, tenantUrl: `http://127.0.0.1:${port}/scim/v2` };
}

/**
 * A fresh database with the migrations, a secret box and directory deps with no listener. A WAL file in the
 * temp directory, as deployed (a commit there writes the WAL; in memory it writes nothing, which hid the cost
 * group commit saves), removed at exit; BENCH_DB=memory keeps it in memory as the benches before issue 16 did.
 */
export function benchDb() {
  const file =
    process.env.BENCH_DB === 'memory'
      ? ':memory:'
      : path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-bench-')), 'bench.db');
  if (file !== ':memory:') process.once('exit', () => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
  const db = openDb(file);
  const secrets = createSecretBox(crypto.randomBytes(32));
  return { db, secrets, dir: { db, clock: systemClock, onChange: () => {} } };
}

/** CSV text of `count` users u0…u{count-1}@bench.example with the attributes the default mapping sends. */
export function benchUsersCsv(count: number): string {
  const header = 'userPrincipalName,mail,mailNickname,displayName,givenName,surname,jobTitle,department,employeeId';
  const row = (i: number) => `u${i}@bench.example,u${i}@bench.example,u${i},User ${i},User,${i},Engineer,R&D,E${i}`;
  return [header, ...Array.from({ length: count }, (_, i) => row(i))].join('\n');
}

/** A logger that drops everything (benchmarks print their own figures). */
export const quietLogger = { info() {}, warn() {}, error() {} };
