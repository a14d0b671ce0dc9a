/**
 * Apply a stored plan: each planned action is re-planned now and executed only when it is still the same
 * action with the same changes (otherwise it is marked stale and nothing is sent for it). Execution goes
 * through `processUser`, so every executed action has its usual log row, link change and escrow handling.
 * Disables and deletes still pass the deletion guard: a plan approved with more of them than the threshold
 * stages them (as a cycle would) rather than sending them.
 * The plan is walked a page of items at a time (twice: execute, then record verdicts), so applying a plan of a
 * 100,000-user tenant holds one page, not the plan.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { dryRunItems, dryRunPlans, provisioningLog } from '../../../db/schema';
import { getApplication } from '../../apps/applications';
import { writeAudit } from '../../audit/audit-log';
import { linkCounts } from '../../engine/connector-store';
import type { CycleContext, EngineDeps } from '../../engine/context';
import { guardReason, guardTrips } from '../../engine/sync/action-gates';
import { processUser } from '../../engine/sync/process-user';
import type { Actor } from '../../kernel/actor';
import { ConflictError } from '../../kernel/errors';
import { sourceIdIn } from '../../log/object-keys';
import { operateContext } from '../app-context';
import { fingerprintOf, planOne } from './plan';
import { eachLimited } from './plan-chunks';
import { getPlan, ITEM_PAGE, notReady, type PlanItemRow, planItemPages } from './store';

export interface ApplyResult {
  executed: number;
  stale: number;
  failed: number;
  held: number;
}

type Verdict = { status: 'executed' | 'stale' | 'failed' | 'held'; note: string | null };

/** Claim the plan (ready → applied) so two applies cannot both run it. */
function claim(deps: EngineDeps, appId: string, planId: string, actor: Actor): void {
  const plan = getPlan(deps.db, appId, planId);
  const changed = deps.db
    .update(dryRunPlans)
    .set({ status: 'applied', appliedAt: deps.clock.now(), appliedBy: actor.name })
    .where(and(eq(dryRunPlans.id, planId), eq(dryRunPlans.status, 'ready')))
    .run().changes;
  if (changed === 0) throw new ConflictError('plan_not_ready', notReady(plan.status));
}

/** Settle the disables/deletes processUser held, as a cycle's deletion guard would. */
async function settleHeld(ctx: CycleContext): Promise<void> {
  if (ctx.held.length === 0) return;
  const links = linkCounts(ctx.deps.db, ctx.app.id);
  const linked = links.active + links.disabled;
  if (guardTrips(ctx.app, ctx.held.length, linked)) {
    const reason = guardReason(ctx.app, ctx.held.length, linked);
    await Promise.all(ctx.held.map((h) => h.stage(reason)));
    return;
  }
  await eachLimited(ctx, ctx.held.length, async (i) => ctx.held[i]?.execute());
}

/** What the log says happened to the page's objects (their last row in this cycle wins, as a cycle would). */
function outcomes(ctx: CycleContext, page: readonly PlanItemRow[]): Map<string, Verdict> {
  const rows = ctx.deps.db
    .select({
      sourceId: provisioningLog.sourceId,
      status: provisioningLog.status,
      action: provisioningLog.provisioningAction,
      reason: provisioningLog.errorReason,
    })
    .from(provisioningLog)
    .where(
      and(
        // Unary + keeps SQLite off the cycle index (which the ORDER BY would pick): that index scans the
        // whole cycle once per page; the source ids' keys find only this page's users' rows.
        sql`+${provisioningLog.cycleId} = ${ctx.cycleId}`,
        sourceIdIn(page.map((i) => i.sourceId)),
      ),
    )
    .orderBy(asc(provisioningLog.activityDateTime), asc(provisioningLog.id))
    .all();
  const map = new Map<string, Verdict>();
  for (const r of rows) {
    if (r.action === 'stagedDelete') map.set(r.sourceId, { status: 'held', note: r.reason });
    else if (r.status === 'failure') map.set(r.sourceId, { status: 'failed', note: r.reason });
    else map.set(r.sourceId, { status: 'executed', note: null });
  }
  return map;
}

function setVerdict(tx: Pick<EngineDeps['db'], 'update'>, planId: string, seq: number, v: Verdict): void {
  tx.update(dryRunItems)
    .set({ applyStatus: v.status, applyNote: v.note })
    .where(and(eq(dryRunItems.planId, planId), eq(dryRunItems.seq, seq)))
    .run();
}

/** Re-plan and execute one page; stale items get their verdict now (nothing was sent for them). */
async function executePage(ctx: CycleContext, planId: string, page: readonly PlanItemRow[]): Promise<number> {
  const stale = new Map<number, string>();
  await eachLimited(ctx, page.length, async (i) => {
    const item = page[i] as PlanItemRow;
    const fresh = await planOne(ctx, item.sourceId);
    if (fingerprintOf(fresh) !== item.fingerprint) {
      stale.set(item.seq, `Now plans ${fresh.action}${fresh.reason ? `: ${fresh.reason}` : ''}`);
      return;
    }
    await processUser(ctx, item.sourceId, null);
  });
  if (stale.size > 0) {
    ctx.deps.db.transaction((tx) => {
      for (const [seq, note] of stale) setVerdict(tx, planId, seq, { status: 'stale', note });
    });
  }
  return stale.size;
}

/** Apply a ready plan; returns the tally (each item also records its own verdict). */
export async function applyPlan(
  deps: EngineDeps,
  actor: Actor,
  appId: string,
  planId: string,
  initiatedBy: CycleContext['initiatedBy'],
  pageSize: number = ITEM_PAGE,
): Promise<ApplyResult> {
  claim(deps, appId, planId, actor);
  const ctx = operateContext(deps, getApplication(deps.db, appId), initiatedBy);
  const tally: ApplyResult = { executed: 0, stale: 0, failed: 0, held: 0 };
  for (const page of planItemPages(deps.db, planId, { executable: true }, pageSize)) {
    tally.stale += await executePage(ctx, planId, page);
  }
  // Held disables/deletes are settled once, over the whole plan: the deletion guard counts all of them.
  await settleHeld(ctx);
  for (const page of planItemPages(deps.db, planId, { executable: true }, pageSize)) {
    const done = outcomes(ctx, page);
    deps.db.transaction((tx) => {
      for (const item of page) {
        if (item.applyStatus === 'stale') continue;
        const v = done.get(item.sourceId) ?? { status: 'failed', note: 'No outcome was recorded' };
        tally[v.status] += 1;
        setVerdict(tx, planId, item.seq, v);
      }
    });
  }
  deps.db.transaction((tx) => {
    tx.update(dryRunPlans)
      .set({ applyResult: JSON.stringify(tally) })
      .where(eq(dryRunPlans.id, planId))
      .run();
    writeAudit(
      tx,
      actor,
      { activity: 'dry_run.apply', targetType: 'application', targetId: appId, after: { planId, ...tally } },
      deps.clock.now(),
    );
  });
  return tally;
}
