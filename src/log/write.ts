/** Writes provisioning log rows; callers pass their transaction so the row commits with the state change. */
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

/** Insert one log row inside the caller's transaction. */
export function writeLog(tx: Pick<Db, 'insert'>, entry: LogEntry): void {
  tx.insert(provisioningLog).values(toLogRow(entry)).run();
}
