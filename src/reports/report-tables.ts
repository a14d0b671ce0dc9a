/**
 * Every report as a table (columns + rows) plus the chart drawn from the same rows, so the chart, its
 * accessible table view and the CSV export can never disagree. Pure apart from the queries it is handed.
 * Names stand beside ids (a CSV is read by people), and every column and axis says its unit.
 */

import type { Db } from '../../db/client';
import { type AppSummaryRow, appSummaries } from './app-summary';
import { cycleDurations, timeToProvision, topErrorCodes } from './queries';
import type { ReportRange } from './range';
import { seriesTables } from './report-series';
import type { ReportKey, ReportTable } from './report-types';

export { type Cell, type ChartSpec, REPORT_KEYS, type ReportKey, type ReportTable } from './report-types';

const iso = (ms: number) => new Date(ms).toISOString();
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
/** Milliseconds as seconds with one decimal: what a person reads in a spreadsheet. */
const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10);

function appsTable(apps: AppSummaryRow[]): ReportTable {
  return {
    key: 'apps',
    title: 'Per-application summary',
    columns: [
      'application',
      'success (rows)',
      'failure (rows)',
      'warning (rows)',
      'skipped (rows)',
      'success rate (%)',
      'cycles',
      'average cycle (s)',
      'throttled (requests)',
    ],
    rows: apps.map((a) => [
      a.name,
      a.success,
      a.failure,
      a.warning,
      a.skipped,
      pct(a.successRate),
      a.cycles,
      seconds(a.avgCycleMs),
      a.throttled,
    ]),
    chart: null,
  };
}

function errorsTable(db: Db, r: ReportRange): ReportTable {
  const errors = topErrorCodes(db, r);
  return {
    key: 'errors',
    title: 'Top error codes',
    columns: ['error code', 'failures (rows)', 'last seen'],
    timeColumns: [2],
    rows: errors.map((e) => [e.errorCode, e.count, iso(e.lastSeen)]),
    chart: {
      type: 'bar',
      stacked: false,
      integer: true,
      yTitle: 'Failures (log rows)',
      labels: errors.map((e) => e.errorCode),
      datasets: [{ label: 'Failures', data: errors.map((e) => e.count) }],
    },
    errors,
  };
}

function cyclesTable(db: Db, r: ReportRange): ReportTable {
  const cycles = cycleDurations(db, r);
  // Minutes once cycles run for minutes: "12" on a minutes axis reads better than "720".
  const minutes = cycles.some((c) => c.durationMs >= 180_000);
  const unit = minutes ? 60_000 : 1000;
  return {
    key: 'cycles',
    title: 'Cycle durations',
    columns: [
      'started',
      'application',
      'type',
      'status',
      'duration (s)',
      'objects processed',
      'application id',
      'cycle id',
    ],
    timeColumns: [0],
    rows: cycles.map((c) => [
      iso(c.startedAt),
      c.appName,
      c.type,
      c.status,
      seconds(c.durationMs),
      c.processed,
      c.appId,
      c.id,
    ]),
    chart: {
      type: 'bar',
      stacked: false,
      integer: false,
      bucket: 'hour',
      yTitle: minutes ? 'Duration (minutes)' : 'Duration (seconds)',
      xTitle: 'Cycle start (UTC)',
      labels: cycles.map((c) => iso(c.startedAt)),
      datasets: [
        {
          label: minutes ? 'Duration (min)' : 'Duration (s)',
          data: cycles.map((c) => Math.round((c.durationMs / unit) * 10) / 10),
        },
      ],
      notes: cycles.map((c) => `${c.appName} · ${c.type} · ${c.status} · ${c.processed} objects`),
    },
  };
}

function ttpTable(db: Db, r: ReportRange): ReportTable {
  const ttp = timeToProvision(db, r);
  return {
    key: 'time-to-provision',
    title: 'Time to provision (directory change → target write)',
    columns: ['time to provision', 'writes (rows)', 'average (s)'],
    rows: ttp.map((t) => [t.bucket, t.count, seconds(t.avgMs)]),
    chart: {
      type: 'bar',
      stacked: false,
      integer: true,
      yTitle: 'Writes (log rows)',
      xTitle: 'Time from directory change to target write',
      labels: ttp.map((t) => t.bucket),
      datasets: [{ label: 'Writes', data: ttp.map((t) => t.count) }],
    },
  };
}

/** Build one report (for CSV) or all of them (for the page). */
export function buildReports(db: Db, r: ReportRange, only?: ReportKey): ReportTable[] {
  const want = (k: ReportKey) => only === undefined || only === k;
  const out = seriesTables(db, r, want);
  if (want('errors')) out.push(errorsTable(db, r));
  if (want('cycles')) out.push(cyclesTable(db, r));
  if (want('time-to-provision')) out.push(ttpTable(db, r));
  if (want('apps')) out.push(appsTable(appSummaries(db, r)));
  return out;
}
