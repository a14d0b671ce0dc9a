/**
 * Source ownership in CSV imports (issue 14): a user or group owned by a directory source (LDAP, SCIM inbound)
 * is written by that source only, as the API's 409 says for single edits, so a CSV row that would change one
 * is refused on its line, naming the source. Rows that change nothing pass (a re-imported export of the
 * directory should not fail on owned objects), and creating new local objects stays allowed.
 */

import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { groups, sourceObjects, sources, users } from '../../db/schema';
import { customValuesOf } from './custom-attributes';
import { USER_ATTRIBUTES } from './user-input';

/**
 * Source names of the owned users (keyed by lower-case userPrincipalName) or groups (by lower-case displayName),
 * in one query: a 100,000-row users file must not cost a lookup per row.
 */
export function ownedNames(db: Pick<Db, 'select'>, objectType: 'user' | 'group'): Map<string, string> {
  const table = objectType === 'user' ? users : groups;
  const key = objectType === 'user' ? users.userPrincipalName : groups.displayName;
  const rows = db
    .select({ key: sql<string>`lower(${key})`, source: sources.name })
    .from(sourceObjects)
    .innerJoin(sources, eq(sources.id, sourceObjects.sourceId))
    .innerJoin(table, eq(table.id, sourceObjects.objectId))
    .where(eq(sourceObjects.objectType, objectType))
    .all();
  return new Map(rows.map((r) => [r.key, r.source]));
}

/** The line's message for a row that would change a source-owned object. */
export function ownedMessage(name: string, source: string): string {
  return `${name} is owned by the source "${source}"; change it there`;
}

/**
 * Attributes a users CSV row changes on an existing user, as the import applies it: columns absent from the
 * file are left alone, an empty cell clears the attribute.
 */
export function changedUserAttributes(
  record: Record<string, string>,
  input: Record<string, unknown>,
  current: Record<string, unknown>,
): string[] {
  const builtIn = USER_ATTRIBUTES.filter(
    (a) => Object.hasOwn(record, a) && input[a] !== undefined && (input[a] ?? null) !== (current[a] ?? null),
  );
  // Declared custom attributes arrive as `customAttributes` (csv-import.ts withCustom): compare by value.
  const submitted = input.customAttributes as Record<string, string | null | undefined> | undefined;
  if (!submitted) return builtIn;
  const stored = customValuesOf((current.customAttributes as string | null) ?? null);
  const custom = Object.entries(submitted)
    .filter(([k, v]) => ((v === '' ? null : v) ?? null) !== (stored[k] ?? null))
    .map(([k]) => k);
  return [...builtIn, ...custom];
}
