/**
 * Upserting users by userPrincipalName with prepared statements, for bulk imports. Same effects as
 * `insertUser` / `applyUserUpdate` (row + one journal entry per changed user), but drizzle's query building
 * cost ~0.5 ms per statement on the build machine against ~0.02 ms for the statement itself, which made a
 * 100,000-row import take minutes. Call inside the caller's transaction.
 */
import crypto from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import { customAttributeNames, mergeCustomValues } from './custom-attributes';
import type { DirectoryChange } from './journal';
import { type CreateUserInput, USER_ATTRIBUTES } from './user-input';

type Attr = (typeof USER_ATTRIBUTES)[number];
type Current = { id: string; custom: string | null } & Record<Attr, string | number | null>;

const COLUMN = new Map<Attr, string>(USER_ATTRIBUTES.map((a) => [a, users[a].name]));
const col = (a: Attr) => COLUMN.get(a) as string;

// better-sqlite3 binds no booleans; the column stores 0/1.
const toSql = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : (v ?? null));

export type UpsertOutcome = { change: DirectoryChange } | null;

/** Returns `upsert(input, present, now)`: the journal change written, or null when the user was unchanged. */
export function bulkUserUpsert(db: Db) {
  const c = db.$client;
  const find = c.prepare(
    `SELECT id, ${USER_ATTRIBUTES.map((a) => `${col(a)} AS "${a}"`).join(', ')}, custom_attributes AS custom
     FROM users WHERE lower(user_principal_name) = lower(?)`,
  );
  const insert = c.prepare(
    `INSERT INTO users (id, ${USER_ATTRIBUTES.map(col).join(', ')}, custom_attributes, deleted_at, created_at, updated_at)
     VALUES (?, ${USER_ATTRIBUTES.map(() => '?').join(', ')}, ?, NULL, ?, ?)`,
  );
  const setCustom = c.prepare('UPDATE users SET custom_attributes = ?, updated_at = ? WHERE id = ?');
  const declared = customAttributeNames(db);
  const journal = c.prepare(
    `INSERT INTO directory_changes (object_type, object_id, app_id, kind, at) VALUES ('user', ?, NULL, ?, ?)`,
  );
  const updates = new Map<string, Statement>();
  const updateFor = (attrs: Attr[]) => {
    const key = attrs.join(',');
    let st = updates.get(key);
    if (!st) {
      st = c.prepare(`UPDATE users SET ${attrs.map((a) => `${col(a)} = ?`).join(', ')}, updated_at = ? WHERE id = ?`);
      updates.set(key, st);
    }
    return st;
  };

  return (input: CreateUserInput, present: ReadonlySet<string>, now: number): UpsertOutcome => {
    const current = find.get(input.userPrincipalName) as Current | undefined;
    const submitted = input.customAttributes;
    if (!current) {
      const id = crypto.randomUUID();
      const values = USER_ATTRIBUTES.map((a) => toSql(a === 'accountEnabled' ? (input[a] ?? true) : input[a]));
      const custom = submitted ? mergeCustomValues(declared, null, submitted) : null;
      insert.run(id, ...values, custom, now, now);
      journal.run(id, 'create', now);
      return { change: { objectType: 'user', objectId: id, kind: 'create' } };
    }
    // Columns absent from the file are left alone; an empty cell clears a text column (as the API's null).
    const changed = USER_ATTRIBUTES.filter(
      (a) => present.has(a) && input[a] !== undefined && toSql(input[a]) !== current[a],
    );
    const custom = submitted ? mergeCustomValues(declared, current.custom, submitted) : current.custom;
    if (changed.length === 0 && custom === current.custom) return null;
    if (changed.length > 0) updateFor(changed).run(...changed.map((a) => toSql(input[a])), now, current.id);
    if (custom !== current.custom) setCustom.run(custom, now, current.id);
    journal.run(current.id, 'update', now);
    return { change: { objectType: 'user', objectId: current.id, kind: 'update' } };
  };
}
