/**
 * CSV import of groups: header `displayName[,mailNickname][,description]`, upsert by displayName. The API
 * reports bad rows by line and writes the good ones; the import page passes `allOrNothing` because it shows
 * the preview first and offers the import only when no line has errors, so a file that went bad since the
 * preview (or was altered) imports nothing. Rows that would change a group owned by a directory source are
 * refused on their line (csv-ownership.ts). Check, then write in chunks: csv-import-shared.ts.
 */
import type { Db } from '../../db/client';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import { type ImportResult, importRefused } from './csv-import';
import { checkRows, previewOf, readAllRows, resultOf, writeInChunks } from './csv-import-shared';
import { ownedMessage, ownedNames } from './csv-ownership';
import type { PreviewLine } from './csv-preview';
import { type CsvRow, tickBudget } from './csv-read';
import { type CreateGroupInput, createGroupSchema, GROUP_ATTRIBUTES } from './group-input';
import { applyGroupUpdate, type DirectoryGroup, findGroupByName, insertGroup } from './groups';
import type { DirectoryChange } from './journal';
import type { DirectoryDeps } from './users';

const COLUMNS = { required: ['displayName'], allowed: GROUP_ATTRIBUTES };

interface Checked {
  line: PreviewLine;
  /** The validated row and the attributes its file sets, for lines to create or update. */
  write?: { input: CreateGroupInput; present: Partial<CreateGroupInput> };
}

/** The attributes a row changes on an existing group: columns absent from the file are left alone. */
function changedKeys(current: DirectoryGroup, present: Partial<CreateGroupInput>): string[] {
  return Object.entries(present)
    .filter(([k, v]) => v !== undefined && current[k as keyof DirectoryGroup] !== v)
    .map(([k]) => k);
}

/** A checker of rows in file order (it remembers the names seen); reads the directory, writes nothing. */
function groupChecker(db: Pick<Db, 'select'>) {
  const owned = ownedNames(db, 'group');
  const seen = new Set<string>();
  return ({ line, record }: CsvRow): Checked => {
    const name = record.displayName ?? '';
    const parsed = createGroupSchema.safeParse(record);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return { line: { line, name, outcome: 'error', detail } };
    }
    const input = parsed.data;
    const key = input.displayName.toLowerCase();
    if (seen.has(key)) {
      return { line: { line, name, outcome: 'error', detail: `Group ${input.displayName} appears twice in the file` } };
    }
    seen.add(key);
    const present = Object.fromEntries(Object.entries(input).filter(([k]) => Object.hasOwn(record, k)));
    const existing = findGroupByName(db, input.displayName);
    if (!existing)
      return { line: { line, name: input.displayName, outcome: 'create', detail: '' }, write: { input, present } };
    const changed = changedKeys(existing, present);
    const source = changed.length > 0 ? owned.get(key) : undefined;
    if (source) {
      const detail = ownedMessage(existing.displayName, source);
      return { line: { line, name: existing.displayName, outcome: 'error', detail } };
    }
    if (changed.length === 0) return { line: { line, name: existing.displayName, outcome: 'unchanged', detail: '' } };
    return {
      line: { line, name: existing.displayName, outcome: 'update', detail: changed.join(', ') },
      write: { input, present },
    };
  };
}

async function checkFile(db: Db, text: string, budget = tickBudget()) {
  const rows = await readAllRows(text, COLUMNS, budget);
  return checkRows(rows, groupChecker(db), budget);
}

/** Import groups from CSV text; with `allOrNothing`, any line in error refuses the file (ValidationError). */
export async function importGroupsCsv(
  deps: DirectoryDeps,
  actor: Actor,
  text: string,
  opts: { allOrNothing?: boolean; budgetMs?: number } = {},
): Promise<ImportResult> {
  const budget = tickBudget(opts.budgetMs);
  const checked = await checkFile(deps.db, text, budget);
  const result = resultOf(checked.map((c) => c.line));
  if (opts.allOrNothing && result.errors.length > 0) throw importRefused(result.errors);
  const now = deps.clock.now();
  let changes: DirectoryChange[] = [];
  const writes = checked.flatMap((c) => (c.write ? [c.write] : []));
  await writeInChunks(
    deps.db,
    writes,
    (tx, { input, present }) => {
      // Matched again here: another request may have created the group since the check.
      const existing = findGroupByName(tx, input.displayName);
      if (!existing) {
        const g = insertGroup(tx, input, now);
        changes.push({ objectType: 'group', objectId: g.id, kind: 'create' });
      } else {
        const r = applyGroupUpdate(tx, existing, present, now);
        if (r) changes.push(r.change);
      }
    },
    () => {
      if (changes.length > 0) deps.onChange(changes);
      changes = [];
    },
    budget,
  );
  const after = { created: result.created, updated: result.updated, errors: result.errors.length };
  deps.db.transaction((tx) =>
    writeAudit(tx, actor, { activity: 'directory.import.groups', targetType: 'directory', after }, now),
  );
  return result;
}

/** What a groups CSV would do, line by line, without writing. */
export async function previewGroupsCsv(db: Db, text: string, limit = 1000) {
  return previewOf(
    (await checkFile(db, text)).map((c) => c.line),
    limit,
  );
}
