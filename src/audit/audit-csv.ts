/** Audit rows as CSV (same filters as the page), with the spreadsheet-formula guard on every cell. */
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/client';
import { guardCell } from '../kernel/csv-cell';
import { auditDiff } from './audit-diff';
import { type AuditQuery, searchAudit } from './audit-query';

export const AUDIT_CSV_COLUMNS = [
  'id',
  'time',
  'actor',
  'actorType',
  'activity',
  'result',
  'targetType',
  'targetId',
  'ip',
  'changes',
];
/** An export is for a person to read or file; beyond this they should narrow the filter. */
export const AUDIT_CSV_MAX_ROWS = 100_000;

/** Every matching row, newest first, read page by page (keyset) up to the cap. */
export function auditCsv(db: Db, q: AuditQuery): string {
  const lines: string[][] = [AUDIT_CSV_COLUMNS];
  let cursor = q.cursor;
  while (lines.length <= AUDIT_CSV_MAX_ROWS) {
    const page = searchAudit(db, { ...q, cursor, limit: 500 });
    for (const r of page.rows) {
      const changes = auditDiff(r.before, r.after)
        .map((c) => `${c.path}: ${c.before ?? '∅'} -> ${c.after ?? '∅'}`)
        .join('; ');
      const cells = [String(r.id), new Date(r.at).toISOString(), r.actorName, r.actorType, r.activity, r.result];
      cells.push(r.targetType ?? '', r.targetId ?? '', r.ip ?? '', changes);
      lines.push(cells.map(guardCell));
    }
    if (page.next === null) break;
    cursor = page.next;
  }
  return stringify(lines.slice(0, AUDIT_CSV_MAX_ROWS + 1));
}
