/** Shared set-up for the benchmarks: a loopback sandbox SCIM app, a fresh database, generated users. */
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
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

/** An in-memory database with the migrations, a secret box and directory deps with no listener. */
export function benchDb() {
  const db = openDb(':memory:');
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
