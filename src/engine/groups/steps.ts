/** Trace steps and the source object of a group (Entra's step names, worded for groups). Pure. */
import type { ProvisioningStatus, ProvisioningStep } from '../../log/types';
import type { SourceObject } from '../../mapping/types';

export interface SourceGroup {
  id: string;
  displayName: string;
  mailNickname: string | null;
  description: string | null;
  deletedAt: number | null;
}

/** What the group mappings read; `members` is sent as deltas, never through the mapping values. */
export function groupSource(g: SourceGroup, inScope: boolean): SourceObject {
  return {
    objectId: g.id,
    displayName: g.displayName,
    mailNickname: g.mailNickname,
    description: g.description,
    IsSoftDeleted: g.deletedAt !== null || !inScope,
  };
}

export function groupImportStep(g: SourceGroup | null, id: string, changeKind: string | null, source: string) {
  const step: ProvisioningStep = {
    name: g ? 'EntryImport' : 'EntryImportDelete',
    provisioningStepType: 'import',
    status: 'success',
    description: !g
      ? `Received Group '${id}' change of type (Delete) from ${source}: the group was permanently deleted`
      : changeKind
        ? `Received Group '${g.displayName}' change of type (${changeKind}) from ${source}`
        : `Retrieved Group '${g.displayName}' from ${source}`,
    details: g ? { ObjectId: g.id, displayName: g.displayName, IsSoftDeleted: String(g.deletedAt !== null) } : {},
  };
  return step;
}

/** Group scope: active, and assigned with a provisioning role unless the app syncs all. */
export function groupScope(
  g: SourceGroup | null,
  appScope: 'assigned' | 'all',
  assignment: { role: string; isDefaultAccess: boolean } | null,
) {
  if (!g) return { inScope: false, reason: 'Group was deleted', checks: {} as Record<string, string> };
  const checks: Record<string, string> = { 'Active in the source system': String(g.deletedAt === null) };
  if (g.deletedAt !== null) return { inScope: false, reason: 'Group is soft-deleted in the directory', checks };
  if (appScope === 'all') return { inScope: true, reason: 'Group is active and scope is sync all', checks };
  checks['Assigned to the application'] = String(assignment !== null);
  if (!assignment) return { inScope: false, reason: 'Group is not assigned to the application', checks };
  checks['Group has the required role'] = String(!assignment.isDefaultAccess);
  if (assignment.isDefaultAccess) {
    return {
      inScope: false,
      reason: `Group is assigned with role ${assignment.role}, which is excluded from provisioning`,
      checks,
    };
  }
  return { inScope: true, reason: `Group is assigned to the application with role ${assignment.role}`, checks };
}

/** Apply the app's group scoping filters to a group otherwise in scope (filters OR, clauses AND). */
export function withGroupFilters(
  scope: ReturnType<typeof groupScope>,
  filters: { passed: boolean; results: Record<string, Record<string, boolean>> } | null,
): ReturnType<typeof groupScope> {
  if (!filters || !scope.inScope || Object.keys(filters.results).length === 0) return scope;
  const checks = { ...scope.checks, 'Scoping filter evaluation passed': String(filters.passed) };
  if (filters.passed) return { ...scope, reason: `${scope.reason}; scoping filter evaluation passed`, checks };
  const failed = Object.entries(filters.results).flatMap(([f, clauses]) =>
    Object.entries(clauses)
      .filter(([, ok]) => !ok)
      .map(([c]) => `${f}: ${c} is false`),
  );
  return { inScope: false, reason: `Group does not pass any scoping filter (${failed.join('; ')})`, checks };
}

export function groupScopingStep(scope: ReturnType<typeof groupScope>): ProvisioningStep {
  return {
    name: 'EntrySynchronizationScoping',
    provisioningStepType: 'scoping',
    status: scope.inScope ? 'success' : 'skipped',
    description: `Determine if Group in scope: ${scope.reason}`,
    details: scope.checks,
  };
}

/** Entra's referenceResolution step: members resolved to target ids, or named when they could not be. */
export function referenceStep(
  group: string,
  resolved: number,
  unresolved: readonly string[],
  targetSystem: string,
): ProvisioningStep {
  const status: ProvisioningStatus = unresolved.length > 0 ? 'warning' : 'success';
  return {
    name: 'EntryReferenceResolution',
    provisioningStepType: 'referenceResolution',
    status,
    description:
      unresolved.length > 0
        ? `Resolved ${resolved} member(s) of Group '${group}' to ${targetSystem} ids; ${unresolved.length} could not be resolved because they are not provisioned: ${unresolved.join(', ')}`
        : `Resolved ${resolved} member(s) of Group '${group}' to ${targetSystem} ids`,
    details: unresolved.length > 0 ? { UnresolvedMembers: unresolved.join(', ') } : {},
  };
}
