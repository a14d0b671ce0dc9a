/**
 * Inbound provisioning-log rows: one per create/update/disable/delete a source makes in the directory, in the
 * provisioningObjectSummary shape outbound rows use, with the source as sourceSystem and the directory as
 * targetSystem. There is no application: appId and jobId carry the source (`source:<id>`); the cycle id is the
 * LDAP sync run's (so one import's rows filter together) or a fresh one per SCIM request. The log pages,
 * search and exports treat the row like any other.
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import type { SourceRef } from '../directory/source-owner';
import type { DirectoryDeps } from '../directory/users';
import { newLogId } from '../log/log-id';
import type { ModifiedProperty, ProvisioningAction } from '../log/types';
import { SOURCE_SYSTEM } from '../log/types';
import { writeLog } from '../log/write';

export interface InboundChange {
  source: SourceRef;
  action: ProvisioningAction;
  objectType: 'user' | 'group';
  objectId: string;
  displayName: string | null;
  externalId: string | null;
  request: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  /** The LDAP sync run the change belongs to. */
  cycleId?: string;
  /** A change the source asked for that could not be applied. */
  failure?: { code: string; reason: string; recommendedAction: string | null };
}

const text = (v: unknown) => (v === undefined || v === null ? null : String(v));

/** Old → new per changed attribute (only keys whose value differs). */
export function modifiedProperties(before: Record<string, unknown>, after: Record<string, unknown>) {
  const out: ModifiedProperty[] = [];
  for (const [k, v] of Object.entries(after)) {
    if (text(before[k]) !== text(v)) out.push({ displayName: k, oldValue: text(before[k]), newValue: text(v) });
  }
  return out;
}

/** Write the row inside the caller's transaction. */
export function writeInboundLog(tx: Pick<Db, 'insert' | 'run'>, now: number, e: InboundChange): void {
  const sourceKey = `source:${e.source.id}`;
  writeLog(tx, {
    id: newLogId(),
    appId: sourceKey,
    activityDateTime: now,
    jobId: sourceKey,
    cycleId: e.cycleId ?? crypto.randomUUID(),
    provisioningAction: e.action,
    status: e.failure ? 'failure' : 'success',
    durationMs: 0,
    initiatedBy: { type: 'application', name: e.source.name },
    source: { id: e.externalId ?? e.objectId, displayName: e.displayName, type: e.objectType },
    target: { id: e.objectId, displayName: e.displayName },
    sourceSystem: e.source.name,
    targetSystem: SOURCE_SYSTEM,
    error: e.failure
      ? {
          errorCode: e.failure.code,
          errorCategory: 'failure',
          reason: e.failure.reason,
          recommendedAction: e.failure.recommendedAction,
        }
      : null,
    steps: [
      {
        name: 'EntryImport',
        provisioningStepType: 'import',
        status: 'success',
        description: `Received ${e.request} from the source ${e.source.name}`,
        details: e.externalId ? { externalId: e.externalId } : {},
      },
      {
        name: 'EntryExport',
        provisioningStepType: 'export',
        status: e.failure ? 'failure' : 'success',
        description: e.failure
          ? `${e.action} of the ${e.objectType} in ${SOURCE_SYSTEM} failed: ${e.failure.reason}`
          : `${e.action} of the ${e.objectType} in ${SOURCE_SYSTEM}`,
        details: { id: e.objectId },
      },
    ],
    modifiedProperties: modifiedProperties(e.before ?? {}, e.after ?? {}),
  });
}

/** The row of a DELETE that soft-deleted a source's live object (a DELETE of nothing live writes none). */
export function logInboundDelete(
  ctx: { dir: DirectoryDeps; source: SourceRef },
  objectType: 'user' | 'group',
  objectId: string,
  found: { displayName: string | null; externalId: string | null },
): void {
  const now = ctx.dir.clock.now();
  const resource = objectType === 'user' ? 'Users' : 'Groups';
  ctx.dir.db.transaction((tx) =>
    writeInboundLog(tx, now, {
      source: ctx.source,
      action: 'delete',
      objectType,
      objectId,
      displayName: found.displayName,
      externalId: found.externalId,
      request: `DELETE /${resource}/${objectId}`,
    }),
  );
}
