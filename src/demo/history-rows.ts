/**
 * A planned past action as the provisioning-log row the engine writes for it (pure): Entra's step names and
 * wording from engine/sync/steps.ts, the error fields from the SCIM error table, the modified properties.
 */
import { exportStep, importStep, matchingStep, processingStep } from '../engine/sync/steps';
import type { LogEntry, ModifiedProperty, ProvisioningStep } from '../log/types';
import { SOURCE_SYSTEM } from '../log/types';
import { logErrorOf } from './history-errors';
import type { PlannedCycle, PlannedRow } from './history-plan';

export interface RowIds {
  appId: string;
  jobId: string;
  targetSystem: string;
}

const VERB = { create: 'create', update: 'update', disable: 'disable', other: 'process' } as const;

function scoping(): ProvisioningStep {
  return {
    name: 'EntrySynchronizationScoping',
    provisioningStepType: 'scoping',
    status: 'success',
    description: 'Determine if User in scope by evaluating against each scoping filter: assigned to the application',
    details: { 'Active in the source system': 'true', 'Assigned to the application': 'true' },
  };
}

function modifiedOf(r: PlannedRow): ModifiedProperty[] {
  if (r.status !== 'success') return [];
  const p = r.person;
  if (r.action === 'create')
    return [
      { displayName: 'userName', oldValue: null, newValue: p.userPrincipalName },
      { displayName: 'displayName', oldValue: null, newValue: p.displayName },
      { displayName: 'active', oldValue: null, newValue: 'True' },
      { displayName: 'emails[type eq "work"].value', oldValue: null, newValue: p.userPrincipalName },
    ];
  if (r.action === 'disable') return [{ displayName: 'active', oldValue: 'True', newValue: 'False' }];
  return r.change ? [{ displayName: r.change.attribute, oldValue: r.change.from, newValue: r.change.to }] : [];
}

function stepsOf(r: PlannedRow, ids: RowIds, changeKind: string | null): ProvisioningStep[] {
  const p = r.person;
  const name = p.displayName;
  const steps = [
    importStep(
      { displayName: name, changeKind },
      // The engine's keys (evaluate.ts importDetails), so a past row is found by its UPN as a live one is.
      { ObjectId: p.id, UPN: p.userPrincipalName, displayName: name },
      SOURCE_SYSTEM,
    ),
    scoping(),
    r.action === 'create'
      ? matchingStep(
          'success',
          `User '${name}' was not found in ${ids.targetSystem} (userName eq "${p.userPrincipalName}")`,
        )
      : matchingStep('success', `User '${name}' is linked to ${ids.targetSystem} object ${r.targetId}`),
    processingStep(
      'success',
      `User '${name}' will be ${r.action === 'disable' ? 'disabled' : `${VERB[r.action]}d`} in ${ids.targetSystem}`,
    ),
  ];
  if (r.failure) {
    const error = logErrorOf(r.failure);
    const path = r.action === 'create' ? '/Users' : `/Users/${r.targetId}`;
    steps.push(
      exportStep('failure', `Failed to ${VERB[r.action]} User '${name}' in ${ids.targetSystem}: ${error.reason}`, {
        Request: `${r.failure.method} ${path}`,
        ResponseStatus: String(r.failure.status),
      }),
    );
  } else {
    const sent = modifiedOf(r)
      .map((m) => `${m.displayName}=${m.newValue ?? '(removed)'}`)
      .join('; ');
    steps.push(
      exportStep(
        'success',
        `User '${name}' was ${r.action === 'disable' ? 'disabled' : `${VERB[r.action]}d`} in ${ids.targetSystem}`,
        sent ? { AttributesSent: sent } : {},
      ),
    );
  }
  return steps;
}

/** The log row of one planned action; `id` is the row's change id. */
export function logEntryOf(id: string, r: PlannedRow, cycle: PlannedCycle, ids: RowIds): LogEntry {
  const changeKind = cycle.type === 'initial' ? null : r.action === 'create' ? 'Add' : 'Update';
  return {
    id,
    appId: ids.appId,
    activityDateTime: r.at + r.durationMs,
    jobId: ids.jobId,
    cycleId: cycle.id,
    provisioningAction: r.action,
    status: r.status,
    durationMs: r.durationMs,
    initiatedBy: cycle.initiatedBy,
    source: { id: r.person.id, displayName: r.person.displayName, type: 'user' },
    target: { id: r.action === 'create' && r.failure ? null : r.targetId, displayName: r.person.displayName },
    sourceSystem: SOURCE_SYSTEM,
    targetSystem: ids.targetSystem,
    error: r.failure ? logErrorOf(r.failure) : null,
    steps: stepsOf(r, ids, changeKind),
    modifiedProperties: modifiedOf(r),
  };
}
