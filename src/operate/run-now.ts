/**
 * "Run cycle now" as people ask for it (API and pages): the scheduler starts the cycle and the request is
 * audited once, here, so every entry point records it alike. `runSoon` is the quieter form the job actions
 * use after Allow deletes or "retry now": their own audit row already says who asked.
 */
import type { Db } from '../../db/client';
import { getApplication } from '../apps/applications';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { AppError, ValidationError } from '../kernel/errors';

export type Initiator = { type: 'user' | 'application'; name: string };

/** What starting a cycle needs from the scheduler. */
export interface CycleStarter {
  runNow(appId: string, initiatedBy: Initiator): string;
}

/** Start a cycle now (throws `cycle_running` while one runs) and audit who asked; the cycle id. */
export function runNow(
  deps: { db: Db; clock: Clock; scheduler: CycleStarter },
  actor: Actor,
  appId: string,
  by: Initiator,
): string {
  getApplication(deps.db, appId);
  const cycleId = deps.scheduler.runNow(appId, by);
  writeAudit(
    deps.db,
    actor,
    { activity: 'cycle.run_now', targetType: 'application', targetId: appId, after: { cycleId } },
    deps.clock.now(),
  );
  return cycleId;
}

/** Start a cycle now, or leave the work to the running one's successor; the cycle id, or null. */
export function runSoon(scheduler: CycleStarter, appId: string, by: Initiator): string | null {
  try {
    return scheduler.runNow(appId, by);
  } catch (err) {
    // A running cycle, or a job that cannot run (not configured): the next cycle picks the work up.
    if ((err instanceof AppError && err.code === 'cycle_running') || err instanceof ValidationError) return null;
    throw err;
  }
}
