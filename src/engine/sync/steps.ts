/** The human-readable provisioning steps of a log row (Entra's step names and wording). Pure. */
import type { ProvisioningStatus, ProvisioningStep } from '../../log/types';
import type { ScopeResult } from './scope';

export interface Subject {
  displayName: string;
  changeKind: string | null;
}

/** Import step: what was read from the directory. */
export function importStep(s: Subject, details: Record<string, string>, source: string): ProvisioningStep {
  return {
    name: 'EntryImport',
    provisioningStepType: 'import',
    status: 'success',
    description: s.changeKind
      ? `Received User '${s.displayName}' change of type (${s.changeKind}) from ${source}`
      : `Retrieved User '${s.displayName}' from ${source}`,
    details,
  };
}

/** Import step for a user that no longer exists in the directory. */
export function importDeletedStep(sourceId: string, source: string): ProvisioningStep {
  return {
    name: 'EntryImportDelete',
    provisioningStepType: 'import',
    status: 'success',
    description: `Received User '${sourceId}' change of type (Delete) from ${source}: the user was permanently deleted`,
    details: { ObjectId: sourceId },
  };
}

/** Scoping step listing each check and its result. */
export function scopingStep(scope: ScopeResult): ProvisioningStep {
  return {
    name: 'EntrySynchronizationScoping',
    provisioningStepType: 'scoping',
    status: scope.inScope ? 'success' : 'skipped',
    description: `Determine if User in scope by evaluating against each scoping filter: ${scope.reason}`,
    details: {
      ...Object.fromEntries(scope.checks.map((c) => [c.name, String(c.passed)])),
      ...(scope.filterResults ? { ScopeEvaluationResult: JSON.stringify(scope.filterResults) } : {}),
    },
  };
}

/** Matching step. */
export function matchingStep(
  status: ProvisioningStatus,
  description: string,
  details: Record<string, string> = {},
): ProvisioningStep {
  return { name: 'EntrySynchronizationMatching', provisioningStepType: 'matching', status, description, details };
}

/** Processing step: the decision taken. */
export function processingStep(status: ProvisioningStatus, description: string): ProvisioningStep {
  return {
    name: 'EntrySynchronizationProcessing',
    provisioningStepType: 'processing',
    status,
    description,
    details: {},
  };
}

/** Export step: the SCIM call and its outcome. */
export function exportStep(
  status: ProvisioningStatus,
  description: string,
  details: Record<string, string> = {},
): ProvisioningStep {
  const name = status === 'failure' ? 'EntryExportFailed' : 'EntryExport';
  return { name, provisioningStepType: 'export', status, description, details };
}
