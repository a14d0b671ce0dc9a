/**
 * In-process runner of the operate features' long work (dry-run plans, drift reports): the request that starts
 * one answers at once and the work goes on here, one job per kind and application at a time, each cancellable
 * through its AbortSignal. Built once per process (wiring); the work itself keeps its progress in the database,
 * so nothing here survives a restart, and `markInterrupted` tells the rows left running so.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { driftReports, dryRunPlans } from '../../db/schema';
import { ConflictError } from '../kernel/errors';
import type { Logger } from '../kernel/logger';

export type JobKind = 'dry-run' | 'drift';

interface Running {
  id: string;
  controller: AbortController;
  done: Promise<void>;
}

const WHAT: Record<JobKind, string> = { 'dry-run': 'A dry run', drift: 'A drift report' };

export class BackgroundJobs {
  private readonly running = new Map<string, Running>();

  constructor(private readonly logger?: Pick<Logger, 'error'>) {}

  /** The id of the job of this kind running for the app, or null. */
  current(kind: JobKind, appId: string): string | null {
    return this.running.get(`${kind}:${appId}`)?.id ?? null;
  }

  /** Refuse a second job of the kind for the app (409), before its row is written. */
  assertIdle(kind: JobKind, appId: string): void {
    const id = this.current(kind, appId);
    if (id)
      throw new ConflictError(
        `${kind}_running`,
        `${WHAT[kind]} of this application is still running (${id}): wait for it to finish or cancel it.`,
      );
  }

  /**
   * Run `work` in the background. It records its own outcome (done, cancelled, failed) in its row; a throw that
   * escapes it is logged, never left unhandled.
   */
  start(kind: JobKind, appId: string, id: string, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    this.assertIdle(kind, appId);
    const key = `${kind}:${appId}`;
    const controller = new AbortController();
    const done = Promise.resolve()
      .then(() => work(controller.signal))
      .catch((err: unknown) => this.logger?.error({ err: String(err), appId, id }, `${kind} job failed`))
      .finally(() => {
        if (this.running.get(key)?.id === id) this.running.delete(key);
      });
    this.running.set(key, { id, controller, done });
    return done;
  }

  /** Ask the job to stop between items or pages; false when no such job runs in this process. */
  cancel(kind: JobKind, appId: string, id: string): boolean {
    const job = this.running.get(`${kind}:${appId}`);
    if (!job || job.id !== id) return false;
    job.controller.abort();
    return true;
  }

  /** Settles when every job started so far has ended (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()].map((r) => r.done));
  }
}

export const INTERRUPTED = 'Interrupted by a restart of Provisio before it finished; run it again.';

/** At start-up no job runs yet: rows still marked running were cut off by the previous process's end. */
export function markInterrupted(db: Db, now: number): { plans: number; reports: number } {
  const set = { status: 'failed' as const, error: INTERRUPTED, finishedAt: now };
  const plans = db.update(dryRunPlans).set(set).where(eq(dryRunPlans.status, 'running')).run().changes;
  const reports = db.update(driftReports).set(set).where(eq(driftReports.status, 'running')).run().changes;
  return { plans, reports };
}
