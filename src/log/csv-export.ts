/**
 * CSV export of the provisioning log: one row per event, flattened columns, streamed page by page so
 * millions of rows never sit in memory. Cells that a spreadsheet would run as a formula are guarded.
 */
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/client';
import { type LogQuery, type LogRow, searchLogs } from './query';
import type { ModifiedProperty, ProvisioningStep } from './types';

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

/** Prefix a quote to cells starting with = + - @ (or tab/CR), which spreadsheets would evaluate (OWASP CSV injection). */
export function guardCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One event as CSV cells, in CSV_COLUMNS order. */
export function toCsvCells(r: LogRow, appName: string): string[] {
  const steps = (JSON.parse(r.steps) as ProvisioningStep[]).map(
    (s) => `${s.provisioningStepType}:${s.status}: ${s.description}`,
  );
  const props = (JSON.parse(r.modifiedProperties) as ModifiedProperty[]).map(
    (p) => `${p.displayName}: ${p.oldValue ?? ''} -> ${p.newValue ?? ''}`,
  );
  const cells = [
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
  return cells.map(guardCell);
}

/** Yield the CSV text in chunks (header first), paging through the filter with the keyset cursor. */
export async function* exportLogsCsv(db: Db, q: LogQuery, appNames: Map<string, string>): AsyncGenerator<string> {
  yield stringify([[...CSV_COLUMNS]]);
  let cursor: string | undefined = q.cursor;
  do {
    const page = searchLogs(db, { ...q, limit: 1000, cursor });
    if (page.items.length > 0) yield stringify(page.items.map((r) => toCsvCells(r, appNames.get(r.appId) ?? r.appId)));
    cursor = page.nextCursor ?? undefined;
    // Let the event loop breathe between pages: other requests keep being served during a big export.
    await new Promise((r) => setImmediate(r));
  } while (cursor);
}
