/**
 * The end of a cycle, in one transaction: its status, counters and request statistics; the watermark (only
 * when every object was processed); and the quarantine verdict. A halted cycle (401/403, expired token)
 * keeps the watermark, so the next attempt re-reads the same changes; a cycle that tripped the deletion guard
 * or the failure proportion moves it, since the escrows carry the held and failed objects forward.
 */
import { eq } from 'drizzle-orm';
import { cycles } from '../../../db/schema';
import { getApplication } from '../../apps/applications';
import { linkCounts } from '../connector-store';
import type { CycleContext } from '../context';
import { recordCompletedCycle } from '../jobs';
import { enterQuarantine, leaveQuarantine, proportionTripped, type QuarantineCause } from '../quarantine';
import { guardReason } from '../sync/action-gates';

/** What the cycle's end decided, for the notifications sent after the transaction. */
export interface CycleVerdict {
  quarantined: (QuarantineCause & { notify: boolean; nextAttempt: number | null }) | null;
  left: boolean;
  failed: number;
  processed: number;
  startedAt: number;
}

function causeOf(ctx: CycleContext, failed: number, processed: number): QuarantineCause | null {
  if (ctx.halt) return ctx.halt;
  if (ctx.cancelled) return null;
  const { app } = ctx;
  if (ctx.guard) return { reason: 'TooManyDeletes', detail: guardReason(app, ctx.guard.held, ctx.guard.linked) };
  if (proportionTripped(failed, processed, app.quarantineMinFailures, app.quarantineFailurePercent)) {
    const pct = Math.round((failed / processed) * 100);
    return {
      reason: 'EncounteredEscrowProportionThreshold',
      detail: `${failed} of ${processed} objects failed (${pct} %), over the ${app.quarantineFailurePercent} % threshold`,
    };
  }
  return null;
}

/** Close the cycle row, move the watermark, enter or leave quarantine. */
export function finishCycle(ctx: CycleContext, head: number): CycleVerdict {
  const { db, clock } = ctx.deps;
  const stats = ctx.client.stats();
  const now = clock.now();
  const completed = !ctx.cancelled && !ctx.halt;
  return db.transaction((tx) => {
    const row = tx.select().from(cycles).where(eq(cycles.id, ctx.cycleId)).get();
    const failed = row?.failed ?? 0;
    const processed = row?.processed ?? 0;
    // Re-read: Test Connection or Restart may have cleared the quarantine while the cycle ran.
    const app = getApplication(tx, ctx.app.id);
    const cause = causeOf(ctx, failed, processed);
    const status = !completed ? 'failed' : failed > 0 ? 'entry_errors' : 'succeeded';
    let error: string | null = null;
    if (cause) error = `Quarantined (${cause.reason}): ${cause.detail}`;
    else if (ctx.cancelled) error = 'Stopped before it finished';
    tx.update(cycles)
      .set({
        status,
        endedAt: now,
        watermarkTo: completed ? head : null,
        error,
        requests: stats.requests,
        retries: stats.retries,
        throttled: stats.throttled,
        waitedMs: Math.round(stats.waitedMs),
      })
      .where(eq(cycles.id, ctx.cycleId))
      .run();
    if (completed) recordCompletedCycle(tx, app.id, head, ctx.allowDeletes);
    const verdict: CycleVerdict = {
      quarantined: null,
      left: false,
      failed,
      processed,
      startedAt: row?.startedAt ?? now,
    };
    if (cause) {
      const { notify } = enterQuarantine(tx, app, cause, now);
      const nextAttempt = getApplication(tx, app.id).quarantineNextAttempt;
      verdict.quarantined = { ...cause, notify, nextAttempt };
    } else if (completed) {
      verdict.left = leaveQuarantine(tx, app, now, 'a cycle completed without a quarantine condition');
    }
    return verdict;
  });
}

/** The deletion guard's inputs: how many objects the app has linked (for the percentage threshold). */
export function linkedTotal(ctx: CycleContext): number {
  const c = linkCounts(ctx.deps.db, ctx.app.id);
  return c.active + c.disabled;
}
