/**
 * Writes provisioning log rows; callers pass their transaction so the row commits with the state change.
 * The row is indexed for full-text search in the same transaction (see migration 0003_log_fts for why the
 * writer does this rather than an INSERT trigger).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { provisioningLog } from '../../db/schema';
import type { LogEntry } from './types';

/** The row for one entry (JSON-encoded steps and modified properties). */
export function toLogRow(e: LogEntry): typeof provisioningLog.$inferInsert {
  return {
    id: e.id,
    appId: e.appId,
    activityDateTime: e.activityDateTime,
    jobId: e.jobId,
    cycleId: e.cycleId,
    provisioningAction: e.provisioningAction,
    status: e.status,
    durationMs: e.durationMs,
    initiatedByType: e.initiatedBy.type,
    initiatedByName: e.initiatedBy.name,
    sourceId: e.source.id,
    sourceDisplayName: e.source.displayName,
    sourceType: e.source.type,
    targetId: e.target.id,
    targetDisplayName: e.target.displayName,
    sourceSystem: e.sourceSystem,
    targetSystem: e.targetSystem,
    errorCode: e.error?.errorCode ?? null,
    errorCategory: e.error?.errorCategory ?? null,
    errorReason: e.error?.reason ?? null,
    recommendedAction: e.error?.recommendedAction ?? null,
    steps: JSON.stringify(e.steps),
    modifiedProperties: JSON.stringify(e.modifiedProperties),
  };
}

/** The statement that indexes one provisioning_log row (by rowid) from the search view. */
export const INDEX_LOG_ROW_SQL =
  'INSERT INTO provisioning_log_fts(rowid, identity, body) SELECT log_rowid, identity, body FROM provisioning_log_search WHERE log_rowid = ?';

/** Insert one log row, and its full-text entry, inside the caller's transaction. */
export function writeLog(tx: Pick<Db, 'insert' | 'run'>, entry: LogEntry): void {
  const { lastInsertRowid } = tx.insert(provisioningLog).values(toLogRow(entry)).run();
  tx.run(sql`${sql.raw(INDEX_LOG_ROW_SQL.slice(0, -1))}${Number(lastInsertRowid)}`);
}
