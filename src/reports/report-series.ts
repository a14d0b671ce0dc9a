/**
 * The three time-series reports (actions, results, success rate), drawn with the bucket the range and its data
 * call for (bucket.ts). The table, the CSV and the chart share the rows, so they always agree.
 */
import type { Db } from '../../db/client';
import { type Bucket, chooseBucket, type SeriesWindow } from './bucket';
import { ACTIONS, activitySeries, dataExtent, type SeriesRow, STATUSES } from './queries';
import type { ReportRange } from './range';
import type { ReportKey, ReportTable } from './report-types';

const LABELS: Record<string, string> = {
  create: 'Create',
  update: 'Update',
  disable: 'Disable',
  delete: 'Delete',
  stagedDelete: 'Held delete',
  other: 'Other',
  success: 'Success',
  failure: 'Failure',
  warning: 'Warning',
  skipped: 'Skipped',
};

/** The time column's header: what one row covers. */
export const TIME_COLUMN: Record<Bucket, string> = {
  hour: 'hour starting (UTC)',
  day: 'day (UTC)',
  week: 'week starting Monday (UTC)',
};
const X_TITLE: Record<Bucket, string> = { hour: 'Hour (UTC)', day: 'Day (UTC)', week: 'Week starting Monday (UTC)' };

const iso = (ms: number) => new Date(ms).toISOString();
/** Hours as ISO timestamps, days and weeks as dates: a day bucket has no time of day. */
const when = (bucket: Bucket, ms: number) => (bucket === 'hour' ? iso(ms) : iso(ms).slice(0, 10));
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

function trimNote(w: SeriesWindow): string | undefined {
  if (!w.trimmed) return undefined;
  const at = iso(w.fromHour * 3_600_000);
  const start = w.bucket === 'hour' ? `${at.slice(0, 10)} ${at.slice(11, 16)} UTC` : at.slice(0, 10);
  return `Nothing happened in this range before ${start}, so the chart starts there.`;
}

function stacked(
  key: ReportKey,
  title: string,
  keys: readonly string[],
  w: SeriesWindow,
  rows: { at: number; counts: Record<string, number> }[],
): ReportTable {
  return {
    key,
    title,
    columns: [TIME_COLUMN[w.bucket], ...keys.map((k) => LABELS[k] ?? k)],
    rows: rows.map((r) => [when(w.bucket, r.at), ...keys.map((k) => r.counts[k] ?? 0)]),
    note: trimNote(w),
    chart: {
      type: 'bar',
      stacked: true,
      bucket: w.bucket,
      integer: true,
      yTitle: 'Objects (log rows)',
      xTitle: X_TITLE[w.bucket],
      labels: rows.map((r) => iso(r.at)),
      datasets: keys.map((k) => ({ label: LABELS[k] ?? k, data: rows.map((r) => r.counts[k] ?? 0) })),
    },
  };
}

function successRate(w: SeriesWindow, series: SeriesRow[]): ReportTable {
  const data = series.map((s) => pct(s.successRate));
  return {
    key: 'success-rate',
    title: 'Success rate',
    columns: [TIME_COLUMN[w.bucket], 'success rate (%)'],
    rows: series.map((s, i) => [when(w.bucket, s.at), data[i] ?? null]),
    note: trimNote(w),
    chart: {
      type: 'line',
      stacked: false,
      percent: true,
      bucket: w.bucket,
      integer: false,
      yTitle: 'Succeeded (% of actions)',
      xTitle: X_TITLE[w.bucket],
      labels: series.map((s) => iso(s.at)),
      datasets: [{ label: 'Success rate (%)', data }],
    },
  };
}

/** The series reports that `want` asks for, over one shared window. */
export function seriesTables(db: Db, r: ReportRange, want: (k: ReportKey) => boolean): ReportTable[] {
  if (!want('actions') && !want('statuses') && !want('success-rate')) return [];
  const w = chooseBucket(r, dataExtent(db, r));
  const series = activitySeries(db, r, w);
  const out: ReportTable[] = [];
  if (want('actions')) {
    const rows = series.map((s) => ({ at: s.at, counts: s.byAction }));
    out.push(stacked('actions', 'Actions over time', ACTIONS, w, rows));
  }
  if (want('statuses')) {
    const rows = series.map((s) => ({ at: s.at, counts: s.byStatus }));
    out.push(stacked('statuses', 'Results over time', STATUSES, w, rows));
  }
  if (want('success-rate')) out.push(successRate(w, series));
  return out;
}
