/** Provisioning log shapes, after Graph's provisioningObjectSummary (entra.md §1). */

export type ProvisioningAction = 'create' | 'update' | 'delete' | 'disable' | 'other' | 'stagedDelete';
export type ProvisioningStatus = 'success' | 'failure' | 'skipped' | 'warning';
export type StepType = 'import' | 'scoping' | 'matching' | 'processing' | 'referenceResolution' | 'export';

export interface ProvisioningStep {
  name: string;
  provisioningStepType: StepType;
  status: ProvisioningStatus;
  description: string;
  details: Record<string, string>;
}

export interface ModifiedProperty {
  displayName: string;
  oldValue: string | null;
  newValue: string | null;
}

export interface LogError {
  errorCode: string;
  errorCategory: 'failure' | 'nonServiceFailure';
  reason: string;
  recommendedAction: string | null;
}

/** Everything needed to write one row; the repo adds nothing but the JSON encoding. */
export interface LogEntry {
  id: string;
  appId: string;
  activityDateTime: number;
  jobId: string;
  cycleId: string;
  provisioningAction: ProvisioningAction;
  status: ProvisioningStatus;
  durationMs: number;
  initiatedBy: { type: 'system' | 'user' | 'application'; name: string };
  source: { id: string; displayName: string | null; type: 'user' | 'group' };
  target: { id: string | null; displayName: string | null };
  sourceSystem: string;
  targetSystem: string;
  error: LogError | null;
  steps: ProvisioningStep[];
  modifiedProperties: ModifiedProperty[];
}

export const SOURCE_SYSTEM = 'Provisio directory';
