/** A plan as CSV: one row per changed attribute (or one per object without changes), formula cells guarded. */
import { stringify } from 'csv-stringify/sync';
import { guardCell } from '../../kernel/csv-cell';
import { itemChanges, type PlanItemRow } from './store';

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

/** The CSV text of a plan's items (header included). */
export function planCsv(items: readonly PlanItemRow[]): string {
  const rows: string[][] = [];
  for (const i of items) {
    const base = [i.sourceId, i.displayName ?? '', i.action, i.targetId ?? '', i.reason ?? ''];
    const changes = itemChanges(i);
    if (changes.length === 0) rows.push([...base, '', '', '', i.applyStatus ?? '']);
    for (const c of changes) rows.push([...base, c.attribute, c.oldValue ?? '', c.newValue ?? '', i.applyStatus ?? '']);
  }
  return stringify([[...PLAN_CSV_COLUMNS], ...rows.map((r) => r.map(guardCell))]);
}
