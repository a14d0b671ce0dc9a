/**
 * A plan as CSV: one row per changed attribute (or one per object without changes), formula cells guarded.
 * Streamed a page of items at a time (as the log export is), so a 100,000-user plan is never built in memory.
 */
import type { Db } from '../../../db/client';
import { csvLine } from '../../log/csv-line';
import { itemChanges, type PageFilter, type PlanItemRow, planItemPages } from './store';

export const PLAN_CSV_COLUMNS = [
  'sourceId',
  'displayName',
  'action',
  'targetId',
  'reason',
  'attribute',
  'oldValue',
  'newValue',
  'applyStatus',
] as const;

/** The CSV records of one item (csvLine guards every cell against formulas). */
function itemLines(i: PlanItemRow): string {
  const base = [i.sourceId, i.displayName ?? '', i.action, i.targetId ?? '', i.reason ?? ''];
  const changes = itemChanges(i);
  if (changes.length === 0) return csvLine([...base, '', '', '', i.applyStatus ?? '']);
  let lines = '';
  for (const c of changes)
    lines += csvLine([...base, c.attribute, c.oldValue ?? '', c.newValue ?? '', i.applyStatus ?? '']);
  return lines;
}

/** The CSV text of a plan's items (header first), one chunk per page of items, in seq order. */
export async function* planCsvChunks(
  db: Db,
  planId: string,
  f: Omit<PageFilter, 'executable'> = {},
  pageSize?: number,
): AsyncGenerator<string> {
  yield csvLine(PLAN_CSV_COLUMNS);
  for (const page of planItemPages(db, planId, f, pageSize)) {
    let chunk = '';
    for (const i of page) chunk += itemLines(i);
    yield chunk;
  }
}
