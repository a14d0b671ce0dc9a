/**
 * Dry run: the plan of the next cycle (the changes since the watermark plus due escrows, or every user when
 * the initial cycle has not run) or of a full cycle, for users (groups are not planned yet), computed with zero
 * writes to the target (match queries are reads), and stored so it can be filtered, exported, applied or
 * discarded. Starting one writes the plan row (running, with the size of its work list) and answers at once;
 * the users are planned in the background (plan-chunks), one dry run per application at a time.
 */
import { and, eq } from 'drizzle-orm';
import { dryRunPlans } from '../../../db/schema';
import { type Application, getApplication } from '../../apps/applications';
import { writeAudit } from '../../audit/audit-log';
import { journalHead } from '../../directory/journal';
import type { EngineDeps } from '../../engine/context';
import { incrementalWork, initialWork, withDueEscrows } from '../../engine/cycle/work-list';
import { dueEscrowIds } from '../../engine/escrow';
import { splitWork } from '../../engine/groups/work';
import type { Actor } from '../../kernel/actor';
import { ConflictError } from '../../kernel/errors';
import { operateContext } from '../app-context';
import { BackgroundJobs } from '../background-jobs';
import { planInChunks } from './plan-chunks';
import { countActions, getPlan, notReady, type PlanRow } from './store';

export type PlanMode = 'next' | 'full';

/** What a plan is computed against instead of the published configuration (a mapping draft's preview). */
export interface DryRunOptions {
  /** Substitutes the application record used for planning (e.g. with draft mappings and scoping applied). */
  app?: (a: Application) => Application;
  /** Stored with the plan and shown on its page. */
  label?: string;
}

/**
 * Start a dry run: the plan row (running) now, the planning in `jobs`. `done` settles when it has ended
 * (ready, cancelled or failed, as its row says). 409 while another dry run of the app runs.
 */
export function startDryRun(
  deps: EngineDeps,
  jobs: BackgroundJobs,
  actor: Actor,
  appId: string,
  mode: PlanMode,
  opts?: DryRunOptions,
): { plan: PlanRow; done: Promise<void> } {
  jobs.assertIdle('dry-run', appId);
  const published = getApplication(deps.db, appId);
  const app = opts?.app ? opts.app(published) : published;
  const ctx = operateContext(deps, app, { type: 'user', name: actor.name });
  const head = journalHead(deps.db);
  const full = mode === 'full' || !app.initialCycleDone;
  const changed = full
    ? initialWork(deps.db, app)
    : withDueEscrows(incrementalWork(deps.db, app, head), dueEscrowIds(deps.db, appId, deps.clock.now()));
  // Users only: group changes in the journal are left to the cycle (groups are not planned yet).
  const work = splitWork(deps.db, app, changed, false).users.map((w) => w.sourceId);
  const now = deps.clock.now();
  const id = ctx.cycleId;
  deps.db.transaction((tx) => {
    tx.insert(dryRunPlans)
      .values({
        id,
        appId,
        mode,
        status: 'running',
        createdAt: now,
        createdBy: actor.name,
        journalHead: head,
        counts: JSON.stringify(countActions([])),
        progressTotal: work.length,
        label: opts?.label ?? null,
      })
      .run();
    writeAudit(
      tx,
      actor,
      {
        activity: 'dry_run.create',
        targetType: 'application',
        targetId: appId,
        after: { planId: id, mode, users: work.length, ...(opts?.label ? { label: opts.label } : {}) },
      },
      now,
    );
  });
  const done = jobs.start('dry-run', appId, id, (signal) => planInChunks(ctx, id, work, signal));
  return { plan: getPlan(deps.db, appId, id), done };
}

/** Plan to the end and return the stored row (scripts and tests; requests use startDryRun). */
export async function createDryRun(
  deps: EngineDeps,
  actor: Actor,
  appId: string,
  mode: PlanMode,
  opts?: DryRunOptions,
): Promise<PlanRow> {
  const started = startDryRun(deps, new BackgroundJobs(deps.logger), actor, appId, mode, opts);
  await started.done;
  return getPlan(deps.db, appId, started.plan.id);
}

/** Cancel a running dry run (audited); the users planned so far are kept. 409 once it has ended. */
export function cancelDryRun(
  deps: Pick<EngineDeps, 'db' | 'clock'>,
  jobs: BackgroundJobs,
  actor: Actor,
  appId: string,
  planId: string,
): void {
  const plan = getPlan(deps.db, appId, planId);
  if (plan.status !== 'running') throw new ConflictError('plan_not_running', `The dry run is ${plan.status} already`);
  const now = deps.clock.now();
  // Not running here: its process ended without marking it (markInterrupted runs at start-up only).
  if (!jobs.cancel('dry-run', appId, planId))
    deps.db
      .update(dryRunPlans)
      .set({ status: 'cancelled', finishedAt: now })
      .where(and(eq(dryRunPlans.id, planId), eq(dryRunPlans.status, 'running')))
      .run();
  writeAudit(
    deps.db,
    actor,
    {
      activity: 'dry_run.cancel',
      targetType: 'application',
      targetId: appId,
      after: { planId, planned: plan.progressDone, of: plan.progressTotal },
    },
    now,
  );
}

/** Discard a ready plan (kept for the record, no longer appliable). */
export function discardPlan(deps: Pick<EngineDeps, 'db' | 'clock'>, actor: Actor, appId: string, planId: string): void {
  const plan = getPlan(deps.db, appId, planId);
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const changed = tx
      .update(dryRunPlans)
      .set({ status: 'discarded' })
      .where(and(eq(dryRunPlans.id, planId), eq(dryRunPlans.status, 'ready')))
      .run().changes;
    if (changed === 0) throw new ConflictError('plan_not_ready', notReady(plan.status));
    writeAudit(
      tx,
      actor,
      { activity: 'dry_run.discard', targetType: 'application', targetId: appId, after: { planId } },
      now,
    );
  });
}
