/**
 * Escrows: objects a cycle could not finish, carried forward so the watermark can still move. A failure is
 * retried by later incremental cycles once its next attempt is due (the backoff doubles per attempt); a
 * disable/delete held by the deletion guard waits as `staged` until an admin allows deletes. Rows are written
 * in the transaction of the object's log row, so an escrow never exists without the failure it records.
 */

import type Database from 'better-sqlite3';
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { connectionUnder, preparedOn } from '../../db/prepared';
import { escrows } from '../../db/schema';

export type Escrow = typeof escrows.$inferSelect;
type Tx = Pick<Db, 'insert' | 'update' | 'delete' | 'select'>;

/** Backoff before the retry after attempt number `attempts` (1-based): base · 2^(attempts-1), capped. */
export function escrowBackoffMs(attempts: number, policy: { baseMs: number; maxMs: number }): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
}

/** Entra-like defaults: a minute, then 2, 4, 8 ... up to a day. */
export const ESCROW_POLICY = { baseMs: 60_000, maxMs: 24 * 3_600_000 };

export interface EscrowWrite {
  appId: string;
  sourceId: string;
  kind: Escrow['kind'];
  action: string;
  sourceDisplayName: string | null;
  errorCode: string | null;
  errorReason: string | null;
  cycleId: string;
}

/** Record one more failed (or held) attempt; the attempt count and backoff grow with each. */
export function escrowObject(tx: Tx, e: EscrowWrite, now: number, policy = ESCROW_POLICY): void {
  const prev = tx
    .select({ attempts: escrows.attempts, firstAt: escrows.firstAt })
    .from(escrows)
    .where(and(eq(escrows.appId, e.appId), eq(escrows.sourceId, e.sourceId)))
    .get();
  const attempts = (prev?.attempts ?? 0) + 1;
  const values = {
    ...e,
    attempts,
    firstAt: prev?.firstAt ?? now,
    lastAt: now,
    // A held delete is due whenever a cycle runs: it is re-evaluated (the source may have been fixed).
    nextAttempt: e.kind === 'staged' ? now : now + escrowBackoffMs(attempts, policy),
  };
  tx.insert(escrows)
    .values(values)
    .onConflictDoUpdate({ target: [escrows.appId, escrows.sourceId], set: values })
    .run();
}

/** The object went through: forget its escrow, if any. */
export function clearEscrow(tx: Pick<Db, 'delete'>, appId: string, sourceId: string): void {
  // Every object that goes through clears its escrow: prepared once, not built per call.
  const conn = connectionUnder<Database.Database>(tx);
  preparedOn(conn, 'engine.clearEscrow', () =>
    conn.prepare('DELETE FROM escrows WHERE app_id = ? AND source_id = ?'),
  ).run(appId, sourceId);
}

/** Drop every escrow of an app (Restart provisioning). */
export function clearEscrows(tx: Pick<Db, 'delete'>, appId: string): number {
  return tx.delete(escrows).where(eq(escrows.appId, appId)).run().changes;
}

/** Source ids whose next attempt is due: an incremental cycle adds them to its work list. */
export function dueEscrowIds(db: Db, appId: string, now: number): string[] {
  return db
    .select({ id: escrows.sourceId })
    .from(escrows)
    .where(and(eq(escrows.appId, appId), lte(escrows.nextAttempt, now)))
    .orderBy(asc(escrows.nextAttempt))
    .all()
    .map((r) => r.id);
}

/** The escrow queue of an app, soonest next attempt first. */
export function listEscrows(db: Db, appId: string, limit = 500): Escrow[] {
  return db
    .select()
    .from(escrows)
    .where(eq(escrows.appId, appId))
    .orderBy(asc(escrows.nextAttempt), asc(escrows.sourceId))
    .limit(limit)
    .all();
}

/** Make one escrow (or every staged one, with `sourceId` null) due now; returns how many. */
export function makeDue(tx: Pick<Db, 'update'>, appId: string, sourceId: string | null, now: number): number {
  const where =
    sourceId === null
      ? and(eq(escrows.appId, appId), eq(escrows.kind, 'staged'))
      : and(eq(escrows.appId, appId), eq(escrows.sourceId, sourceId));
  return tx.update(escrows).set({ nextAttempt: now }).where(where).run().changes;
}

/** Escrow counts per app and kind, for the status card and /metrics. */
export function escrowCounts(db: Db): { appId: string; kind: Escrow['kind']; n: number }[] {
  return db
    .select({ appId: escrows.appId, kind: escrows.kind, n: sql<number>`count(*)` })
    .from(escrows)
    .groupBy(escrows.appId, escrows.kind)
    .all();
}

/** One escrowed object as the escrows API returns it. */
export function escrowView(e: Escrow) {
  return {
    sourceId: e.sourceId,
    sourceDisplayName: e.sourceDisplayName,
    kind: e.kind,
    action: e.action,
    attempts: e.attempts,
    firstFailedAt: new Date(e.firstAt).toISOString(),
    lastAttemptAt: new Date(e.lastAt).toISOString(),
    nextAttempt: new Date(e.nextAttempt).toISOString(),
    lastError: e.errorCode === null ? null : { code: e.errorCode, reason: e.errorReason },
    cycleId: e.cycleId,
  };
}

export type EscrowView = ReturnType<typeof escrowView>;
