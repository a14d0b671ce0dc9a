/**
 * Names for the ids an audit page shows (accounts, directory users and groups, applications, sources, API
 * tokens), resolved when the page or CSV is made: an audit row keeps the id it was written with, and a person
 * reads "Aisha Cohen", not 7a084283-…. Read-only SQL by primary key, so `audit/` still imports no domain module.
 */
import type { Db } from '../../db/client';
import type { AuditRow } from './audit-query';

export interface NamedRef {
  name: string;
  kind: 'account' | 'user' | 'group' | 'application' | 'source' | 'api_token';
  /** Where the object's page is, when it has one. */
  href?: string;
}

export type Names = ReadonlyMap<string, NamedRef>;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Every id a page of rows may show: targets, actors and the UUIDs inside before/after. */
export function idsIn(rows: readonly AuditRow[]): string[] {
  const ids = new Set<string>();
  for (const r of rows) {
    if (r.targetId) ids.add(r.targetId);
    if (r.actorId) ids.add(r.actorId);
    for (const json of [r.before, r.after]) for (const m of json?.match(UUID) ?? []) ids.add(m);
  }
  return [...ids];
}

/** One indexed lookup per table for all ids at once (json_each keeps it a single bound parameter). */
const LOOKUPS: { kind: NamedRef['kind']; sql: string; href?: (id: string) => string }[] = [
  { kind: 'account', sql: 'SELECT id, email AS name, NULL AS detail FROM accounts' },
  {
    kind: 'user',
    sql: 'SELECT id, coalesce(display_name, user_principal_name) AS name, user_principal_name AS detail FROM users',
    href: (id) => `/directory/users/${id}`,
  },
  {
    kind: 'group',
    sql: 'SELECT id, display_name AS name, NULL AS detail FROM groups',
    href: (id) => `/directory/groups/${id}`,
  },
  { kind: 'application', sql: 'SELECT id, name, NULL AS detail FROM applications', href: (id) => `/apps/${id}` },
  { kind: 'source', sql: 'SELECT id, name, NULL AS detail FROM sources', href: (id) => `/settings/sources/${id}` },
  { kind: 'api_token', sql: 'SELECT id, name, NULL AS detail FROM api_tokens' },
];

/** id → name for the ids that still exist; a deleted object's id stays as it was written. */
export function resolveNames(db: Db, ids: readonly string[]): Names {
  const out = new Map<string, NamedRef>();
  if (ids.length === 0) return out;
  const json = JSON.stringify(ids);
  for (const l of LOOKUPS) {
    const rows = db.$client.prepare(`${l.sql} WHERE id IN (SELECT value FROM json_each(?))`).all(json) as {
      id: string;
      name: string;
      detail: string | null;
    }[];
    for (const r of rows) {
      if (out.has(r.id)) continue;
      // A user is named as people know them, with the UPN that tells two Alex Smiths apart.
      const name = r.detail && r.detail !== r.name ? `${r.name} (${r.detail})` : r.name;
      out.set(r.id, { name, kind: l.kind, ...(l.href ? { href: l.href(r.id) } : {}) });
    }
  }
  return out;
}

/** The name for an id (or the text itself when it names nothing). */
export const nameOf = (names: Names, value: string | undefined): string | undefined =>
  value === undefined ? undefined : (names.get(value)?.name ?? value);
