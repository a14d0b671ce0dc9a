/**
 * Drift report: read the target's Users (and Groups, when the app provisions them) page by page and compare them
 * with the connector state and the directory (users.ts, groups.ts). Read-only: only GETs go to the target.
 * Starting one writes the report row (running) and answers at once; the scan runs in the background, storing
 * findings in chunks as it finds them and its progress as it reads, one report per application at a time.
 */
import { and, eq } from 'drizzle-orm';
import { driftIgnores, driftReports } from '../../../db/schema';
import { getApplication } from '../../apps/applications';
import { writeAudit } from '../../audit/audit-log';
import { linkCounts } from '../../engine/connector-store';
import type { CycleContext, EngineDeps } from '../../engine/context';
import { toLogError } from '../../engine/sync/log-error';
import type { Actor } from '../../kernel/actor';
import { ConflictError } from '../../kernel/errors';
import { operateContext } from '../app-context';
import { BackgroundJobs } from '../background-jobs';
import { findingsSink } from './findings-sink';
import { findGroupDrift } from './groups';
import { getDriftReport } from './store';
import type { DriftFinding } from './types';
import { findDrift } from './users';

export type { DriftFinding, DriftKind, DriftSink } from './types';

/** The ignore key of a finding: orphans by target id, the others by source id. */
export function driftKey(f: Pick<DriftFinding, 'kind' | 'sourceId' | 'targetId'>): string {
  return `${f.kind}:${f.kind === 'orphan' ? f.targetId : f.sourceId}`;
}

/** Scan the target into report `reportId` (running); records the outcome in its row. */
async function scan(ctx: CycleContext, reportId: string, signal: AbortSignal): Promise<void> {
  const { db, clock } = ctx.deps;
  const running = and(eq(driftReports.id, reportId), eq(driftReports.status, 'running'));
  const ignored = new Set(
    db
      .select({ key: driftIgnores.key })
      .from(driftIgnores)
      .where(eq(driftIgnores.appId, ctx.app.id))
      .all()
      .map((r) => r.key),
  );
  const sink = findingsSink(db, reportId, signal, (f) => (ignored.has(driftKey(f)) ? 'ignored' : 'open'));
  try {
    const users = await findDrift(ctx, sink);
    // Groups only when the app provisions them; their links would otherwise be reported as missing objects.
    const grouped =
      ctx.app.provisionGroups && !signal.aborted
        ? await findGroupDrift(ctx, sink)
        : { targetGroups: 0, linkedGroups: 0 };
    const counts = { targetUsers: users.targetUsers, linked: users.linked, ...grouped, ...sink.flush() };
    db.update(driftReports)
      .set({
        status: signal.aborted ? 'cancelled' : 'done',
        counts: JSON.stringify(counts),
        progressDone: sink.objectsRead(),
        finishedAt: clock.now(),
      })
      .where(running)
      .run();
  } catch (err) {
    const counts = { targetUsers: 0, linked: 0, ...sink.flush() };
    db.update(driftReports)
      .set({ status: 'failed', error: toLogError(err).reason, counts: JSON.stringify(counts), finishedAt: clock.now() })
      .where(running)
      .run();
  }
}

/** Start a drift report; `done` settles when it has ended. 409 while another report of the app runs. */
export function startDriftReport(
  deps: EngineDeps,
  jobs: BackgroundJobs,
  actor: Actor,
  appId: string,
): { reportId: string; done: Promise<void> } {
  jobs.assertIdle('drift', appId);
  const app = getApplication(deps.db, appId);
  const ctx = operateContext(deps, app, { type: 'user', name: actor.name });
  const id = ctx.cycleId;
  const now = deps.clock.now();
  // The target's size is unknown until read: the objects linked to it are what a report expects to read.
  const users = linkCounts(deps.db, appId, 'user');
  const groups = app.provisionGroups ? linkCounts(deps.db, appId, 'group') : null;
  const expected = users.active + users.disabled + (groups ? groups.active + groups.disabled : 0);
  deps.db.transaction((tx) => {
    tx.insert(driftReports)
      .values({
        id,
        appId,
        createdAt: now,
        createdBy: actor.name,
        counts: '{}',
        status: 'running',
        progressTotal: expected,
      })
      .run();
    writeAudit(
      tx,
      actor,
      { activity: 'drift.report', targetType: 'application', targetId: appId, after: { reportId: id } },
      now,
    );
  });
  return { reportId: id, done: jobs.start('drift', appId, id, (signal) => scan(ctx, id, signal)) };
}

/** Build a report to the end; returns its id (scripts and tests; requests use startDriftReport). */
export async function createDriftReport(deps: EngineDeps, actor: Actor, appId: string): Promise<string> {
  const started = startDriftReport(deps, new BackgroundJobs(deps.logger), actor, appId);
  await started.done;
  return started.reportId;
}

/** Cancel a running report (audited); the findings stored so far are kept. 409 once it has ended. */
export function cancelDriftReport(
  deps: Pick<EngineDeps, 'db' | 'clock'>,
  jobs: BackgroundJobs,
  actor: Actor,
  appId: string,
  reportId: string,
): void {
  const report = getDriftReport(deps.db, appId, reportId);
  if (report.status !== 'running')
    throw new ConflictError('report_not_running', `The drift report is ${report.status} already`);
  const now = deps.clock.now();
  if (!jobs.cancel('drift', appId, reportId))
    deps.db
      .update(driftReports)
      .set({ status: 'cancelled', finishedAt: now })
      .where(and(eq(driftReports.id, reportId), eq(driftReports.status, 'running')))
      .run();
  writeAudit(
    deps.db,
    actor,
    {
      activity: 'drift.cancel',
      targetType: 'application',
      targetId: appId,
      after: { reportId, read: report.progressDone },
    },
    now,
  );
}
