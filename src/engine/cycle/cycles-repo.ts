/** Cycle rows: one per job iteration, with live progress and per-action counters. */

import type Database from 'better-sqlite3';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { connectionUnder, preparedOn } from '../../../db/prepared';
import { cycles } from '../../../db/schema';

export type Cycle = typeof cycles.$inferSelect;
export type Counter = 'created' | 'updated' | 'disabled' | 'deleted' | 'skipped' | 'failed' | 'staged';

type Tx = Pick<Db, 'update'>;

/** Count one processed object (and its outcome) inside the caller's transaction. */
export function countOutcome(tx: Tx, cycleId: string, counter: Counter): void {
  // Once per object: a statement prepared per counter, not a query built per call.
  const conn = connectionUnder<Database.Database>(tx);
  const column = cycles[counter].name;
  preparedOn(conn, `engine.countOutcome.${counter}`, () =>
    conn.prepare(`UPDATE cycles SET processed = processed + 1, "${column}" = "${column}" + 1 WHERE id = ?`),
  ).run(cycleId);
}

/** The running cycle of an app, if any. */
export function runningCycle(db: Db, appId: string): Cycle | undefined {
  return db
    .select()
    .from(cycles)
    .where(and(eq(cycles.appId, appId), eq(cycles.status, 'running')))
    .get();
}

/** The most recent finished cycle of an app, of any type or of the one given. */
export function lastFinishedCycle(db: Db, appId: string, type?: Cycle['type']): Cycle | undefined {
  return db
    .select()
    .from(cycles)
    .where(and(eq(cycles.appId, appId), sql`${cycles.status} <> 'running'`, type ? eq(cycles.type, type) : undefined))
    .orderBy(desc(cycles.startedAt))
    .limit(1)
    .get();
}

/** Recent cycles of an app, newest first. */
export function recentCycles(db: Db, appId: string, limit: number): Cycle[] {
  return db.select().from(cycles).where(eq(cycles.appId, appId)).orderBy(desc(cycles.startedAt)).limit(limit).all();
}

/** A process that died mid-cycle leaves a "running" row; mark such rows failed at start-up. */
export function failOrphanedCycles(db: Db, now: number): number {
  return db
    .update(cycles)
    .set({
      status: 'failed',
      endedAt: now,
      error: 'The server stopped while this cycle was running; the next cycle resumes from the last watermark',
    })
    .where(eq(cycles.status, 'running'))
    .run().changes;
}

/** Progress and counters as the API shows them. */
export function cycleSummary(c: Cycle) {
  return {
    id: c.id,
    type: c.type,
    status: c.status,
    initiatedBy: c.initiatedBy,
    startedAt: new Date(c.startedAt).toISOString(),
    endedAt: c.endedAt ? new Date(c.endedAt).toISOString() : null,
    processed: c.processed,
    total: c.total,
    counts: {
      created: c.created,
      updated: c.updated,
      disabled: c.disabled,
      deleted: c.deleted,
      skipped: c.skipped,
      failed: c.failed,
      staged: c.staged,
    },
    requests: { sent: c.requests, retries: c.retries, throttled: c.throttled, waitedMs: c.waitedMs },
    error: c.error,
  };
}
