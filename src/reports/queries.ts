/**
 * Report aggregations. Counts come from the hourly rollup (log_rollup_hourly / log_ttp_hourly, kept by a
 * trigger), never from provisioning_log itself, so a 90-day report reads thousands of rows, not millions.
 * Cycle durations come from `cycles` (one row per cycle, indexed by app and start).
 */
import type { Db } from '../../db/client';
import { type DataExtent, type SeriesWindow, windowStarts } from './bucket';
import { HOUR_MS, type ReportRange } from './range';

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

/** The first hour with rows in the range, and how many hours have rows (what the bucket chooser weighs). */
export function dataExtent(db: Db, r: ReportRange): DataExtent {
  const w = where(r);
  const row = db.$client
    .prepare(
      `SELECT min(hour) AS firstHour, count(DISTINCT hour) AS activeHours FROM log_rollup_hourly WHERE ${w.clause}`,
    )
    .get(...w.args) as { firstHour: number | null; activeHours: number };
  return { firstHour: row.firstHour ?? null, activeHours: row.activeHours ?? 0 };
}

/**
 * Per bucket: counts by action and by status, and the success rate. Empty buckets are zeros. Without a window
 * the range's default bucket is used; weeks are summed from the daily rollup (Monday, UTC).
 */
export function activitySeries(db: Db, r: ReportRange, window?: SeriesWindow): SeriesRow[] {
  const win = window ?? { bucket: r.bucket, fromHour: r.fromHour, toHour: r.toHour, trimmed: false };
  const src = rollupOf({ ...r, bucket: win.bucket === 'hour' ? 'hour' : 'day', fromHour: win.fromHour });
  const w = where(r, src.col, [src.from, src.to]);
  // The bucket's first hour: the hour itself, the day's midnight, or the Monday's (1970-01-01 was a Thursday).
  const start = win.bucket === 'hour' ? 'hour' : win.bucket === 'day' ? 'day * 24' : '(day - ((day + 3) % 7)) * 24';
  const rows = db.$client
    .prepare(
      `SELECT ${start} AS b, action, status, sum(n) AS n FROM ${src.table}
       WHERE ${w.clause} GROUP BY b, action, status`,
    )
    .all(...w.args) as { b: number; action: string; status: string; n: number }[];
  const series = new Map<number, SeriesRow>();
  for (const at of windowStarts(win)) {
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
  /** The application's name, or the id when it was deleted (its cycles stay until retention). */
  appName: string;
  type: string;
  status: string;
  startedAt: number;
  durationMs: number;
  processed: number;
}

/** Finished cycles that started in the range, oldest first (the newest `limit` of them). */
export function cycleDurations(db: Db, r: ReportRange, limit = 500): CycleDurationRow[] {
  const w = where(r, 'c.started_at', [r.fromHour * HOUR_MS, r.toHour * HOUR_MS]);
  const clause = w.clause.replace('app_id = ?', 'c.app_id = ?');
  const rows = db.$client
    .prepare(
      `SELECT c.id, c.app_id AS appId, coalesce(a.name, c.app_id) AS appName, c.type, c.status,
              c.started_at AS startedAt, c.ended_at - c.started_at AS durationMs, c.processed
       FROM cycles c LEFT JOIN applications a ON a.id = c.app_id
       WHERE ${clause} AND c.ended_at IS NOT NULL ORDER BY c.started_at DESC LIMIT ?`,
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
