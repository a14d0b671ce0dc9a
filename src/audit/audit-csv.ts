/**
 * Audit rows as CSV (same filters as the page), with the spreadsheet-formula guard on every cell. Targets and
 * ids inside the changes are named as on the page; the target's id stays in its own column.
 */
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/client';
import { guardCell } from '../kernel/csv-cell';
import { auditChanges, type DiffEntry, type FieldChange } from './audit-diff';
import { idsIn, type Names, nameOf, resolveNames } from './audit-names';
import { type AuditQuery, searchAudit } from './audit-query';

export const AUDIT_CSV_COLUMNS = [
  'id',
  'time',
  'actor',
  'actorType',
  'activity',
  'result',
  'targetType',
  'target',
  'targetId',
  'ip',
  'changes',
];
/** An export is for a person to read or file; beyond this they should narrow the filter. */
export const AUDIT_CSV_MAX_ROWS = 100_000;

function fieldText(f: FieldChange, names: Names): string {
  const v = (x: string | undefined) => nameOf(names, x) ?? '∅';
  if (f.before === undefined) return `${f.path}: ${v(f.after)}`;
  if (f.after === undefined) return `${f.path}: ${v(f.before)} (removed)`;
  return `${f.path}: ${v(f.before)} -> ${v(f.after)}`;
}

/** One line per change: "title: source jobTitle -> department", "added Aisha Cohen", … (pure). */
export function changesText(entries: readonly DiffEntry[], names: Names): string {
  return entries
    .map((e) => {
      if (e.kind === 'field') return fieldText(e, names);
      const where = e.list ? `${e.list} › ` : '';
      const fields = e.fields.map((f) => fieldText(f, names)).join(', ');
      return `${e.change} ${where}${nameOf(names, e.key)}${fields ? ` (${fields})` : ''}`;
    })
    .join('; ');
}

/** Every matching row, newest first, read page by page (keyset) up to the cap. */
export function auditCsv(db: Db, q: AuditQuery): string {
  const lines: string[][] = [AUDIT_CSV_COLUMNS];
  let cursor = q.cursor;
  while (lines.length <= AUDIT_CSV_MAX_ROWS) {
    const page = searchAudit(db, { ...q, cursor, limit: 500 });
    const names = resolveNames(db, idsIn(page.rows));
    for (const r of page.rows) {
      const changes = changesText(auditChanges(r.before, r.after), names);
      const target = r.targetId ? (names.get(r.targetId)?.name ?? '') : '';
      const cells = [String(r.id), new Date(r.at).toISOString(), r.actorName, r.actorType, r.activity, r.result];
      cells.push(r.targetType ?? '', target, r.targetId ?? '', r.ip ?? '', changes);
      lines.push(cells.map(guardCell));
    }
    if (page.next === null) break;
    cursor = page.next;
  }
  return stringify(lines.slice(0, AUDIT_CSV_MAX_ROWS + 1));
}
