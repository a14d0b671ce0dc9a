/**
 * A cycle: pick the work (changes since the watermark plus due escrows), process users with bounded
 * concurrency while holding disables/deletes for the deletion guard, settle the held ones, then close the
 * cycle (`finishCycle`). The watermark moves only after every object's outcome is durable, so a crash
 * mid-cycle re-processes (idempotently: see docs/ARCHITECTURE.md, Crash safety).
 */
import { eq } from 'drizzle-orm';
import { cycles } from '../../../db/schema';
import { appState, getApplication } from '../../apps/applications';
import { describeExpiry } from '../../apps/jwt-expiry';
import { journalHead } from '../../directory/journal';
import { AppError, ValidationError } from '../../kernel/errors';
import type { CycleContext, EngineDeps } from '../context';
import { dueEscrowIds } from '../escrow';
import { processGroup } from '../groups/process-group';
import { splitWork } from '../groups/work';
import { reconcileIntents } from '../intents/recover';
import { guardReason, guardTrips } from '../sync/action-gates';
import { processUser } from '../sync/process-user';
import { hasUntypedTargets, schemaTypesForCycle, typedUserMappings } from '../target-schema';
import { buildCycleContext } from './cycle-context';
import { finishCycle, linkedTotal } from './end';
import { sendCycleNotices, sendTokenWarnings } from './notices';
import { incrementalWork, initialWork, type WorkItem, withDueEscrows } from './work-list';

export interface StartedCycle {
  cycleId: string;
  ctx: CycleContext;
  done: Promise<void>;
}

/** Create the cycle row and start processing; returns at once with the cycle id. */
export function startCycle(
  deps: EngineDeps,
  appId: string,
  initiatedBy: CycleContext['initiatedBy'],
  opts: { forceInitial?: boolean } = {},
): StartedCycle {
  const app = getApplication(deps.db, appId);
  if (appState(app) === 'not_configured')
    throw new ValidationError('The application has no Tenant URL or Secret Token');
  const now = deps.clock.now();
  const type = app.initialCycleDone && !opts.forceInitial ? 'incremental' : 'initial';
  const head = journalHead(deps.db);
  // An expired Secret Token quarantines before any request: every one of them would be refused.
  const expired = app.tokenExpiresAt !== null && app.tokenExpiresAt <= now;
  const changed = type === 'initial' ? initialWork(deps.db, app) : incrementalWork(deps.db, app, head);
  const all = expired ? [] : withDueEscrows(changed, dueEscrowIds(deps.db, appId, now));
  // Groups after users, so the members created in this cycle resolve (issue 4).
  const split = splitWork(deps.db, app, all, type === 'initial' && !expired);
  const work = [...split.users, ...split.groups];
  const cycleId = deps.newId();
  deps.db
    .insert(cycles)
    .values({
      id: cycleId,
      appId,
      jobId: app.jobId,
      type,
      status: 'running',
      initiatedBy: initiatedBy.name,
      startedAt: now,
      total: work.length,
      watermarkFrom: app.watermark,
    })
    .run();
  const ctx = buildCycleContext(deps, app, {
    cycleId,
    type,
    initiatedBy,
    halt:
      expired && app.tokenExpiresAt !== null
        ? {
            reason: 'EncounteredQuarantineException',
            detail: `the secret token ${describeExpiry(app.tokenExpiresAt, now)}`,
          }
        : null,
  });
  if (!expired) sendTokenWarnings(deps, app, now);
  deps.logger.info({ appId, cycleId, type, objects: work.length }, 'cycle started');
  return { cycleId, ctx, done: runWork(ctx, split.users, head, split.groups) };
}

/** Run `tasks` on the app's worker count; workers stop taking tasks once the cycle is cancelled or halted. */
async function pool(ctx: CycleContext, count: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (!ctx.cancelled && !ctx.halt) {
      const i = next++;
      if (i >= count) return;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(ctx.app.maxConcurrency, count)) }, worker));
}

/** The guard's verdict over the held disables/deletes: stage them all, or carry them out. */
async function settleHeld(ctx: CycleContext): Promise<void> {
  const held = ctx.held;
  if (held.length === 0 || ctx.cancelled || ctx.halt) return;
  const linked = linkedTotal(ctx);
  if (!guardTrips(ctx.app, held.length, linked)) {
    await pool(ctx, held.length, (i) => held[i]?.execute() ?? Promise.resolve());
    return;
  }
  ctx.guard = { held: held.length, linked };
  const reason = guardReason(ctx.app, held.length, linked);
  await Promise.all(held.map((h) => h.stage(reason)));
}

/**
 * Writes a killed process left unrecorded are reconciled before any work (issue 16 item 4): a user created
 * just before the kill gets its create row and link, so the work does not adopt it. While the target cannot
 * be asked, the cycle does nothing and fails saying why; the next one tries again.
 */
async function reconcileFirst(ctx: CycleContext): Promise<void> {
  if (ctx.halt) return;
  const { finished, left } = await reconcileIntents(ctx);
  if (finished > 0) ctx.deps.logger.info({ appId: ctx.app.id, finished }, 'interrupted writes reconciled');
  if (left > 0 && !ctx.halt) {
    throw new AppError(
      'intents_unreconciled',
      `${left} SCIM write(s) interrupted by an earlier stop could not be checked against the target yet (it did not answer); this cycle waits for them, and the next one tries again`,
      { retryable: true },
    );
  }
}

async function runWork(ctx: CycleContext, work: WorkItem[], head: number, groupWork: WorkItem[] = []): Promise<void> {
  const { db, clock, logger } = ctx.deps;
  try {
    await reconcileFirst(ctx);
    // Mapped values are converted to the target's attribute types: RFC 7643's, and the target's /Schemas
    // for attributes those tables do not know (custom extensions).
    if (work.length > 0 && !ctx.halt && hasUntypedTargets(ctx.mappings)) {
      const types = await schemaTypesForCycle(ctx.app, ctx.client, clock.now(), logger);
      ctx.mappings = typedUserMappings(ctx.app, ctx.mappings, types);
    }
    await pool(ctx, work.length, async (i) => {
      const item = work[i];
      if (item) await processUser(ctx, item.sourceId, item.changeKind);
    });
    await pool(ctx, groupWork.length, async (i) => {
      const item = groupWork[i];
      if (item) await processGroup(ctx, item.sourceId, item.changeKind);
    });
    await settleHeld(ctx);
    const verdict = finishCycle(ctx, head);
    sendCycleNotices(ctx, verdict);
    const row = db.select().from(cycles).where(eq(cycles.id, ctx.cycleId)).get();
    if (row)
      ctx.deps.metrics?.cycle(ctx.app.id, ctx.type, row.status, ((row.endedAt ?? clock.now()) - row.startedAt) / 1000);
    logger.info(
      {
        appId: ctx.app.id,
        cycleId: ctx.cycleId,
        status: row?.status,
        quarantine: verdict.quarantined?.reason,
        counts: row && {
          created: row.created,
          updated: row.updated,
          disabled: row.disabled,
          deleted: row.deleted,
          failed: row.failed,
          staged: row.staged,
          throttled: row.throttled,
        },
      },
      'cycle finished',
    );
  } catch (err) {
    // Not an object failure (those are logged per object): the cycle itself broke. Keep the watermark.
    logger.error({ appId: ctx.app.id, cycleId: ctx.cycleId, err }, 'cycle failed');
    db.update(cycles)
      .set({ status: 'failed', endedAt: clock.now(), error: (err as Error).message })
      .where(eq(cycles.id, ctx.cycleId))
      .run();
  }
  ctx.deps.onCycleEnd?.(ctx.app.id, ctx.cycleId);
}
