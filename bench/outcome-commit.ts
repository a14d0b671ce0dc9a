/**
 * Benchmark (issue 16 item 1, group commit): CPU per recorded outcome when outcomes commit one transaction
 * each (batch 1: each awaited before the next is queued, as with one worker) against batches of several
 * queued in the same tick (as concurrent workers do). Same process, same database, same outcome shape (a
 * create's log row with steps and two request exchanges, counters, escrow clear): the ratios are the figure.
 * Runs on a WAL file database (as deployed) and on :memory: (as bench/engine-cpu.ts, where a COMMIT writes
 * nothing).
 * Usage: node --import tsx bench/outcome-commit.ts [outcomes per batch size=6000] [batch sizes=1,4,8,32,200]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../db/client';
import { createSecretBox } from '../src/auth/secret-box';
import type { CycleContext } from '../src/engine/context';
import { startCycle } from '../src/engine/cycle/run';
import { type Outcome, recordOutcome } from '../src/engine/sync/record-outcome';
import { exportStep, processingStep } from '../src/engine/sync/steps';
import { systemClock } from '../src/kernel/clock';
import type { ScimExchange } from '../src/scim/client';
import { wireEngine } from '../src/wiring';
import { quietLogger } from './support';
import { benchApp } from './support-app';

const n = Number(process.argv[2] ?? 6000);
const sizes = (process.argv[3] ?? '1,4,8,32,200').split(',').map(Number);

/** A real cycle context on `file`: an app (pointed nowhere: an empty cycle sends nothing) and its empty cycle. */
async function contextOn(file: string): Promise<{ ctx: CycleContext; close: () => void }> {
  const db = openDb(file);
  const secrets = createSecretBox(crypto.randomBytes(32));
  const app = benchApp({ db, secrets }, { tenantUrl: 'http://127.0.0.1:9/scim/v2', token: 'unused' });
  const { engine } = wireEngine({ db, clock: systemClock, logger: quietLogger, secrets });
  const started = startCycle(engine, app.id, { type: 'user', name: 'bench' });
  await started.done;
  return { ctx: started.ctx, close: () => db.$client.close() };
}

const exchange = (i: number, method: string, status: number): ScimExchange => ({
  method,
  path: method === 'GET' ? `/Users?filter=userName%20eq%20%22u${i}%40bench.example%22` : '/Users',
  status,
  durationMs: 1,
  requestBody: method === 'GET' ? null : JSON.stringify({ userName: `u${i}@bench.example`, active: true }),
  responseBody: JSON.stringify({ id: `t${i}`, userName: `u${i}@bench.example` }),
  attempt: 1,
  waitedMs: 0,
});

function created(i: number): Outcome {
  return {
    action: 'create',
    status: 'success',
    counter: 'created',
    source: { id: `s${i}`, displayName: `User ${i}` },
    target: { id: `t${i}`, displayName: `User ${i}` },
    steps: [
      processingStep('success', `User 'u${i}@bench.example' is in scope`),
      exportStep('success', `User 'u${i}@bench.example' was created`, { id: `t${i}` }),
    ],
    modified: [{ displayName: 'userName', oldValue: null, newValue: `u${i}@bench.example` }],
    error: null,
    log: true,
  };
}

/** CPU ms per outcome for `n` outcomes recorded in batches of `size` (each batch awaited before the next). */
async function run(ctx: CycleContext, size: number, offset: number): Promise<number> {
  const cpu0 = process.cpuUsage();
  for (let done = 0; done < n; done += size) {
    const batch: Promise<void>[] = [];
    for (let j = done; j < Math.min(n, done + size); j++) {
      const i = offset + j;
      batch.push(recordOutcome(ctx, created(i), Date.now(), [exchange(i, 'GET', 200), exchange(i, 'POST', 201)]));
    }
    await Promise.all(batch);
  }
  const d = process.cpuUsage(cpu0);
  return (d.user + d.system) / 1000 / n;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outcome-commit-'));
for (const [label, file] of [
  ['WAL file', path.join(dir, 'bench.db')],
  [':memory:', ':memory:'],
] as const) {
  const { ctx, close } = await contextOn(file);
  await run(ctx, 8, 1_000_000); // warm-up: JIT, statement caches
  const figures: string[] = [];
  let base = 0;
  for (const [k, size] of sizes.entries()) {
    const ms = await run(ctx, size, (k + 2) * 1_000_000);
    if (k === 0) base = ms;
    figures.push(`batch ${size}: ${(ms * 1000).toFixed(0)} µs (${(ms / base).toFixed(2)})`);
  }
  close();
  console.log(`outcome commit CPU per outcome, ${label}, ${n} outcomes each: ${figures.join(', ')}`);
}
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
