/**
 * A cycle: pick the work, process users with bounded concurrency, then move the watermark. The watermark
 * moves only after every object's outcome is durable, so a crash mid-cycle re-processes (idempotently).
 */
import { eq } from 'drizzle-orm';
import { applications, cycles } from '../../db/schema';
import { appState, getApplication } from '../apps/applications';
import { mappingsOf, scopingOf } from '../apps/mappings';
import { journalHead } from '../directory/journal';
import { ValidationError } from '../errors';
import type { CycleContext, EngineDeps } from './context';
import { processUser } from './process-user';
import { incrementalWork, initialWork, type WorkItem } from './work-list';

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
  const type = app.initialCycleDone && !opts.forceInitial ? 'incremental' : 'initial';
  const head = journalHead(deps.db);
  const work = type === 'initial' ? initialWork(deps.db, app) : incrementalWork(deps.db, app, head);
  const mappings = mappingsOf(app, 'user');
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
      startedAt: deps.clock.now(),
      total: work.length,
      watermarkFrom: app.watermark,
    })
    .run();
  const ctx: CycleContext = {
    deps,
    app,
    cycleId,
    type,
    initiatedBy,
    client: deps.scimClientFor(app),
    mappings,
    scoping: scopingOf(app, 'user'),
    managedPaths: new Set(mappings.filter((m) => m.type !== 'none' && m.apply === 'always').map((m) => m.target)),
    targetSystem: app.name,
    cancelled: false,
  };
  deps.logger.info({ appId, cycleId, type, objects: work.length }, 'cycle started');
  return { cycleId, ctx, done: runWork(ctx, work, head) };
}

async function runWork(ctx: CycleContext, work: WorkItem[], head: number): Promise<void> {
  const { db, clock, logger } = ctx.deps;
  let next = 0;
  const worker = async () => {
    while (!ctx.cancelled) {
      const item = work[next++];
      if (!item) return;
      await processUser(ctx, item.sourceId, item.changeKind);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, ctx.app.maxConcurrency) }, worker));
    db.transaction((tx) => {
      const row = tx.select().from(cycles).where(eq(cycles.id, ctx.cycleId)).get();
      const status = ctx.cancelled ? 'failed' : (row?.failed ?? 0) > 0 ? 'entry_errors' : 'succeeded';
      tx.update(cycles)
        .set({
          status,
          endedAt: clock.now(),
          watermarkTo: ctx.cancelled ? null : head,
          error: ctx.cancelled ? 'Stopped before it finished' : null,
        })
        .where(eq(cycles.id, ctx.cycleId))
        .run();
      if (!ctx.cancelled) {
        tx.update(applications)
          .set({ watermark: head, initialCycleDone: true })
          .where(eq(applications.id, ctx.app.id))
          .run();
      }
    });
    const row = db.select().from(cycles).where(eq(cycles.id, ctx.cycleId)).get();
    if (row)
      ctx.deps.metrics?.cycle(ctx.app.id, ctx.type, row.status, ((row.endedAt ?? clock.now()) - row.startedAt) / 1000);
    logger.info(
      {
        appId: ctx.app.id,
        cycleId: ctx.cycleId,
        status: row?.status,
        counts: row && {
          created: row.created,
          updated: row.updated,
          disabled: row.disabled,
          deleted: row.deleted,
          failed: row.failed,
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
}
