/**
 * CSV export of the provisioning log: one row per event, flattened columns, streamed page by page so
 * millions of rows never sit in memory. Cells that a spreadsheet would run as a formula are guarded.
 */
import type { Db } from '../../db/client';
import { guardCell } from '../kernel/csv-cell';
import { csvLine } from './csv-line';
import { EXPORT_READ_ROWS, timeSlicedCsv } from './export-format';
import { exportRowPages } from './export-rows';
import type { LogQuery, LogRow } from './query';
import { rowModifiedProperties, rowSteps } from './row-json';

export const CSV_COLUMNS = [
  'changeId',
  'activityDateTime',
  'application',
  'jobId',
  'cycleId',
  'action',
  'status',
  'durationMs',
  'initiatedBy',
  'sourceId',
  'sourceDisplayName',
  'targetId',
  'targetDisplayName',
  'sourceSystem',
  'targetSystem',
  'errorCode',
  'errorCategory',
  'errorReason',
  'recommendedAction',
  'steps',
  'modifiedProperties',
] as const;

/** One event's cells before the formula guard, in CSV_COLUMNS order. */
function exportCells(r: LogRow, appName: string): string[] {
  const steps = rowSteps(r).map((s) => `${s.provisioningStepType}:${s.status}: ${s.description}`);
  const props = rowModifiedProperties(r).map((p) => `${p.displayName}: ${p.oldValue ?? ''} -> ${p.newValue ?? ''}`);
  return [
    r.id,
    new Date(r.activityDateTime).toISOString(),
    appName,
    r.jobId,
    r.cycleId,
    r.provisioningAction,
    r.status,
    String(r.durationMs),
    r.initiatedByName,
    r.sourceId,
    r.sourceDisplayName ?? '',
    r.targetId ?? '',
    r.targetDisplayName ?? '',
    r.sourceSystem,
    r.targetSystem,
    r.errorCode ?? '',
    r.errorCategory ?? '',
    r.errorReason ?? '',
    r.recommendedAction ?? '',
    steps.join(' | '),
    props.join(' | '),
  ];
}

/** One event as CSV cells, in CSV_COLUMNS order, guarded against formulas. */
export function toCsvCells(r: LogRow, appName: string): string[] {
  return exportCells(r, appName).map(guardCell);
}

/** Yield the CSV in chunks (the header first, then UTF-8): raw keyset pages formatted straight into bytes (export-format.ts). */
export async function* exportLogsCsv(
  db: Db,
  q: LogQuery,
  appNames: Map<string, string>,
): AsyncGenerator<string | Buffer> {
  yield csvLine(CSV_COLUMNS);
  yield* timeSlicedCsv(exportRowPages(db, q, EXPORT_READ_ROWS), appNames);
}
