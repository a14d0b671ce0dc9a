/**
 * Writes provisioning log rows; callers pass their transaction so the row commits with the state change.
 * The row is indexed for full-text search in the same transaction, with the text computed here (see
 * migrations 0003_log_fts and 0006_log_fts_contentless for why the writer does this rather than a trigger).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { provisioningLog } from '../../db/schema';
import { logSearchText } from './search-text';
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

/** Indexes one provisioning_log row: rowid, identity text, body text (see search-text.ts). */
export const INDEX_LOG_ROW_SQL = 'INSERT INTO provisioning_log_fts(rowid, identity, body) VALUES (?, ?, ?)';

/** Insert one log row, and its full-text entry, inside the caller's transaction. */
export function writeLog(tx: Pick<Db, 'insert' | 'run'>, entry: LogEntry): void {
  const { lastInsertRowid } = tx.insert(provisioningLog).values(toLogRow(entry)).run();
  const { identity, body } = logSearchText(entry);
  tx.run(
    sql`INSERT INTO provisioning_log_fts(rowid, identity, body) VALUES (${Number(lastInsertRowid)}, ${identity}, ${body})`,
  );
}
