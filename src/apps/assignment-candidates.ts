/**
 * The assignment picker's directory search: users by display name, UPN or email and groups by name, bounded
 * (at most 20), with those already assigned to the application marked. Prefix ranges on the lower-cased
 * expression indexes come first; a bounded substring scan fills up only when they found too few.
 */
import { and, eq, gte, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { appAssignments, appRoles, groups, users } from '../../db/schema';
import { parseOrThrow } from '../kernel/parse';
import { getApplication } from './applications';
import { type CandidateList, type CandidateRow, shapeCandidates } from './candidate-shape';

export const CANDIDATE_LIMIT = 20;
/** Shorter queries match too much for a substring scan to be worth its full-table read. */
const CONTAINS_MIN = 3;
// The highest code point: `q` ≤ x < `q + TOP` is "x starts with q" under SQLite's byte order.
const TOP = '\u{10FFFF}';

const querySchema = z.object({
  q: z.string().trim().max(200, 'must be at most 200 characters').default(''),
  limit: z.coerce.number().int().min(1).max(CANDIDATE_LIMIT).default(CANDIDATE_LIMIT),
});

const userColumns = {
  id: users.id,
  displayName: users.displayName,
  userPrincipalName: users.userPrincipalName,
  mail: users.mail,
};

type UserHit = { id: string; displayName: string | null; userPrincipalName: string; mail: string | null };
const userRow = (u: UserHit): CandidateRow => ({
  id: u.id,
  kind: 'user',
  name: u.displayName || u.userPrincipalName,
  userPrincipalName: u.userPrincipalName,
  mail: u.mail,
});
const groupRow = (g: { id: string; displayName: string }): CandidateRow => ({
  id: g.id,
  kind: 'group',
  name: g.displayName,
  userPrincipalName: null,
  mail: null,
});

function prefixOf(column: SQL, q: string): SQL | undefined {
  return and(gte(column, q), lt(column, q + TOP));
}

function searchUsers(db: Db, q: string, take: number): CandidateRow[] {
  const byPrefix = [users.userPrincipalName, users.displayName, users.mail].flatMap((col) =>
    db
      .select(userColumns)
      .from(users)
      .where(and(isNull(users.deletedAt), prefixOf(sql`lower(${col})`, q)))
      .limit(take)
      .all(),
  );
  if (byPrefix.length >= take || q.length < CONTAINS_MIN) return byPrefix.map(userRow);
  const contains = db
    .select(userColumns)
    .from(users)
    .where(
      and(
        isNull(users.deletedAt),
        // Name and email only: a UPN's inner words are nearly always in one of them, and each column read
        // costs ~20 ms per 100,000 users on a miss (the worst case, as nothing stops the scan early).
        sql`(instr(lower(${users.displayName}), ${q}) > 0 or instr(lower(${users.mail}), ${q}) > 0)`,
      ),
    )
    .limit(take)
    .all();
  return [...byPrefix, ...contains].map(userRow);
}

function searchGroups(db: Db, q: string, take: number): CandidateRow[] {
  const columns = { id: groups.id, displayName: groups.displayName };
  const byPrefix = db
    .select(columns)
    .from(groups)
    .where(and(isNull(groups.deletedAt), prefixOf(sql`lower(${groups.displayName})`, q)))
    .limit(take)
    .all();
  if (byPrefix.length >= take || q.length < CONTAINS_MIN) return byPrefix.map(groupRow);
  const contains = db
    .select(columns)
    .from(groups)
    .where(and(isNull(groups.deletedAt), sql`instr(lower(${groups.displayName}), ${q}) > 0`))
    .limit(take)
    .all();
  return [...byPrefix, ...contains].map(groupRow);
}

/** Principal id → the role it holds in this application, for the given ids only. */
export function assignedRoles(db: Db, appId: string, ids: readonly string[]): Map<string, string> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select({ id: appAssignments.principalId, role: appRoles.displayName })
    .from(appAssignments)
    .innerJoin(appRoles, eq(appRoles.id, appAssignments.roleId))
    .where(and(eq(appAssignments.appId, appId), inArray(appAssignments.principalId, [...ids])))
    .all();
  return new Map(rows.map((r) => [r.id, r.role]));
}

/** Search the directory for users and groups to assign to an application (`q`, optional `limit` ≤ 20). */
export function searchCandidates(db: Db, appId: string, params: unknown): CandidateList {
  const { q, limit } = parseOrThrow(querySchema, params, 'search');
  getApplication(db, appId);
  const text = q.toLowerCase();
  if (!text) return { items: [], more: false };
  // One more than shown, so `more` can tell the admin to type further.
  const rows = [...searchUsers(db, text, limit + 1), ...searchGroups(db, text, limit + 1)];
  return shapeCandidates(
    text,
    rows,
    assignedRoles(
      db,
      appId,
      rows.map((r) => r.id),
    ),
    limit,
  );
}

/** Users and groups by id, in the picker's shape (the chosen ones, shown again after a refused submit). */
export function describePrincipals(db: Db, ids: readonly string[]): CandidateRow[] {
  if (ids.length === 0) return [];
  const list = [...ids];
  const found = new Map<string, CandidateRow>();
  for (const u of db.select(userColumns).from(users).where(inArray(users.id, list)).all()) found.set(u.id, userRow(u));
  const columns = { id: groups.id, displayName: groups.displayName };
  for (const g of db.select(columns).from(groups).where(inArray(groups.id, list)).all()) found.set(g.id, groupRow(g));
  return list.flatMap((id) => found.get(id) ?? []);
}
