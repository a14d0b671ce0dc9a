/**
 * What each condition reads of what Provisio already stores, per subject (an application, or `source:<id>`
 * for a directory source). Returns the subjects for which the condition holds now, with a one-line summary
 * and the log filters of the rows behind it. Reads only; indexed lookups per subject.
 */
import type { Db } from '../../db/client';
import { CONDITIONS, type ConditionKind } from './rule-input';

export interface Subject {
  id: string;
  name: string;
  /** Applications only. */
  provisioningEnabled?: boolean;
  createdAt?: number;
  tokenExpiresAt?: number | null;
}

export interface Finding {
  summary: string;
  /** Log filters (appId, status, from, ...) of the matching rows. */
  logs: Record<string, string>;
}

export interface ConditionParams {
  kind: ConditionKind;
  threshold?: number | undefined;
  windowMinutes?: number | undefined;
  measure?: 'count' | 'percent' | undefined;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

type Check = (db: Db, s: Subject, threshold: number, windowMs: number, now: number) => Finding | null;

const one = <T>(db: Db, sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T | undefined;

/** Failures as a share of the window's rows (failures with `measure: "percent"`); an idle window never fires. */
const failureRate: Check = (db, s, threshold, windowMs, now) => {
  const from = now - windowMs;
  const r = one<{ n: number; failed: number }>(
    db,
    `SELECT count(*) AS n, coalesce(sum(status = 'failure'), 0) AS failed FROM provisioning_log
     WHERE app_id = ? AND activity_date_time >= ?`,
    s.id,
    from,
  );
  if (!r || r.n === 0) return null;
  const percent = (r.failed / r.n) * 100;
  if (percent <= threshold) return null;
  return {
    summary: `${s.name}: ${percent.toFixed(1)} % of ${r.n} rows failed in the last ${windowMs / MINUTE} minutes (threshold ${threshold} %)`,
    logs: { appId: s.id, status: 'failure', from: iso(from) },
  };
};

const CHECKS: Record<ConditionKind, Check> = {
  failures(db, s, threshold, windowMs, now) {
    const from = now - windowMs;
    const r = one<{ n: number }>(
      db,
      `SELECT count(*) AS n FROM provisioning_log WHERE app_id = ? AND activity_date_time >= ? AND status = 'failure'`,
      s.id,
      from,
    );
    const n = r?.n ?? 0;
    if (n <= threshold) return null;
    return {
      summary: `${s.name}: ${n} failures in the last ${windowMs / MINUTE} minutes (threshold ${threshold})`,
      logs: { appId: s.id, status: 'failure', from: iso(from) },
    };
  },
  quarantine(db, s) {
    const r = one<{ reason: string | null }>(db, 'SELECT quarantine_reason AS reason FROM jobs WHERE app_id = ?', s.id);
    if (!r?.reason) return null;
    return { summary: `${s.name}: provisioning quarantined (${r.reason})`, logs: { appId: s.id, status: 'failure' } };
  },
  noSuccessfulCycle(db, s, threshold, _w, now) {
    if (!s.provisioningEnabled) return null;
    const r = one<{ at: number | null }>(
      db,
      `SELECT max(ended_at) AS at FROM cycles WHERE app_id = ? AND status = 'succeeded'`,
      s.id,
    );
    const since = r?.at ?? s.createdAt ?? now;
    if (now - since <= threshold * HOUR) return null;
    return {
      summary: `${s.name}: no successful cycle for more than ${threshold} hours (last: ${r?.at ? iso(r.at) : 'never'})`,
      logs: { appId: s.id, from: iso(since) },
    };
  },
  escrow(db, s, threshold) {
    const n = one<{ n: number }>(db, 'SELECT count(*) AS n FROM escrows WHERE app_id = ?', s.id)?.n ?? 0;
    if (n <= threshold) return null;
    return {
      summary: `${s.name}: ${n} objects in escrow (threshold ${threshold})`,
      logs: { appId: s.id, status: 'failure' },
    };
  },
  slowCycle(db, s, threshold, _w, now) {
    const r = one<{ id: string; startedAt: number; endedAt: number | null }>(
      db,
      'SELECT id, started_at AS startedAt, ended_at AS endedAt FROM cycles WHERE app_id = ? ORDER BY started_at DESC LIMIT 1',
      s.id,
    );
    if (!r) return null;
    const minutes = ((r.endedAt ?? now) - r.startedAt) / MINUTE;
    if (minutes <= threshold) return null;
    return {
      summary: `${s.name}: cycle ${r.endedAt ? 'took' : 'running for'} ${Math.round(minutes)} minutes (threshold ${threshold})`,
      logs: { appId: s.id, cycleId: r.id },
    };
  },
  tokenExpiry(_db, s, threshold, _w, now) {
    if (s.tokenExpiresAt == null || s.tokenExpiresAt - now > threshold * DAY) return null;
    const verb = s.tokenExpiresAt <= now ? 'expired' : 'expires';
    return { summary: `${s.name}: the Secret Token ${verb} ${iso(s.tokenExpiresAt)}`, logs: { appId: s.id } };
  },
  throttles(db, s, threshold, windowMs, now) {
    const from = now - windowMs;
    const r = one<{ n: number | null }>(
      db,
      'SELECT sum(throttled) AS n FROM cycles WHERE app_id = ? AND started_at >= ?',
      s.id,
      from,
    );
    const n = r?.n ?? 0;
    if (n <= threshold) return null;
    return {
      summary: `${s.name}: ${n} throttled answers (429/503) in the last ${windowMs / MINUTE} minutes (threshold ${threshold})`,
      logs: { appId: s.id, from: iso(from) },
    };
  },
  sourceFailing(db, s) {
    if (!s.id.startsWith('source:')) return null;
    const r = one<{ state: string; error: string | null }>(
      db,
      'SELECT state, error FROM source_syncs WHERE source_id = ? ORDER BY started_at DESC LIMIT 1',
      s.id.slice('source:'.length),
    );
    if (r?.state !== 'failed') return null;
    return {
      summary: `${s.name}: the last sync failed${r.error ? ` (${r.error.slice(0, 200)})` : ''}`,
      logs: { appId: s.id },
    };
  },
};

/** Whether the condition's subjects are applications or directory sources. */
export const isSourceCondition = (kind: ConditionKind) => kind === 'sourceFailing';

/** The subjects for which `c` holds at `now`. */
export function findings(db: Db, c: ConditionParams, subjects: Subject[], now: number): Map<string, Finding> {
  const def = CONDITIONS[c.kind];
  const threshold = c.threshold ?? def.threshold ?? 0;
  const windowMs = (c.windowMinutes ?? def.windowMinutes ?? 60) * MINUTE;
  const check = c.kind === 'failures' && c.measure === 'percent' ? failureRate : CHECKS[c.kind];
  const out = new Map<string, Finding>();
  for (const s of subjects) {
    const f = check(db, s, threshold, windowMs, now);
    if (f) out.set(s.id, f);
  }
  return out;
}
