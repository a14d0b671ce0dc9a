/**
 * CSV import of groups: header `displayName[,mailNickname][,description]`, upsert by displayName. The API
 * reports bad rows by line and keeps the good ones; the import page passes `allOrNothing` because it shows
 * the preview first and offers the import only when no line has errors, so a file that went bad since the
 * preview (or was altered) imports nothing. Rows that would change a group owned by a directory source are
 * refused on their line (csv-ownership.ts). Rows are read with yields; the writes are one transaction.
 */

import type { Db } from '../../db/client';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import { dryRun, previewOf, readAllRows, resultOf, type Tx } from './csv-dry-run';
import { type ImportResult, importRefused } from './csv-import';
import { ownedMessage, ownedNames } from './csv-ownership';
import type { PreviewLine } from './csv-preview';
import type { CsvRow } from './csv-read';
import { createGroupSchema, GROUP_ATTRIBUTES } from './group-input';
import { applyGroupUpdate, type DirectoryGroup, findGroupByName, insertGroup } from './groups';
import type { DirectoryChange } from './journal';
import type { DirectoryDeps } from './users';

const COLUMNS = { required: ['displayName'], allowed: GROUP_ATTRIBUTES };

/** The attributes a row changes on an existing group: columns absent from the file are left alone. */
function changedKeys(current: DirectoryGroup, present: Record<string, unknown>): string[] {
  return Object.entries(present)
    .filter(([k, v]) => v !== undefined && current[k as keyof DirectoryGroup] !== v)
    .map(([k]) => k);
}

/** Write every row in the caller's transaction; one outcome per line, and the journal changes written. */
function writeGroupRows(tx: Tx, rows: readonly CsvRow[], now: number) {
  const owned = ownedNames(tx, 'group');
  const lines: PreviewLine[] = [];
  const changes: DirectoryChange[] = [];
  const seen = new Set<string>();
  for (const { line, record } of rows) {
    const name = record.displayName ?? '';
    const parsed = createGroupSchema.safeParse(record);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      lines.push({ line, name, outcome: 'error', detail });
      continue;
    }
    const key = parsed.data.displayName.toLowerCase();
    if (seen.has(key)) {
      lines.push({
        line,
        name,
        outcome: 'error',
        detail: `Group ${parsed.data.displayName} appears twice in the file`,
      });
      continue;
    }
    seen.add(key);
    const existing = findGroupByName(tx, parsed.data.displayName);
    if (!existing) {
      const g = insertGroup(tx, parsed.data, now);
      changes.push({ objectType: 'group', objectId: g.id, kind: 'create' });
      lines.push({ line, name: g.displayName, outcome: 'create', detail: '' });
      continue;
    }
    const present = Object.fromEntries(Object.entries(parsed.data).filter(([k]) => Object.hasOwn(record, k)));
    const changed = changedKeys(existing, present);
    const source = changed.length > 0 ? owned.get(existing.displayName.toLowerCase()) : undefined;
    if (source) {
      lines.push({
        line,
        name: existing.displayName,
        outcome: 'error',
        detail: ownedMessage(existing.displayName, source),
      });
      continue;
    }
    const r = applyGroupUpdate(tx, existing, present, now);
    if (r) changes.push(r.change);
    lines.push({ line, name: existing.displayName, outcome: r ? 'update' : 'unchanged', detail: changed.join(', ') });
  }
  return { lines, changes };
}

/** Import groups from CSV text; with `allOrNothing`, any line in error refuses the file (ValidationError). */
export async function importGroupsCsv(
  deps: DirectoryDeps,
  actor: Actor,
  text: string,
  opts: { allOrNothing?: boolean } = {},
): Promise<ImportResult> {
  const rows = await readAllRows(text, COLUMNS);
  const now = deps.clock.now();
  const { result, changes } = deps.db.transaction((tx) => {
    const written = writeGroupRows(tx, rows, now);
    const r = resultOf(written.lines);
    // Thrown inside the transaction, so nothing of the file is kept.
    if (opts.allOrNothing && r.errors.length > 0) throw importRefused(r.errors);
    const after = { created: r.created, updated: r.updated, errors: r.errors.length };
    writeAudit(tx, actor, { activity: 'directory.import.groups', targetType: 'directory', after }, now);
    return { result: r, changes: written.changes };
  });
  deps.onChange(changes);
  return result;
}

/** What a groups CSV would do, line by line, without writing (the import's writes, rolled back). */
export async function previewGroupsCsv(db: Db, text: string, limit = 1000) {
  const rows = await readAllRows(text, COLUMNS);
  return previewOf(
    dryRun(db, (tx) => writeGroupRows(tx, rows, Date.now()).lines),
    limit,
  );
}
