/**
 * CSV import of users: header row = attribute names, upsert by userPrincipalName. Each bad row is
 * reported with its line number; good rows are written in one transaction and never dropped for a bad one.
 */
import { parse } from 'csv-parse/sync';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../auth/roles';
import { ValidationError } from '../errors';
import type { DirectoryChange } from './journal';
import { createUserSchema, USER_ATTRIBUTES } from './user-input';
import { applyUserUpdate, type DirectoryDeps, findUserByUpn, insertUser } from './users';

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  errors: { line: number; message: string }[];
}

const BOOL: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, yes: true, no: false };

function toInput(record: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (k === 'accountEnabled') {
      const b = BOOL[v.trim().toLowerCase()];
      out[k] = v.trim() === '' ? undefined : (b ?? v);
    } else out[k] = v;
  }
  return out;
}

/** Import users from CSV text. Throws ValidationError only when the file as a whole is unusable. */
export function importUsersCsv(deps: DirectoryDeps, actor: Actor, text: string): ImportResult {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, {
      columns: true,
      skip_empty_lines: true,
      trim: false,
      bom: true,
      info: true,
      relax_column_count: false,
    });
  } catch (err) {
    throw new ValidationError(`The CSV could not be parsed: ${(err as Error).message}`);
  }
  const header = Object.keys(rows[0]?.record ?? {});
  const unknown = header.filter((h) => !(USER_ATTRIBUTES as readonly string[]).includes(h));
  if (rows.length > 0 && !header.includes('userPrincipalName')) {
    throw new ValidationError('The header row must include userPrincipalName');
  }
  if (unknown.length > 0) {
    throw new ValidationError(`Unknown columns: ${unknown.join(', ')} (allowed: ${USER_ATTRIBUTES.join(', ')})`);
  }
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0, errors: [] };
  const changes: DirectoryChange[] = [];
  const now = deps.clock.now();
  const seen = new Set<string>();
  deps.db.transaction((tx) => {
    for (const { record, info } of rows) {
      const parsed = createUserSchema.safeParse(toInput(record));
      if (!parsed.success) {
        const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        result.errors.push({ line: info.lines, message: msg });
        continue;
      }
      const upnKey = parsed.data.userPrincipalName.toLowerCase();
      if (seen.has(upnKey)) {
        result.errors.push({
          line: info.lines,
          message: `userPrincipalName ${parsed.data.userPrincipalName} appears twice in the file`,
        });
        continue;
      }
      seen.add(upnKey);
      const existing = findUserByUpn(deps.db, parsed.data.userPrincipalName);
      if (!existing) {
        const row = insertUser(tx, parsed.data, now);
        changes.push({ objectType: 'user', objectId: row.id, kind: 'create' });
        result.created++;
        continue;
      }
      // Columns absent from the file are left alone; only present ones update.
      const present = Object.fromEntries(Object.entries(parsed.data).filter(([k]) => header.includes(k)));
      const r = applyUserUpdate(tx, existing, present, now);
      if (r) {
        changes.push(r.change);
        result.updated++;
      } else result.unchanged++;
    }
    writeAudit(
      tx,
      actor,
      {
        activity: 'directory.import.users',
        targetType: 'directory',
        after: { created: result.created, updated: result.updated, errors: result.errors.length },
      },
      now,
    );
  });
  deps.onChange(changes);
  return result;
}
