/**
 * Turning an action's result into a log row and link change, written atomically: in a savepoint of a group
 * commit shared with the other outcomes of the same tick (outcome-batch.ts).
 */
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
import type { ScimExchange } from '../../scim/client';
import type { CycleContext } from '../context';
import { type Counter, countOutcome } from '../cycle/cycles-repo';
import { clearEscrow, escrowObject } from '../escrow';
import { dropIntents } from '../intents/intent-store';
import { commitOutcome } from './outcome-batch';

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

/** Escrow a failure or a held action, or clear the escrow of an object that went through. */
function escrowFor(tx: Db, ctx: CycleContext, o: Outcome, now: number) {
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

/**
 * Write the outcome: link change + log row + escrow + cycle counters, atomically, together with the deletion
 * of the intents of the writes it accounts for (`intents`), so none outlives its row. Resolves once that is
 * committed, and only then: await it before reporting the outcome anywhere (a rejection means nothing of
 * it was written). The activity time is taken now, not at the commit.
 */
export function recordOutcome(
  ctx: CycleContext,
  o: Outcome,
  startedAt: number,
  exchanges: readonly ScimExchange[] = [],
  intents: readonly string[] = [],
): Promise<void> {
  const { db, clock, newId } = ctx.deps;
  const now = clock.now();
  const id = o.log ? newId() : null;
  return commitOutcome(db, (tx) => {
    o.apply?.(tx, now);
    if (id !== null) {
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
    dropIntents(tx, intents);
  });
}
