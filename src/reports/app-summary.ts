/** Per-application figures for the reports table and the overview cards (24-hour activity and throttles). */
import type { Db } from '../../db/client';
import { rollupOf } from './queries';
import { HOUR_MS, type ReportRange } from './range';

export interface AppSummaryRow {
  appId: string;
  name: string;
  success: number;
  failure: number;
  warning: number;
  skipped: number;
  successRate: number | null;
  cycles: number;
  avgCycleMs: number | null;
  throttled: number;
}

/** One row per application and per directory source (filtered to one when the range names it), busiest first. */
export function appSummaries(db: Db, r: ReportRange): AppSummaryRow[] {
  // Directory sources sit beside applications (issue 14), keyed and named as in the log filter: the rollups
  // hold their inbound rows under `source:<id>`; they run no cycles, so those columns stay zero.
  const apps = db.$client
    .prepare(
      `SELECT id, name FROM applications
       UNION ALL SELECT 'source:' || id, name || ' (source)' FROM sources ORDER BY name`,
    )
    .all() as {
    id: string;
    name: string;
  }[];
  const src = rollupOf(r);
  const counts = db.$client
    .prepare(
      `SELECT app_id AS appId, status, sum(n) AS n FROM ${src.table} WHERE ${src.col} >= ? AND ${src.col} < ? GROUP BY app_id, status`,
    )
    .all(src.from, src.to) as { appId: string; status: string; n: number }[];
  const cycles = db.$client
    .prepare(
      `SELECT app_id AS appId, count(*) AS n, avg(ended_at - started_at) AS avgMs, sum(throttled) AS throttled
       FROM cycles WHERE started_at >= ? AND started_at < ? GROUP BY app_id`,
    )
    .all(r.fromHour * HOUR_MS, r.toHour * HOUR_MS) as {
    appId: string;
    n: number;
    avgMs: number | null;
    throttled: number;
  }[];
  return apps
    .filter((a) => !r.appId || a.id === r.appId)
    .map((a) => {
      const n = (status: string) => counts.find((c) => c.appId === a.id && c.status === status)?.n ?? 0;
      const c = cycles.find((x) => x.appId === a.id);
      const [success, failure, warning, skipped] = [n('success'), n('failure'), n('warning'), n('skipped')];
      const counted = success + failure + warning;
      return {
        appId: a.id,
        name: a.name,
        success,
        failure,
        warning,
        skipped,
        successRate: counted === 0 ? null : success / counted,
        cycles: c?.n ?? 0,
        avgCycleMs: c?.avgMs == null ? null : Math.round(c.avgMs),
        throttled: c?.throttled ?? 0,
      };
    })
    .sort((x, y) => y.success + y.failure - (x.success + x.failure) || x.name.localeCompare(y.name));
}

export interface Activity24h {
  /** 24 hourly buckets, oldest first: all events and failures. */
  hours: { at: number; total: number; failed: number }[];
  failed: number;
  throttled: number;
}

/** The overview's last-24-hours figures for every app, in two grouped queries. */
export function activity24h(db: Db, now: number): Map<string, Activity24h> {
  const toHour = Math.floor(now / HOUR_MS) + 1;
  const fromHour = toHour - 24;
  const rows = db.$client
    .prepare(
      `SELECT app_id AS appId, hour, sum(n) AS total, sum(CASE WHEN status = 'failure' THEN n ELSE 0 END) AS failed
       FROM log_rollup_hourly WHERE hour >= ? AND hour < ? GROUP BY app_id, hour`,
    )
    .all(fromHour, toHour) as { appId: string; hour: number; total: number; failed: number }[];
  const throttles = db.$client
    .prepare('SELECT app_id AS appId, sum(throttled) AS n FROM cycles WHERE started_at >= ? GROUP BY app_id')
    .all(now - 24 * HOUR_MS) as { appId: string; n: number }[];
  const out = new Map<string, Activity24h>();
  const entry = (appId: string) => {
    let e = out.get(appId);
    if (!e) {
      const hours = Array.from({ length: 24 }, (_, i) => ({ at: (fromHour + i) * HOUR_MS, total: 0, failed: 0 }));
      e = { hours, failed: 0, throttled: 0 };
      out.set(appId, e);
    }
    return e;
  };
  for (const r of rows) {
    const e = entry(r.appId);
    const h = e.hours[r.hour - fromHour];
    if (h) {
      h.total = r.total;
      h.failed = r.failed;
    }
    e.failed += r.failed;
  }
  for (const t of throttles) entry(t.appId).throttled = t.n ?? 0;
  return out;
}
