/**
 * The background half of a dry run: plan the work list a chunk at a time, writing each chunk's items and the
 * progress as soon as it is planned, so memory stays flat however big the tenant and the page can show how far
 * it got. Cancelling stops between users; what was planned is kept and the plan is marked cancelled.
 */

import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { and, eq } from 'drizzle-orm';
import { dryRunPlans } from '../../../db/schema';
import { linkCounts } from '../../engine/connector-store';
import type { CycleContext } from '../../engine/context';
import { guardReason, guardTrips } from '../../engine/sync/action-gates';
import { toLogError } from '../../engine/sync/log-error';
import { type PlanItem, planOne } from './plan';
import { countActions, insertItems } from './store';

/** Users planned between two writes (and two turns of the event loop). */
export const PLAN_CHUNK = 50;

/** Run `task` over `n` indexes on the app's worker count (the match queries are the only I/O). */
export async function eachLimited(ctx: CycleContext, n: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) await task(i);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(ctx.app.maxConcurrency, n)) }, worker));
}

/** Plan `work` (source ids) into plan `planId`, which is running; records the outcome in its row. */
export async function planInChunks(
  ctx: CycleContext,
  planId: string,
  work: readonly string[],
  signal: AbortSignal,
): Promise<void> {
  const db = ctx.deps.db;
  const counts = countActions([]);
  let guarded = 0;
  let stored = 0;
  const running = and(eq(dryRunPlans.id, planId), eq(dryRunPlans.status, 'running'));
  try {
    for (let start = 0; start < work.length && !signal.aborted; start += PLAN_CHUNK) {
      const slice = work.slice(start, start + PLAN_CHUNK);
      const planned: (PlanItem | undefined)[] = new Array(slice.length);
      await eachLimited(ctx, slice.length, async (i) => {
        const sourceId = slice[i];
        if (!signal.aborted && sourceId !== undefined) planned[i] = await planOne(ctx, sourceId);
      });
      // A cancel mid-chunk keeps the users planned before it; seq is the order items were stored in.
      const items = planned.filter((i): i is PlanItem => i !== undefined);
      for (const i of items) {
        counts[i.action] += 1;
        if (i.guarded) guarded += 1;
      }
      db.transaction((tx) => {
        insertItems(tx, planId, items, stored);
        tx.update(dryRunPlans)
          .set({ progressDone: stored + items.length, counts: JSON.stringify(counts) })
          .where(running)
          .run();
      });
      stored += items.length;
      // Users whose plan needs no target read resolve without I/O: let requests in between chunks.
      await yieldToLoop();
    }
    const links = linkCounts(db, ctx.app.id);
    const linked = links.active + links.disabled;
    const guardNote =
      ctx.app.preventDeletes && guardTrips(ctx.app, guarded, linked) ? guardReason(ctx.app, guarded, linked) : null;
    db.update(dryRunPlans)
      .set({
        status: signal.aborted ? 'cancelled' : 'ready',
        counts: JSON.stringify(counts),
        progressDone: stored,
        guardNote,
        finishedAt: ctx.deps.clock.now(),
      })
      .where(running)
      .run();
  } catch (err) {
    db.update(dryRunPlans)
      .set({ status: 'failed', error: toLogError(err).reason, progressDone: stored, finishedAt: ctx.deps.clock.now() })
      .where(running)
      .run();
  }
}
