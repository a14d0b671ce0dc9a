/**
 * Dry run: the plan of the next cycle (the changes since the watermark plus due escrows, or every user when
 * the initial cycle has not run) or of a full cycle, for users (groups are not planned yet), computed with zero writes to the target (match queries
 * are reads), then stored so it can be filtered, exported, applied or discarded. The plan is written in one
 * transaction after every read is done.
 */
import { and, eq } from 'drizzle-orm';
import { dryRunPlans } from '../../../db/schema';
import { type Application, getApplication } from '../../apps/applications';
import { writeAudit } from '../../audit/audit-log';
import { journalHead } from '../../directory/journal';
import { linkCounts } from '../../engine/connector-store';
import type { CycleContext, EngineDeps } from '../../engine/context';
import { incrementalWork, initialWork, withDueEscrows } from '../../engine/cycle/work-list';
import { dueEscrowIds } from '../../engine/escrow';
import { splitWork } from '../../engine/groups/work';
import { guardReason, guardTrips } from '../../engine/sync/action-gates';
import type { Actor } from '../../kernel/actor';
import { ConflictError } from '../../kernel/errors';
import { operateContext } from '../app-context';
import { type PlanItem, planOne } from './plan';
import { countActions, getPlan, insertItems, type PlanRow } from './store';

export type PlanMode = 'next' | 'full';

/** Run `task` over `n` indexes on the app's worker count (the match queries are the only I/O). */
export async function eachLimited(ctx: CycleContext, n: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) await task(i);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(ctx.app.maxConcurrency, n)) }, worker));
}

/** What a plan is computed against instead of the published configuration (a mapping draft's preview). */
export interface DryRunOptions {
  /** Substitutes the application record used for planning (e.g. with draft mappings and scoping applied). */
  app?: (a: Application) => Application;
  /** Stored with the plan and shown on its page. */
  label?: string;
}

/** Compute and store a plan; returns the stored row. */
export async function createDryRun(
  deps: EngineDeps,
  actor: Actor,
  appId: string,
  mode: PlanMode,
  opts?: DryRunOptions,
): Promise<PlanRow> {
  const published = getApplication(deps.db, appId);
  const app = opts?.app ? opts.app(published) : published;
  const ctx = operateContext(deps, app, { type: 'user', name: actor.name });
  const head = journalHead(deps.db);
  const full = mode === 'full' || !app.initialCycleDone;
  const changed = full
    ? initialWork(deps.db, app)
    : withDueEscrows(incrementalWork(deps.db, app, head), dueEscrowIds(deps.db, appId, deps.clock.now()));
  // Users only: group changes in the journal are left to the cycle (groups are not planned yet).
  const work = splitWork(deps.db, app, changed, false).users;
  const items: PlanItem[] = new Array(work.length);
  await eachLimited(ctx, work.length, async (i) => {
    const w = work[i];
    if (w) items[i] = await planOne(ctx, w.sourceId);
  });
  const guarded = items.filter((i) => i.guarded).length;
  const links = linkCounts(deps.db, appId);
  const linked = links.active + links.disabled;
  const guardNote = app.preventDeletes && guardTrips(app, guarded, linked) ? guardReason(app, guarded, linked) : null;
  const now = deps.clock.now();
  const id = ctx.cycleId;
  const counts = countActions(items);
  deps.db.transaction((tx) => {
    tx.insert(dryRunPlans)
      .values({
        id,
        appId,
        mode,
        status: 'ready',
        createdAt: now,
        createdBy: actor.name,
        journalHead: head,
        counts: JSON.stringify(counts),
        guardNote,
        label: opts?.label ?? null,
      })
      .run();
    insertItems(tx, id, items);
    writeAudit(
      tx,
      actor,
      {
        activity: 'dry_run.create',
        targetType: 'application',
        targetId: appId,
        after: { planId: id, mode, counts, ...(opts?.label ? { label: opts.label } : {}) },
      },
      now,
    );
  });
  return getPlan(deps.db, appId, id);
}

/** Discard a ready plan (kept for the record, no longer appliable). */
export function discardPlan(deps: Pick<EngineDeps, 'db' | 'clock'>, actor: Actor, appId: string, planId: string): void {
  getPlan(deps.db, appId, planId);
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const changed = tx
      .update(dryRunPlans)
      .set({ status: 'discarded' })
      .where(and(eq(dryRunPlans.id, planId), eq(dryRunPlans.status, 'ready')))
      .run().changes;
    if (changed === 0) throw new ConflictError('plan_not_ready', 'The plan was already applied or discarded');
    writeAudit(
      tx,
      actor,
      { activity: 'dry_run.discard', targetType: 'application', targetId: appId, after: { planId } },
      now,
    );
  });
}
