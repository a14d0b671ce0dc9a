/**
 * The record of an LDAP source's import runs (source_syncs): one running at a time per source, its counts as
 * it ends, and the status the API and the source page show.
 */
import crypto from 'node:crypto';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { sourceSyncs } from '../../../db/schema';
import type { Clock } from '../../kernel/clock';
import { ConflictError } from '../../kernel/errors';

export type SyncType = 'full' | 'incremental';
export type SyncState = 'running' | 'succeeded' | 'failed' | 'held';
export interface SyncCounts {
  created: number;
  updated: number;
  disabled: number;
  deleted: number;
  failed: number;
}
export const zeroCounts = (): SyncCounts => ({ created: 0, updated: 0, disabled: 0, deleted: 0, failed: 0 });

/** Record a run as started; 409 while another run of the source is going (the row is the lock). */
export function startSyncRun(db: Db, clock: Clock, sourceId: string, type: SyncType, trigger: 'schedule' | 'manual') {
  return db.transaction((tx) => {
    const running = tx
      .select({ id: sourceSyncs.id })
      .from(sourceSyncs)
      .where(and(eq(sourceSyncs.sourceId, sourceId), eq(sourceSyncs.state, 'running')))
      .get();
    if (running)
      throw new ConflictError('sync_running', 'A sync of this source is running; wait for it to end', {
        syncId: running.id,
      });
    const id = crypto.randomUUID();
    tx.insert(sourceSyncs).values({ id, sourceId, type, trigger, state: 'running', startedAt: clock.now() }).run();
    return id;
  });
}

/** Record how a run ended. */
export function finishSyncRun(
  db: Db,
  clock: Clock,
  id: string,
  state: Exclude<SyncState, 'running'>,
  counts: SyncCounts,
  error: string | null,
): void {
  db.transaction((tx) => {
    const row = tx
      .update(sourceSyncs)
      .set({ state, endedAt: clock.now(), ...counts, error })
      .where(eq(sourceSyncs.id, id))
      .returning({ sourceId: sourceSyncs.sourceId, trigger: sourceSyncs.trigger, type: sourceSyncs.type })
      .get();
    if (!row) return;
    // A poll every 10 s is 8,640 runs a day: a scheduled incremental run that changed nothing replaces the
    // previous such run (the status still shows the latest poll), and a source keeps its newest KEEP runs.
    const idle = state === 'succeeded' && Object.values(counts).every((n) => n === 0);
    if (idle && row.trigger === 'schedule' && row.type === 'incremental')
      tx.delete(sourceSyncs)
        .where(
          and(
            eq(sourceSyncs.sourceId, row.sourceId),
            eq(sourceSyncs.trigger, 'schedule'),
            eq(sourceSyncs.type, 'incremental'),
            eq(sourceSyncs.state, 'succeeded'),
            sql`${sourceSyncs.created} + ${sourceSyncs.updated} + ${sourceSyncs.disabled} + ${sourceSyncs.deleted} + ${sourceSyncs.failed} = 0`,
            ne(sourceSyncs.id, id),
          ),
        )
        .run();
    tx.run(
      sql`DELETE FROM ${sourceSyncs} WHERE ${sourceSyncs.sourceId} = ${row.sourceId} AND ${sourceSyncs.id} NOT IN
        (SELECT ${sourceSyncs.id} FROM ${sourceSyncs} WHERE ${sourceSyncs.sourceId} = ${row.sourceId}
         ORDER BY ${sourceSyncs.startedAt} DESC LIMIT ${KEEP_RUNS})`,
    );
  });
}

/** Runs kept per source (the source page shows the newest 20; failures stay visible among them). */
export const KEEP_RUNS = 1000;

/** A run asked as incremental that had no mark to start from ran as full: record what it was. */
export function setSyncType(db: Db, id: string, type: SyncType): void {
  db.update(sourceSyncs).set({ type }).where(eq(sourceSyncs.id, id)).run();
}

/** Runs left `running` by a process that stopped (crash, kill): they will never end, so say so. */
export function failInterruptedRuns(db: Db, clock: Clock): number {
  return db
    .update(sourceSyncs)
    .set({ state: 'failed', endedAt: clock.now(), error: 'Interrupted: Provisio stopped during the sync' })
    .where(eq(sourceSyncs.state, 'running'))
    .run().changes;
}

const view = (r: typeof sourceSyncs.$inferSelect) => ({
  id: r.id,
  type: r.type,
  trigger: r.trigger,
  state: r.state,
  startedAt: r.startedAt,
  endedAt: r.endedAt,
  counts: { created: r.created, updated: r.updated, disabled: r.disabled, deleted: r.deleted, failed: r.failed },
  error: r.error,
});
export type SyncRunView = ReturnType<typeof view>;

/** The latest runs of a source, newest first. */
export function recentSyncRuns(db: Db, sourceId: string, limit = 20): SyncRunView[] {
  return db
    .select()
    .from(sourceSyncs)
    .where(eq(sourceSyncs.sourceId, sourceId))
    .orderBy(desc(sourceSyncs.startedAt))
    .limit(limit)
    .all()
    .map(view);
}

/** `GET /sources/{id}/status`: the running run if any, and the last finished one. */
export function sourceSyncStatus(db: Db, sourceId: string) {
  const runs = recentSyncRuns(db, sourceId, 20);
  const current = runs.find((r) => r.state === 'running') ?? null;
  const last = runs.find((r) => r.state !== 'running') ?? null;
  const state = current ? 'syncing' : !last ? 'never' : last.state === 'succeeded' ? 'idle' : last.state;
  return { state, currentSync: current, lastSync: last };
}
