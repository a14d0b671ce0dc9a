/**
 * What a users CSV would do, line by line, without writing: create, update (which attributes), unchanged,
 * or the line's error. The import page shows it before the admin commits the same text through
 * importUsersCsv, which validates again (the directory may change in between) and writes all or nothing.
 * Parsing and the checks follow csv-import.ts: same schema, same boolean words, same duplicate, manager and
 * source-ownership rules.
 */
import type { Db } from '../../db/client';
import { csvRowInput, withCustom } from './csv-import';
import { changedUserAttributes, ownedMessage, ownedNames } from './csv-ownership';
import { csvRows, tickBudget } from './csv-read';
import { customAttributeNames } from './custom-attributes';
import { managerProblem } from './manager-check';
import { createUserSchema, USER_ATTRIBUTES } from './user-input';
import { findUserByUpn } from './users';

export type PreviewOutcome = 'create' | 'update' | 'unchanged' | 'error';

export interface PreviewLine {
  line: number;
  /** What the line names: a userPrincipalName, a group's displayName, or `group ← member`. */
  name: string;
  outcome: PreviewOutcome;
  /** Attributes an update changes; the error message for an error. */
  detail: string;
}

/** The preview of every line (the first `limit` listed), with counts over the whole file. */
export async function previewUsersCsv(db: Db, text: string, limit = 1000) {
  const lines: PreviewLine[] = [];
  const counts: Record<PreviewOutcome, number> = { create: 0, update: 0, unchanged: 0, error: 0 };
  const seen = new Map<string, number>();
  const budget = tickBudget();
  const owned = ownedNames(db, 'user');
  const add = (l: PreviewLine) => {
    counts[l.outcome]++;
    if (lines.length < limit) lines.push(l);
  };
  const custom = new Set(customAttributeNames(db));
  const allowed = [...USER_ATTRIBUTES, ...custom];
  for await (const { line, record } of csvRows(text, { required: ['userPrincipalName'], allowed })) {
    const upnCell = record.userPrincipalName ?? '';
    const parsed = createUserSchema.safeParse(withCustom(csvRowInput(record), custom));
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      add({ line, name: upnCell, outcome: 'error', detail });
      continue;
    }
    const input = parsed.data as Record<string, unknown> & { userPrincipalName: string; manager?: string | null };
    const upn = input.userPrincipalName;
    const current = findUserByUpn(db, upn) as Record<string, unknown> | undefined;
    const problem = input.manager ? managerProblem(db, (current?.id as string) ?? null, input.manager) : null;
    const first = seen.get(upn.toLowerCase());
    if (problem) add({ line, name: upn, outcome: 'error', detail: `manager: ${problem}` });
    else if (first !== undefined) {
      add({
        line,
        name: upn,
        outcome: 'error',
        detail: `appears twice in the file (first on line ${first})`,
      });
    } else {
      seen.set(upn.toLowerCase(), line);
      if (!current) add({ line, name: upn, outcome: 'create', detail: '' });
      else {
        const changed = changedUserAttributes(record, input, current);
        const source = changed.length ? owned.get(upn.toLowerCase()) : undefined;
        if (source)
          add({ line, name: upn, outcome: 'error', detail: ownedMessage(String(current.userPrincipalName), source) });
        else add({ line, name: upn, outcome: changed.length ? 'update' : 'unchanged', detail: changed.join(', ') });
      }
    }
    await budget.yieldIfDue();
  }
  return { lines, counts, listed: lines.length };
}
