/**
 * Writes the demo's past 30 days (issue 15 item 3) on the first run, so the dashboard and reports open on a
 * lived-in deployment. Rows go through the real log writer, which also feeds the report rollups;
 * audit rows through writeAudit with their past times. One transaction per day, and the event loop gets a
 * turn between days, so the live initial cycle keeps running meanwhile.
 *
 * The past never touches the job (watermark, initial-cycle flag, quarantine state): the live engine starts
 * from exactly where a fresh seed leaves it. Only the app's token expiry is set, ten days ahead. The past
 * directory changes appended to the journal must be written before the live initial cycle starts, so its
 * journal head covers them and no incremental cycle re-reads them (seedDemo calls this before refresh).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { applications, cycles } from '../../db/schema';
import { getApplication } from '../apps/applications';
import { writeAudit } from '../audit/audit-log';
import { appendChanges, type DirectoryChange, journalHead } from '../directory/journal';
import { type Actor, SYSTEM_ACTOR } from '../kernel/actor';
import { writeLogs } from '../log/write';
import { DEFAULT_SEED, planHistory } from './history-days';
import { DAY_MS, type HistoryPerson, type PlannedCycle, type PlannedRow } from './history-plan';
import { logEntryOf, type RowIds } from './history-rows';

/** How far ahead the demo app's Secret Token expires: inside the 14-day warning, so the card and alert show it. */
export const TOKEN_EXPIRES_IN_MS = 10 * DAY_MS;

export interface HistoryInput {
  db: Db;
  now: number;
  appId: string;
  /** The users assigned to the app, in a stable order. */
  people: readonly HistoryPerson[];
  /** The admin account the past sign-ins and changes are audited as. */
  admin: { id: string; email: string };
  seed?: number;
}

export interface HistorySummary {
  cycles: number;
  rows: number;
  audit: number;
  days: number;
}

/** A cycle row as finishCycle leaves it: status from the outcome, counters and request statistics. */
function cycleRow(c: PlannedCycle, ids: RowIds) {
  const count = (a: string) => c.rows.filter((r) => r.action === a && r.status === 'success').length;
  const failed = c.rows.filter((r) => r.status === 'failure').length;
  return {
    id: c.id,
    appId: ids.appId,
    jobId: ids.jobId,
    type: c.type,
    status: c.quarantined ? ('failed' as const) : failed > 0 ? ('entry_errors' as const) : ('succeeded' as const),
    initiatedBy: c.initiatedBy.name,
    startedAt: c.startedAt,
    endedAt: c.endedAt,
    total: c.rows.length,
    processed: c.rows.length,
    created: count('create'),
    updated: count('update'),
    disabled: count('disable'),
    failed,
    requests: c.rows.length + count('create') + c.throttled,
    retries: c.throttled,
    throttled: c.throttled,
    waitedMs: c.waitedMs,
    error: c.quarantined ? `Quarantined (EncounteredQuarantineException): ${c.quarantined}` : null,
  };
}

function changeOf(r: PlannedRow): DirectoryChange {
  return { objectType: 'user', objectId: r.person.id, kind: r.action === 'create' ? 'create' : 'update' };
}

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Seed the past; returns what was written. Call once, on the demo's first run. */
export async function seedHistory(input: HistoryInput): Promise<HistorySummary> {
  const { db, now } = input;
  const app = getApplication(db, input.appId);
  const ids: RowIds = { appId: app.id, jobId: app.jobId, targetSystem: app.name };
  const plan = planHistory(now, input.people, input.admin.email, input.seed ?? DEFAULT_SEED);
  const admin: Actor = {
    type: 'account',
    id: input.admin.id,
    name: input.admin.email,
    role: 'admin',
    ip: '10.20.4.17',
  };
  const byDay = new Map<number, PlannedCycle[]>();
  for (const c of plan.cycles) {
    const day = Math.floor(c.startedAt / DAY_MS);
    byDay.set(day, [...(byDay.get(day) ?? []), c]);
  }
  let rows = 0;
  let serial = 0;
  let head = journalHead(db);
  for (const dayCycles of byDay.values()) {
    db.transaction((tx) => {
      for (const c of dayCycles) {
        // The directory changes behind the cycle's actions, so time to provision has its past too.
        const changes = c.type === 'initial' ? [] : c.rows;
        for (const r of changes) appendChanges(tx, [changeOf(r)], r.at - r.changeLagMs);
        tx.insert(cycles)
          .values({ ...cycleRow(c, ids), watermarkFrom: head, watermarkTo: head + changes.length })
          .run();
        head += changes.length;
        // Change ids: UUID-shaped and unique per row, derived from the cycle so a re-plan gives the same ids.
        const entries = c.rows.map((r) =>
          logEntryOf(`${c.id.slice(0, 24)}${(serial++).toString(16).padStart(12, '0')}`, r, c, ids),
        );
        writeLogs(tx, entries);
        rows += entries.length;
      }
    });
    await yieldTurn();
  }
  db.transaction((tx) => {
    const last = tx.get<{ id: number | null }>(sql`SELECT max(id) AS id FROM audit_log`)?.id ?? 0;
    for (const a of plan.audit) {
      const actor = a.by === 'admin' ? admin : SYSTEM_ACTOR;
      const { activity, result, before, after } = a;
      writeAudit(
        tx,
        actor,
        {
          activity,
          targetType: a.activity.startsWith('auth.') ? 'account' : 'application',
          targetId: a.activity.startsWith('auth.') ? input.admin.id : app.id,
          result,
          before,
          after,
        },
        a.at,
      );
    }
    // The audit pages list by id (newest first): the past takes ids 1…n and today's seed rows move after it.
    tx.run(sql`UPDATE audit_log SET id = -id`);
    tx.run(
      sql`UPDATE audit_log SET id = CASE WHEN -id > ${last} THEN -id - ${last} ELSE -id + ${plan.audit.length} END`,
    );
    tx.update(applications)
      .set({ tokenExpiresAt: now + TOKEN_EXPIRES_IN_MS })
      .where(eq(applications.id, app.id))
      .run();
  });
  return { cycles: plan.cycles.length, rows, audit: plan.audit.length, days: byDay.size };
}
