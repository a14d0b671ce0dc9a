/**
 * Quarantine (entra.md §3.2): a job whose target rejects us, fails too often or would delete too much stops
 * running on its schedule and retries on a backoff instead (Entra: 6 h, 12 h, 24 h, then daily). This module
 * decides; the state lives on the job (Graph's synchronizationQuarantine: reason, currentBegan, nextAttempt,
 * seriesCount) and is written through jobs.ts; every entry, exit and manual clear is audited.
 */
import type { Db } from '../../db/client';
import type { Application } from '../apps/applications';
import { writeAudit } from '../audit/audit-log';
import { type Actor, SYSTEM_ACTOR } from '../kernel/actor';
import { clearQuarantine, setQuarantine } from './jobs';

/** Graph's quarantine reason codes that Provisio uses. */
export type QuarantineReason =
  | 'EncounteredQuarantineException'
  | 'EncounteredEscrowProportionThreshold'
  | 'TooManyDeletes';

export interface QuarantineCause {
  reason: QuarantineReason;
  /** One sentence an admin can act on ("the target rejected the secret token (HTTP 401)"). */
  detail: string;
}

type Tx = Pick<Db, 'update' | 'insert'>;
const HOUR_MS = 3_600_000;

/** "6,12,24" → the waits in ms; the last one repeats. Anything unusable falls back to Entra's schedule. */
export function backoffScheduleMs(hours: string): number[] {
  const list = hours
    .split(',')
    .map((h) => Number(h.trim()))
    .filter((h) => Number.isFinite(h) && h > 0)
    .map((h) => Math.max(60_000, h * HOUR_MS));
  return list.length > 0 ? list : [6 * HOUR_MS, 12 * HOUR_MS, 24 * HOUR_MS];
}

/** When retry number `seriesCount` (1 for the first quarantine of a series) runs. */
export function nextAttemptAt(now: number, seriesCount: number, schedule: readonly number[]): number {
  const wait = schedule[Math.min(seriesCount, schedule.length) - 1] ?? schedule[schedule.length - 1] ?? 24 * HOUR_MS;
  return now + wait;
}

/** Entra's escrow proportion rule: evaluated once failures reach the minimum, trips above the percentage. */
export function proportionTripped(failed: number, processed: number, minFailures: number, percent: number): boolean {
  return failed >= minFailures && processed > 0 && (failed / processed) * 100 > percent;
}

/**
 * Put the job in quarantine (or keep it there, one retry further along the schedule). Returns whether this
 * reason still has to be emailed, and marks it as emailed: one mail per reason per quarantine.
 */
export function enterQuarantine(tx: Tx, app: Application, cause: QuarantineCause, now: number): { notify: boolean } {
  const continuing = app.quarantineReason !== null;
  const seriesCount = continuing ? app.quarantineSeriesCount + 1 : 1;
  const nextAttempt = nextAttemptAt(now, seriesCount, backoffScheduleMs(app.quarantineBackoffHours));
  const notify = app.quarantineNotified !== cause.reason;
  setQuarantine(tx, app.id, {
    reason: cause.reason,
    detail: cause.detail,
    since: continuing ? app.quarantineSince : now,
    nextAttempt,
    seriesCount,
    notified: cause.reason,
  });
  if (!continuing || app.quarantineReason !== cause.reason) {
    writeAudit(
      tx,
      SYSTEM_ACTOR,
      {
        activity: 'quarantine.enter',
        targetType: 'application',
        targetId: app.id,
        before: { reason: app.quarantineReason },
        after: { reason: cause.reason, detail: cause.detail, nextAttempt: new Date(nextAttempt).toISOString() },
      },
      now,
    );
  }
  return { notify };
}

/** Leave quarantine (a healthy cycle, Test Connection, Restart); audited with who and why. No-op when not in it. */
export function leaveQuarantine(tx: Tx, app: Application, now: number, why: string, actor: Actor = SYSTEM_ACTOR) {
  if (app.quarantineReason === null) return false;
  clearQuarantine(tx, app.id);
  writeAudit(
    tx,
    actor,
    {
      activity: actor === SYSTEM_ACTOR ? 'quarantine.leave' : 'quarantine.clear',
      targetType: 'application',
      targetId: app.id,
      before: { reason: app.quarantineReason, since: app.quarantineSince, seriesCount: app.quarantineSeriesCount },
      after: { why },
    },
    now,
  );
  return true;
}

/** Graph-shaped view of the quarantine for the API and pages, or null. */
export function quarantineView(app: Application) {
  if (!app.quarantineReason) return null;
  return {
    reason: app.quarantineReason,
    detail: app.quarantineDetail,
    since: app.quarantineSince === null ? null : new Date(app.quarantineSince).toISOString(),
    nextAttempt: app.quarantineNextAttempt === null ? null : new Date(app.quarantineNextAttempt).toISOString(),
    seriesCount: app.quarantineSeriesCount,
  };
}
