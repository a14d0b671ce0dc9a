/**
 * Group commit of object outcomes (issue 16 item 1): outcomes of one tick share a transaction, and none is
 * reported (its promise resolved) before that transaction committed. A second connection to the same file
 * is the witness: it sees only what is committed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../db/client';
import { cycles } from '../../db/schema';
import { createApplication, getApplication, setProvisioning } from '../../src/apps/applications';
import { assignPrincipal } from '../../src/apps/assignments';
import { createSecretBox } from '../../src/auth/secret-box';
import { createUser } from '../../src/directory/users';
import type { CycleContext } from '../../src/engine/context';
import { startCycle } from '../../src/engine/cycle/run';
import { MAX_BATCH } from '../../src/engine/sync/outcome-batch';
import { type Outcome, recordOutcome } from '../../src/engine/sync/record-outcome';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { wireEngine } from '../../src/wiring';
import { silentLogger } from '../support/engine-harness';
import { type ScimServerHandle, startScimServer } from '../support/scim-server';

let dir: string;
let file: string;
let scim: ScimServerHandle;
let db: ReturnType<typeof openDb>;
let reader: Database.Database;
let appId: string;
let engine: ReturnType<typeof wireEngine>['engine'];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'group-commit-'));
  file = path.join(dir, 'provisio.db');
  scim = await startScimServer();
  db = openDb(file);
  const secrets = createSecretBox(crypto.randomBytes(32));
  engine = wireEngine({ db, clock: systemClock, logger: silentLogger, secrets, timeoutMs: 5000 }).engine;
  const deps = { db, clock: systemClock, secrets };
  const app = createApplication(deps, CLI_ACTOR, {
    name: 'Group Commit App',
    template: 'scim',
    tenantUrl: scim.baseUrl,
    secretToken: scim.token,
    allowHttp: true,
  });
  setProvisioning(deps, CLI_ACTOR, app.id, true);
  appId = app.id;
  reader = new Database(file, { readonly: true });
});

afterEach(async () => {
  reader.close();
  db.$client.close();
  await scim.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function addUser(n: string) {
  const u = createUser({ db, clock: systemClock, onChange: () => {} }, CLI_ACTOR, {
    userPrincipalName: `${n}@contoso.example`,
    mail: `${n}@contoso.example`,
    mailNickname: n,
    displayName: `${n} Example`,
  });
  assignPrincipal({ db, clock: systemClock, onChange: () => {} }, CLI_ACTOR, appId, {
    principalId: u.id,
    role: 'User',
  });
  return u;
}

/** A real cycle context (of an empty cycle, run to its end) to record outcomes with. */
async function context(): Promise<CycleContext> {
  const started = startCycle(engine, appId, { type: 'user', name: 'test' });
  await started.done;
  return started.ctx;
}

function skip(sourceId: string): Outcome {
  return {
    action: 'other',
    status: 'skipped',
    counter: 'skipped',
    source: { id: sourceId, displayName: sourceId },
    target: { id: null, displayName: null },
    steps: [],
    modified: [],
    error: null,
    log: true,
  };
}

/** What the other connection sees: committed rows only. */
const seenRows = (sourceId: string) =>
  (reader.prepare('SELECT count(*) AS n FROM provisioning_log WHERE source_id = ?').get(sourceId) as { n: number }).n;
const seenProcessed = (cycleId: string) =>
  (reader.prepare('SELECT processed FROM cycles WHERE id = ?').get(cycleId) as { processed: number }).processed;

/** Counts the top-level transactions begun on the engine's connection from now on. */
function countTransactions(): { readonly n: number } {
  const client = db.$client;
  const original = client.transaction.bind(client);
  const counter = { n: 0 };
  client.transaction = ((fn: (...a: unknown[]) => unknown) => {
    const tx = original(fn);
    const wrapped = (...a: unknown[]) => {
      if (!client.inTransaction) counter.n++;
      return tx(...a);
    };
    return Object.assign(wrapped, { deferred: wrapped, immediate: wrapped, exclusive: wrapped });
  }) as typeof client.transaction;
  return counter;
}

/** A TEMP trigger failing the log row of one source: ABORT fails that statement, ROLLBACK the transaction. */
function failRowOf(sourceId: string, how: 'ABORT' | 'ROLLBACK', extra = '') {
  db.$client.exec(
    `CREATE TEMP TRIGGER fail_${how.toLowerCase()} BEFORE INSERT ON main.provisioning_log
     WHEN NEW.source_id = '${sourceId}'${extra} BEGIN SELECT RAISE(${how}, 'injected failure'); END`,
  );
}

describe('group commit of outcomes', () => {
  it('never reports an outcome before its transaction commits', async () => {
    const ctx = await context();
    const before = seenProcessed(ctx.cycleId);
    const ids = ['u-a', 'u-b', 'u-c'];
    const seenAtResolve: number[] = [];
    const settled: string[] = [];
    const all = ids.map((id) =>
      recordOutcome(ctx, skip(id), Date.now()).then(() => {
        settled.push(id);
        seenAtResolve.push(seenRows(id));
      }),
    );
    // Queued, not yet written: nothing committed, nothing reported, even after the microtasks ran.
    await Promise.resolve();
    expect(settled).toEqual([]);
    expect(ids.map(seenRows)).toEqual([0, 0, 0]);
    expect(seenProcessed(ctx.cycleId)).toBe(before);
    await Promise.all(all);
    expect(settled).toEqual(ids);
    expect(seenAtResolve).toEqual([1, 1, 1]);
    expect(seenProcessed(ctx.cycleId)).toBe(before + 3);
  });

  it('commits the outcomes of one tick in one transaction, in the order they came', async () => {
    const ctx = await context();
    const tx = countTransactions();
    const ids = Array.from({ length: 10 }, (_, i) => `same-tick-${i}`);
    await Promise.all(ids.map((id) => recordOutcome(ctx, skip(id), Date.now())));
    expect(tx.n).toBe(1);
    const order = reader
      .prepare("SELECT source_id FROM provisioning_log WHERE source_id LIKE 'same-tick-%' ORDER BY rowid")
      .all()
      .map((r) => (r as { source_id: string }).source_id);
    expect(order).toEqual(ids);
    // Another tick, another transaction.
    await recordOutcome(ctx, skip('next-tick'), Date.now());
    expect(tx.n).toBe(2);
  });

  it('flushes a full batch at once, without waiting for the end of the tick', async () => {
    const ctx = await context();
    const tx = countTransactions();
    const ids = Array.from({ length: MAX_BATCH + 1 }, (_, i) => `cap-${i}`);
    const all = ids.map((id) => recordOutcome(ctx, skip(id), Date.now()));
    // Still the same tick: the first MAX_BATCH are committed already, the last one waits for the tick's end.
    expect(tx.n).toBe(1);
    expect(seenRows(`cap-${MAX_BATCH - 1}`)).toBe(1);
    expect(seenRows(`cap-${MAX_BATCH}`)).toBe(0);
    await Promise.all(all);
    expect(tx.n).toBe(2);
    expect(seenRows(`cap-${MAX_BATCH}`)).toBe(1);
  });

  it('rejects a failing outcome alone: its batch-mates commit, nothing of it does', async () => {
    const ctx = await context();
    const before = seenProcessed(ctx.cycleId);
    failRowOf('bad', 'ABORT');
    // Each outcome changes its cycle row before its log row is inserted, as a link change would.
    const withChange = (id: string): Outcome => ({
      ...skip(id),
      apply: (tx) =>
        tx
          .update(cycles)
          .set({ total: sql`${cycles.total} + 1` })
          .where(eq(cycles.id, ctx.cycleId))
          .run(),
    });
    const total = () =>
      (reader.prepare('SELECT total FROM cycles WHERE id = ?').get(ctx.cycleId) as { total: number }).total;
    const totalBefore = total();
    const ids = ['good-1', 'bad', 'good-2'];
    const results = await Promise.allSettled(ids.map((id) => recordOutcome(ctx, withChange(id), 0)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/injected failure/);
    expect([seenRows('good-1'), seenRows('bad'), seenRows('good-2')]).toEqual([1, 0, 1]);
    // The failed outcome's change ran before its row and was rolled back with its savepoint.
    expect(total()).toBe(totalBefore + 2);
    expect(seenProcessed(ctx.cycleId)).toBe(before + 2);
  });

  it('rejects the whole batch when its transaction is lost, and none of it is visible', async () => {
    const ctx = await context();
    const before = seenProcessed(ctx.cycleId);
    failRowOf('poison', 'ROLLBACK');
    const ids = ['first', 'poison', 'last'];
    const results = await Promise.allSettled(ids.map((id) => recordOutcome(ctx, skip(id), 0)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(ids.map(seenRows)).toEqual([0, 0, 0]);
    expect(seenProcessed(ctx.cycleId)).toBe(before);
    // The connection is usable afterwards: the next batch commits.
    await recordOutcome(ctx, skip('after'), 0);
    expect(seenRows('after')).toBe(1);
  });
});

describe('group commit in a cycle', () => {
  const logOf = (sourceId: string) =>
    reader
      .prepare('SELECT provisioning_action AS action, status FROM provisioning_log WHERE source_id = ?')
      .all(sourceId) as { action: string; status: string }[];
  const linkOf = (sourceId: string) =>
    reader.prepare('SELECT target_id FROM connector_objects WHERE app_id = ? AND source_id = ?').get(appId, sourceId);

  it('records an object whose create row could not commit as a failure, with no link, and the others as created', async () => {
    const ok = [addUser('alice'), addUser('bob')];
    const bad = addUser('carol');
    failRowOf(bad.id, 'ABORT', " AND NEW.provisioning_action = 'create'");
    const started = startCycle(engine, appId, { type: 'user', name: 'test' });
    await started.done;
    for (const u of ok) expect(logOf(u.id)).toEqual([{ action: 'create', status: 'success' }]);
    expect(logOf(bad.id)).toEqual([{ action: 'other', status: 'failure' }]);
    // The link change was in the failed savepoint: rolled back with the row, so the next cycle retries.
    expect(linkOf(bad.id)).toBeUndefined();
    const cycle = reader.prepare('SELECT status, created, failed FROM cycles WHERE id = ?').get(started.cycleId);
    expect(cycle).toMatchObject({ created: 2, failed: 1 });
  });

  it('fails the cycle and keeps the watermark when an outcome cannot be recorded at all', async () => {
    addUser('dave');
    const erin = addUser('erin');
    failRowOf(erin.id, 'ABORT');
    const started = startCycle(engine, appId, { type: 'user', name: 'test' });
    await started.done;
    const cycle = reader.prepare('SELECT status, watermark_to FROM cycles WHERE id = ?').get(started.cycleId);
    expect(cycle).toMatchObject({ status: 'failed', watermark_to: null });
    const app = getApplication(db, appId);
    expect(app.initialCycleDone).toBe(false);
    expect(app.watermark).toBe(0);
    expect(logOf(erin.id)).toEqual([]);
  });
});
