/**
 * The job of each application (Graph's synchronizationJob): watermark, initial-cycle flag, quarantine, the
 * one-shot "Allow deletes" and the token-expiry marker. This module is the only writer of the `jobs` table,
 * so every change of job state can be found here; its callers (the cycle's end, quarantine, job control,
 * apps) decide when. Configuration stays on the `applications` row.
 */
import { eq, getTableColumns } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { jobs } from '../../db/schema';
import { NotFoundError } from '../kernel/errors';

export type Job = typeof jobs.$inferSelect;
/** The job state an application is read with (its `jobId` is the job's id). */
export type JobState = Omit<Job, 'id' | 'appId'> & { jobId: string };

type Tx = Pick<Db, 'insert' | 'update'>;

const { id, appId: _appId, ...stateColumns } = getTableColumns(jobs);
/** The columns to select (joined on `jobs.appId`) to read an application with its job state. */
export const jobStateColumns = { jobId: id, ...stateColumns };

/** Not quarantined: a new job's state, and the state a cleared quarantine returns to. */
export const NO_QUARANTINE = {
  quarantineReason: null,
  quarantineDetail: null,
  quarantineSince: null,
  quarantineNextAttempt: null,
  quarantineSeriesCount: 0,
  quarantineNotified: null,
} as const;

/** The quarantine columns as Graph's synchronizationQuarantine names them, for `setQuarantine`. */
export interface QuarantineState {
  reason: string;
  detail: string;
  since: number | null;
  nextAttempt: number;
  seriesCount: number;
  notified: string;
}

/** Read an app's job or throw NotFoundError. */
export function getJob(db: Pick<Db, 'select'>, appId: string): Job {
  const row = db.select().from(jobs).where(eq(jobs.appId, appId)).get();
  if (!row) throw new NotFoundError('Job', appId);
  return row;
}

/** A new app's job, in the app's own transaction: never run, not quarantined. */
export function createJob(tx: Tx, appId: string, jobId: string): JobState {
  const row = {
    id: jobId,
    appId,
    watermark: 0,
    initialCycleDone: false,
    ...NO_QUARANTINE,
    forceDeletes: false,
    tokenExpiryNotified: null,
  };
  tx.insert(jobs).values(row).run();
  const { id: _id, appId: _a, ...state } = row;
  return { jobId, ...state };
}

/** A completed cycle: the watermark moves to `head`, the initial cycle is done, a used "Allow deletes" is spent. */
export function recordCompletedCycle(tx: Tx, appId: string, head: number, spentAllowDeletes: boolean): void {
  tx.update(jobs)
    .set({ watermark: head, initialCycleDone: true, ...(spentAllowDeletes ? { forceDeletes: false } : {}) })
    .where(eq(jobs.appId, appId))
    .run();
}

/** Enter or stay in quarantine. */
export function setQuarantine(tx: Tx, appId: string, q: QuarantineState): void {
  tx.update(jobs)
    .set({
      quarantineReason: q.reason,
      quarantineDetail: q.detail,
      quarantineSince: q.since,
      quarantineNextAttempt: q.nextAttempt,
      quarantineSeriesCount: q.seriesCount,
      quarantineNotified: q.notified,
    })
    .where(eq(jobs.appId, appId))
    .run();
}

export function clearQuarantine(tx: Tx, appId: string): void {
  tx.update(jobs).set(NO_QUARANTINE).where(eq(jobs.appId, appId)).run();
}

/** "Allow deletes": the next cycle processes the held disables/deletes past the threshold. */
export function allowDeletesOnce(tx: Tx, appId: string): void {
  tx.update(jobs).set({ forceDeletes: true }).where(eq(jobs.appId, appId)).run();
}

/** The next cycle is an initial one. `restart` also resets the watermark and drops a pending "Allow deletes". */
export function requireInitialCycle(tx: Tx, appId: string, opts: { restart?: boolean } = {}): void {
  tx.update(jobs)
    .set(opts.restart ? { initialCycleDone: false, watermark: 0, forceDeletes: false } : { initialCycleDone: false })
    .where(eq(jobs.appId, appId))
    .run();
}

/** Which token-expiry warnings were sent; null for a new token, which gets its own warnings. */
export function setTokenExpiryNotified(tx: Tx, appId: string, sent: string | null): void {
  tx.update(jobs).set({ tokenExpiryNotified: sent }).where(eq(jobs.appId, appId)).run();
}
