/** A failure as the log's error fields: SCIM errors from their own table, engine failures from the one here. */
import type { LogError } from '../../log/types';
import { ScimError } from '../../scim/scim-error';

/** Engine-side failures (not answers of the target), with Entra's codes. */
const ENGINE_ERRORS: Record<string, { entraCode: string; recommendedAction: string }> = {
  expression_eval_failed: {
    entraCode: 'ExpressionEvaluationFailed',
    recommendedAction: 'Fix the attribute mapping expression named in the reason',
  },
  // Provisio's code (Entra documents none for it): a mapped value its target attribute's type cannot take.
  mapping_value_type: {
    entraCode: 'AttributeValueTypeMismatch',
    recommendedAction:
      'Change the mapping so it produces a value of the target attribute\'s type (for example "True" or "False" for a Boolean)',
  },
  DuplicateTargetEntries: {
    entraCode: 'DuplicateTargetEntries',
    recommendedAction: 'Remove the duplicate accounts in the target app, or match on an attribute that is unique there',
  },
  DuplicateSourceEntries: {
    entraCode: 'DuplicateSourceEntries',
    recommendedAction: 'Make the matching attribute unique in the directory (two users map to the same target account)',
  },
};

/** Log fields for a failure, from the SCIM error table when the target answered. */
export function toLogError(err: unknown): LogError {
  if (err instanceof ScimError) {
    return {
      errorCode: err.entraCode,
      errorCategory: err.category,
      reason: err.message,
      recommendedAction: err.recommendedAction ?? null,
    };
  }
  const e = err as { code?: string; message?: string };
  const known = e.code ? ENGINE_ERRORS[e.code] : undefined;
  if (known && e.code) {
    return {
      errorCode: known.entraCode,
      errorCategory: 'nonServiceFailure',
      reason: e.message ?? e.code,
      recommendedAction: known.recommendedAction,
    };
  }
  return {
    errorCode: 'InternalError',
    errorCategory: 'failure',
    reason: e.message ?? String(err),
    recommendedAction: null,
  };
}
