/**
 * The failures the demo's past shows, classified by the SCIM client's own error table (RFC 7644 §3.12 rows
 * with Entra's codes), so a seeded row reads exactly like one the engine wrote for the same answer.
 */
import type { LogError } from '../log/types';
import { renderTemplate, ruleForStatus, type ScimOperation } from '../scim/error-table';

export interface PlannedFailure {
  status: number;
  scimType: string | null;
  operation: ScimOperation;
  method: 'POST' | 'PATCH' | 'GET';
  /** The target's own `detail` (RFC 7644 §3.12), quoted in the reason as the client does. */
  detail: string | null;
}

/** The everyday failures: a duplicate on create, an object removed in the target, a refused value. */
export const FAILURES = {
  duplicate: {
    status: 409,
    scimType: 'uniqueness',
    operation: 'create',
    method: 'POST',
    detail: 'userName is already in use by another account',
  },
  goneInTarget: { status: 404, scimType: null, operation: 'update', method: 'PATCH', detail: 'Resource not found' },
  badValue: {
    status: 400,
    scimType: 'invalidValue',
    operation: 'update',
    method: 'PATCH',
    detail: 'preferredLanguage must be a valid language tag',
  },
  throttled: { status: 429, scimType: null, operation: 'update', method: 'PATCH', detail: 'Rate limit exceeded' },
  unauthorized: { status: 401, scimType: null, operation: 'update', method: 'PATCH', detail: null },
} as const satisfies Record<string, PlannedFailure>;

/** The log's error fields for a failure, as `toLogError` builds them from a ScimError. */
export function logErrorOf(f: PlannedFailure): LogError {
  const rule = ruleForStatus(f.status, f.scimType, f.operation);
  const reason = renderTemplate(rule.reason, { status: f.status, location: '', host: 'localhost' });
  return {
    errorCode: rule.entraCode,
    errorCategory: rule.category,
    reason: f.detail ? `${reason} The target said: "${f.detail}"` : reason,
    recommendedAction: rule.recommendedAction,
  };
}
