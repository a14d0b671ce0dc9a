/**
 * Report aggregations. Counts come from the hourly rollup (log_rollup_hourly / log_ttp_hourly, kept by a
 * trigger), never from provisioning_log itself, so a 90-day report reads thousands of rows, not millions.
 * Cycle durations come from `cycles` (one row per cycle, indexed by app and start).
 */
import type { Db } from '../../db/client';
import { bucketStarts, HOUR_MS, type ReportRange } from './range';

export const ACTIONS = ['create', 'update', 'disable', 'delete', 'stagedDelete', 'other'] as const;
export const STATUSES = ['success', 'failure', 'warning', 'skipped'] as const;

/** Time-to-provision buckets, as the trigger in migration 0012 numbers them. */
export const TTP_BUCKETS = ['< 1 s', '1–5 s', '5–15 s', '15–60 s', '1–5 min', '5–15 min', '15–60 min', '≥ 1 h'];

/**
 * Which rollup a range reads: hours up to a week, whole UTC days beyond (so 30/90-day ranges start at the
 * first day's midnight). `unitHours` turns a bucket number back into hours.
 */
export function rollupOf(r: ReportRange): { table: string; col: string; from: number; to: number; unitHours: number } {
  if (r.bucket === 'hour')
    return { table: 'log_rollup_hourly', col: 'hour', from: r.fromHour, to: r.toHour, unitHours: 1 };
  return {
    table: 'log_rollup_daily',
    col: 'day',
    from: Math.floor(r.fromHour / 24),
    to: Math.ceil(r.toHour / 24),
    unitHours: 24,
  };
}

function where(r: ReportRange, col = 'hour', bounds?: [number, number]): { clause: string; args: (string | number)[] } {
  const args: (string | number)[] = bounds ?? [r.fromHour, r.toHour];
  let clause = `${col} >= ? AND ${col} < ?`;
  if (r.appId) {
    clause += ' AND app_id = ?';
    args.push(r.appId);
  }
  return { clause, args };
}

export interface SeriesRow {
  at: number;
  byAction: Record<string, number>;
  byStatus: Record<string, number>;
  /** success / (success + failure + warning); null when nothing but skips happened. */
  successRate: number | null;
}

/** Per bucket: counts by action and by status, and the success rate. Empty buckets are zeros. */
export function activitySeries(db: Db, r: ReportRange): SeriesRow[] {
  const src = rollupOf(r);
  const w = where(r, src.col, [src.from, src.to]);
  const rows = db.$client
    .prepare(
      `SELECT ${src.col} * ${src.unitHours} AS b, action, status, sum(n) AS n FROM ${src.table}
       WHERE ${w.clause} GROUP BY ${src.col}, action, status`,
    )
    .all(...w.args) as { b: number; action: string; status: string; n: number }[];
  const series = new Map<number, SeriesRow>();
  for (const at of bucketStarts(r)) {
    const zero = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, 0]));
    series.set(at, { at, byAction: zero(ACTIONS), byStatus: zero(STATUSES), successRate: null });
  }
  for (const row of rows) {
    const s = series.get(row.b * HOUR_MS);
    if (!s) continue;
    s.byAction[row.action] = (s.byAction[row.action] ?? 0) + row.n;
    s.byStatus[row.status] = (s.byStatus[row.status] ?? 0) + row.n;
  }
  for (const s of series.values()) {
    const counted = (s.byStatus.success ?? 0) + (s.byStatus.failure ?? 0) + (s.byStatus.warning ?? 0);
    s.successRate = counted === 0 ? null : (s.byStatus.success ?? 0) / counted;
  }
  return [...series.values()];
}

export interface ErrorCodeRow {
  errorCode: string;
  count: number;
  lastSeen: number;
}

/** The most frequent error codes in the range, with when each was last seen. */
export function topErrorCodes(db: Db, r: ReportRange, limit = 10): ErrorCodeRow[] {
  const src = rollupOf(r);
  const w = where(r, src.col, [src.from, src.to]);
  return db.$client
    .prepare(
      `SELECT error_code AS errorCode, sum(n) AS count, max(last_at) AS lastSeen FROM ${src.table}
       WHERE ${w.clause} AND error_code != '' GROUP BY error_code ORDER BY count DESC, lastSeen DESC LIMIT ?`,
    )
    .all(...w.args, limit) as ErrorCodeRow[];
}

export interface CycleDurationRow {
  id: string;
  appId: string;
  type: string;
  status: string;
  startedAt: number;
  durationMs: number;
  processed: number;
}

/** Finished cycles that started in the range, oldest first (the newest `limit` of them). */
export function cycleDurations(db: Db, r: ReportRange, limit = 500): CycleDurationRow[] {
  const w = where(r, 'started_at', [r.fromHour * HOUR_MS, r.toHour * HOUR_MS]);
  const rows = db.$client
    .prepare(
      `SELECT id, app_id AS appId, type, status, started_at AS startedAt, ended_at - started_at AS durationMs,
              processed FROM cycles WHERE ${w.clause} AND ended_at IS NOT NULL ORDER BY started_at DESC LIMIT ?`,
    )
    .all(...w.args, limit) as CycleDurationRow[];
  return rows.reverse();
}

export interface TtpRow {
  bucket: string;
  count: number;
  avgMs: number | null;
}

/** Time to provision (directory change → target write) as a distribution over fixed buckets. */
export function timeToProvision(db: Db, r: ReportRange): TtpRow[] {
  const w = where(r);
  const rows = db.$client
    .prepare(`SELECT bucket, sum(n) AS n, sum(sum_ms) AS ms FROM log_ttp_hourly WHERE ${w.clause} GROUP BY bucket`)
    .all(...w.args) as { bucket: number; n: number; ms: number }[];
  return TTP_BUCKETS.map((label, i) => {
    const row = rows.find((x) => x.bucket === i);
    return { bucket: label, count: row?.n ?? 0, avgMs: row ? Math.round(row.ms / row.n) : null };
  });
}
