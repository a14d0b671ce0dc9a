/** Turning an action's result into a log row and link change, written in one synchronous transaction. */
import type { Db } from '../../../db/client';
import { writeRequests } from '../../log/requests';
import type {
  LogError,
  ModifiedProperty,
  ProvisioningAction,
  ProvisioningStatus,
  ProvisioningStep,
} from '../../log/types';
import { SOURCE_SYSTEM } from '../../log/types';
import { writeLog } from '../../log/write';
import type { FlatValues } from '../../mapping/types';
import type { ScimExchange } from '../../scim/client';
import { flatOps, type PatchOperation } from '../../scim/patch-diff';
import { ScimError } from '../../scim/scim-error';
import type { CycleContext } from '../context';
import { type Counter, countOutcome } from '../cycle/cycles-repo';
import { clearEscrow, escrowObject } from '../escrow';

export interface Outcome {
  action: ProvisioningAction;
  status: ProvisioningStatus;
  counter: Counter;
  source: { id: string; displayName: string | null };
  target: { id: string | null; displayName: string | null };
  steps: ProvisioningStep[];
  modified: ModifiedProperty[];
  error: LogError | null;
  /** Link change to make atomically with the log row. */
  apply?: (tx: Pick<Db, 'insert' | 'update' | 'delete'>, now: number) => void;
  /** Incremental cycles do not log skips, so logs are not flooded with "nothing to do". */
  log: boolean;
  /** For a `stagedDelete`: the held action ('disable' or 'delete'), kept in the escrow. */
  heldAction?: 'disable' | 'delete';
  /** The log's identity type; 'user' when absent. */
  sourceType?: 'user' | 'group';
}

const show = (v: unknown): string | null =>
  v === undefined || v === null ? null : Array.isArray(v) ? v.join(';') : String(v);

/** Modified properties of a create: every value sent, old values blank. */
export function createdProperties(values: FlatValues, redacted: ReadonlySet<string>): ModifiedProperty[] {
  return Object.keys(values)
    .sort()
    .map((k) => ({ displayName: k, oldValue: null, newValue: redacted.has(k) ? '[Redact]' : show(values[k]) }));
}

/**
 * Modified properties of a PATCH: old value from what we last exported, new value from the op. A typed
 * entry added whole is listed per mapped path (`emails[type eq "work"].value`), like any other change.
 */
export function patchedProperties(
  ops: PatchOperation[],
  old: FlatValues,
  redacted: ReadonlySet<string>,
): ModifiedProperty[] {
  return flatOps(ops).map((op) => {
    const path = op.path ?? '';
    const hide = redacted.has(path);
    return {
      displayName: path,
      oldValue: hide ? '[Redact]' : show(old[path]),
      newValue: hide ? '[Redact]' : op.op === 'remove' ? null : show(op.value),
    };
  });
}

/**
 * Apply PATCH ops to the flat map of exported values, so the next diff starts from what the target holds.
 * The map is keyed by mapping paths, so a whole-entry add is recorded under the paths it set (`flatOps`).
 */
export function applyOpsToFlat(flat: FlatValues, ops: PatchOperation[]): FlatValues {
  const next: FlatValues = { ...flat };
  for (const op of flatOps(ops)) {
    if (!op.path) continue;
    if (op.op === 'remove') delete next[op.path];
    else next[op.path] = op.value as FlatValues[string];
  }
  return next;
}

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

/** Escrow a failure or a held action, or clear the escrow of an object that went through. */
function escrowFor(tx: Parameters<Parameters<Db['transaction']>[0]>[0], ctx: CycleContext, o: Outcome, now: number) {
  const failed = o.status === 'failure';
  if (!failed && o.heldAction === undefined) return clearEscrow(tx, ctx.app.id, o.source.id);
  escrowObject(
    tx,
    {
      appId: ctx.app.id,
      sourceId: o.source.id,
      kind: failed ? 'failure' : 'staged',
      action: o.heldAction ?? o.action,
      sourceDisplayName: o.source.displayName,
      errorCode: o.error?.errorCode ?? null,
      errorReason: o.error?.reason ?? null,
      cycleId: ctx.cycleId,
    },
    now,
    ctx.deps.escrowPolicy,
  );
}

/** Write the outcome: link change + log row + escrow + cycle counters in one synchronous transaction. */
export function recordOutcome(
  ctx: CycleContext,
  o: Outcome,
  startedAt: number,
  exchanges: readonly ScimExchange[] = [],
): void {
  const { db, clock, newId } = ctx.deps;
  const now = clock.now();
  db.transaction((tx) => {
    o.apply?.(tx, now);
    if (o.log) {
      const id = newId();
      writeLog(tx, {
        id,
        appId: ctx.app.id,
        activityDateTime: now,
        jobId: ctx.app.jobId,
        cycleId: ctx.cycleId,
        provisioningAction: o.action,
        status: o.status,
        durationMs: Math.max(0, now - startedAt),
        initiatedBy: ctx.initiatedBy,
        source: { ...o.source, type: o.sourceType ?? 'user' },
        target: o.target,
        sourceSystem: SOURCE_SYSTEM,
        targetSystem: ctx.targetSystem,
        error: o.error,
        steps: o.steps,
        modifiedProperties: o.modified,
      });
      writeRequests(tx, id, exchanges);
    }
    escrowFor(tx, ctx, o, now);
    countOutcome(tx, ctx.cycleId, o.counter);
  });
}
