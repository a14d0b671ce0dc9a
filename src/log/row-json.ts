/** The JSON shape of a log row: Graph's provisioningObjectSummary (entra.md §1), used by the APIs and NDJSON. */
import type { LogRow } from './query';
import type { ModifiedProperty, ProvisioningStep } from './types';

function parseList<T>(json: string): T[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

/** Steps of a row (an unreadable value reads as none rather than failing a page or an export). */
export function rowSteps(r: Pick<LogRow, 'steps'>): ProvisioningStep[] {
  return parseList<ProvisioningStep>(r.steps);
}

/** Modified properties of a row. */
export function rowModifiedProperties(r: Pick<LogRow, 'modifiedProperties'>): ModifiedProperty[] {
  return parseList<ModifiedProperty>(r.modifiedProperties);
}

/** The API shape of a row (Graph-like nesting, parsed JSON); `appName` fills servicePrincipal. */
export function logRowJson(r: LogRow, appName?: string) {
  return {
    id: r.id,
    changeId: r.id,
    activityDateTime: new Date(r.activityDateTime).toISOString(),
    appId: r.appId,
    jobId: r.jobId,
    cycleId: r.cycleId,
    provisioningAction: r.provisioningAction,
    durationInMilliseconds: r.durationMs,
    initiatedBy: { initiatorType: r.initiatedByType, displayName: r.initiatedByName },
    servicePrincipal: { id: r.appId, displayName: appName ?? null },
    sourceIdentity: { id: r.sourceId, displayName: r.sourceDisplayName, identityType: r.sourceType },
    targetIdentity: { id: r.targetId, displayName: r.targetDisplayName, identityType: r.sourceType },
    sourceSystem: { displayName: r.sourceSystem },
    targetSystem: { displayName: r.targetSystem },
    provisioningStatusInfo: {
      status: r.status,
      errorInformation: r.errorCode
        ? {
            errorCode: r.errorCode,
            errorCategory: r.errorCategory,
            reason: r.errorReason,
            recommendedAction: r.recommendedAction,
          }
        : null,
    },
    provisioningSteps: rowSteps(r),
    modifiedProperties: rowModifiedProperties(r),
  };
}
