/**
 * The application page's "Current status" facts beyond the engine's status: statistics to date, steady state
 * first/last achieved, the next scheduled cycle, and the live rate/ETA of a running cycle.
 */
import { Cron } from 'croner';
import type { Db } from '../../db/client';
import type { Application } from '../apps/applications';
import { scopeCounts } from '../apps/scope-counts';

export interface AppFacts {
  /** Members of assigned groups included, Default Access excluded (apps/scope-counts.ts). */
  usersInScope: number;
  groupsInScope: number;
  usersProvisioned: number;
  usersDisabled: number;
  groupsProvisioned: number;
  /** Deletes sent over the job's lifetime (summed over its cycles). */
  deleted: number;
  /** A cycle that finished with status "succeeded" (no entry errors, not halted). */
  steadyFirst: number | null;
  steadyLast: number | null;
  /** When the next cycle is due: the quarantine's next attempt, else the schedule; null when off. */
  nextCycle: number | null;
  nextCycleReason: 'schedule' | 'quarantine' | null;
}

type Row = Record<string, number | null>;

/** Next time the schedule fires after `now`, or null for a pattern croner cannot read. */
export function nextScheduled(schedule: string, now: number): number | null {
  try {
    const next = new Cron(schedule, { paused: true }).nextRun(new Date(now));
    return next ? next.getTime() : null;
  } catch {
    return null;
  }
}

/** Everything above in a handful of indexed queries (per-app cycles, links and assignments). */
export function appFacts(db: Db, app: Application, now: number): AppFacts {
  const one = (sql: string, ...args: unknown[]) => (db.$client.prepare(sql).get(...args) ?? {}) as Row;
  const links = one(
    `SELECT sum(object_type = 'user' AND state = 'active') AS ua, sum(object_type = 'user' AND state = 'disabled') AS ud,
            sum(object_type = 'group') AS g FROM connector_objects WHERE app_id = ?`,
    app.id,
  );
  const inScope = scopeCounts(db, app);
  const cycles = one(
    `SELECT sum(deleted) AS deleted, min(CASE WHEN status = 'succeeded' THEN ended_at END) AS first,
            max(CASE WHEN status = 'succeeded' THEN ended_at END) AS last FROM cycles WHERE app_id = ?`,
    app.id,
  );
  let nextCycle: number | null = null;
  let nextCycleReason: AppFacts['nextCycleReason'] = null;
  if (app.provisioningEnabled && app.quarantineReason !== null && app.quarantineNextAttempt !== null) {
    nextCycle = app.quarantineNextAttempt;
    nextCycleReason = 'quarantine';
  } else if (app.provisioningEnabled) {
    nextCycle = nextScheduled(app.schedule, now);
    nextCycleReason = nextCycle === null ? null : 'schedule';
  }
  return {
    usersInScope: inScope.users,
    groupsInScope: inScope.groups,
    usersProvisioned: links.ua ?? 0,
    usersDisabled: links.ud ?? 0,
    groupsProvisioned: links.g ?? 0,
    deleted: cycles.deleted ?? 0,
    steadyFirst: cycles.first ?? null,
    steadyLast: cycles.last ?? null,
    nextCycle,
    nextCycleReason,
  };
}

export interface Progress {
  percent: number | null;
  /** Objects per second since the cycle started. */
  rate: number | null;
  /** Milliseconds left at that rate. */
  etaMs: number | null;
}

/** Progress of a running cycle (pure): percent, rate, ETA; null parts until there is something to measure. */
export function cycleProgress(processed: number, total: number, startedAt: number, now: number): Progress {
  const elapsed = Math.max(0, now - startedAt);
  const percent = total > 0 ? Math.min(100, Math.floor((processed / total) * 100)) : null;
  const rate = elapsed >= 1000 && processed > 0 ? processed / (elapsed / 1000) : null;
  const etaMs =
    rate && total > processed
      ? Math.round(((total - processed) / rate) * 1000)
      : total > 0 && processed >= total
        ? 0
        : null;
  return { percent, rate, etaMs };
}
