/**
 * Every report as a table (columns + rows) plus the chart drawn from the same rows, so the chart, its
 * accessible table view and the CSV export can never disagree. Pure apart from the queries it is handed.
 */

import type { Db } from '../../db/client';
import { type AppSummaryRow, appSummaries } from './app-summary';
import {
  ACTIONS,
  activitySeries,
  cycleDurations,
  type ErrorCodeRow,
  STATUSES,
  timeToProvision,
  topErrorCodes,
} from './queries';
import type { ReportRange } from './range';

export const REPORT_KEYS = [
  'actions',
  'statuses',
  'success-rate',
  'errors',
  'cycles',
  'time-to-provision',
  'apps',
] as const;
export type ReportKey = (typeof REPORT_KEYS)[number];

export type Cell = string | number | null;

/** What public/charts.js needs; rendered into a data- attribute as JSON. */
export interface ChartSpec {
  type: 'bar' | 'line';
  stacked: boolean;
  labels: string[];
  datasets: { label: string; data: (number | null)[] }[];
  /** y axis as a percentage (0–100). */
  percent?: boolean;
}

export interface ReportTable {
  key: ReportKey;
  title: string;
  columns: string[];
  rows: Cell[][];
  chart: ChartSpec | null;
  /** Error-code rows link to the filtered logs; the view builds the link from this. */
  errors?: ErrorCodeRow[];
}

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

const iso = (ms: number) => new Date(ms).toISOString();
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

function stackedTable(
  key: ReportKey,
  title: string,
  keys: readonly string[],
  rows: { at: number; counts: Record<string, number> }[],
): ReportTable {
  const columns = ['time', ...keys.map((k) => LABELS[k] ?? k)];
  return {
    key,
    title,
    columns,
    rows: rows.map((r) => [iso(r.at), ...keys.map((k) => r.counts[k] ?? 0)]),
    chart: {
      type: 'bar',
      stacked: true,
      labels: rows.map((r) => iso(r.at)),
      datasets: keys.map((k) => ({ label: LABELS[k] ?? k, data: rows.map((r) => r.counts[k] ?? 0) })),
    },
  };
}

function appsTable(apps: AppSummaryRow[]): ReportTable {
  return {
    key: 'apps',
    title: 'Per-application summary',
    columns: [
      'application',
      'success',
      'failure',
      'warning',
      'skipped',
      'success rate %',
      'cycles',
      'average cycle ms',
      'throttled',
    ],
    rows: apps.map((a) => [
      a.name,
      a.success,
      a.failure,
      a.warning,
      a.skipped,
      pct(a.successRate),
      a.cycles,
      a.avgCycleMs,
      a.throttled,
    ]),
    chart: null,
  };
}

/** Build one report (for CSV) or all of them (for the page). */
export function buildReports(db: Db, r: ReportRange, only?: ReportKey): ReportTable[] {
  const want = (k: ReportKey) => only === undefined || only === k;
  const out: ReportTable[] = [];
  const series = want('actions') || want('statuses') || want('success-rate') ? activitySeries(db, r) : [];
  if (want('actions')) {
    const rows = series.map((s) => ({ at: s.at, counts: s.byAction }));
    out.push(stackedTable('actions', 'Actions over time', ACTIONS, rows));
  }
  if (want('statuses')) {
    const rows = series.map((s) => ({ at: s.at, counts: s.byStatus }));
    out.push(stackedTable('statuses', 'Results over time', STATUSES, rows));
  }
  if (want('success-rate')) {
    const data = series.map((s) => pct(s.successRate));
    out.push({
      key: 'success-rate',
      title: 'Success rate',
      columns: ['time', 'success rate %'],
      rows: series.map((s, i) => [iso(s.at), data[i] ?? null]),
      chart: {
        type: 'line',
        stacked: false,
        percent: true,
        labels: series.map((s) => iso(s.at)),
        datasets: [{ label: 'Success rate %', data }],
      },
    });
  }
  if (want('errors')) {
    const errors = topErrorCodes(db, r);
    out.push({
      key: 'errors',
      title: 'Top error codes',
      columns: ['error code', 'count', 'last seen'],
      rows: errors.map((e) => [e.errorCode, e.count, iso(e.lastSeen)]),
      chart: {
        type: 'bar',
        stacked: false,
        labels: errors.map((e) => e.errorCode),
        datasets: [{ label: 'Failures', data: errors.map((e) => e.count) }],
      },
      errors,
    });
  }
  if (want('cycles')) {
    const cycles = cycleDurations(db, r);
    out.push({
      key: 'cycles',
      title: 'Cycle durations',
      columns: ['started', 'application id', 'type', 'status', 'duration ms', 'objects processed', 'cycle id'],
      rows: cycles.map((c) => [iso(c.startedAt), c.appId, c.type, c.status, c.durationMs, c.processed, c.id]),
      chart: {
        type: 'bar',
        stacked: false,
        labels: cycles.map((c) => iso(c.startedAt)),
        datasets: [{ label: 'Duration (s)', data: cycles.map((c) => c.durationMs / 1000) }],
      },
    });
  }
  if (want('time-to-provision')) {
    const ttp = timeToProvision(db, r);
    out.push({
      key: 'time-to-provision',
      title: 'Time to provision (directory change → target write)',
      columns: ['time to provision', 'writes', 'average ms'],
      rows: ttp.map((t) => [t.bucket, t.count, t.avgMs]),
      chart: {
        type: 'bar',
        stacked: false,
        labels: ttp.map((t) => t.bucket),
        datasets: [{ label: 'Writes', data: ttp.map((t) => t.count) }],
      },
    });
  }
  if (want('apps')) out.push(appsTable(appSummaries(db, r)));
  return out;
}
