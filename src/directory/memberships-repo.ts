/**
 * Reads of the membership graph, level by level: each loader touches only the groups it walks through,
 * so the cost follows the size of the subgraph, not of the directory.
 */
import { and, eq, inArray, isNull, or, SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { preparedOn } from '../../db/prepared';
import { groupMembers, groups } from '../../db/schema';
import type { DirectoryChange } from './journal';
import { type Edges, expandMembers, type Member } from './membership-graph';

type Reader = Pick<Db, 'select'>;

// SQLite's default limit on bound parameters is generous, but IN lists stay well under it.
const CHUNK = 500;

function chunks<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

/** Direct members of some groups; with `activeOnly`, soft-deleted member groups are left out. */
function directMembers(db: Reader, ids: readonly string[], activeOnly: boolean) {
  const rows: { groupId: string; memberId: string; memberType: 'user' | 'group' }[] = [];
  for (const part of chunks(ids)) {
    const q = db
      .select({ groupId: groupMembers.groupId, memberId: groupMembers.memberId, memberType: groupMembers.memberType })
      .from(groupMembers)
      .leftJoin(groups, eq(groups.id, groupMembers.memberId))
      .where(
        and(
          inArray(groupMembers.groupId, part),
          activeOnly ? or(eq(groupMembers.memberType, 'user'), isNull(groups.deletedAt)) : undefined,
        ),
      );
    rows.push(...q.all());
  }
  return rows;
}

/** The edges below `root` (breadth first); with `activeOnly`, soft-deleted groups are not walked through. */
export function loadSubgraph(db: Reader, root: string, activeOnly = true): Map<string, Member[]> {
  const edges = new Map<string, Member[]>();
  let frontier = [root];
  const seen = new Set(frontier);
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const r of directMembers(db, frontier, activeOnly)) {
      const list = edges.get(r.groupId) ?? [];
      list.push({ id: r.memberId, type: r.memberType });
      edges.set(r.groupId, list);
      if (r.memberType === 'group' && !seen.has(r.memberId)) {
        seen.add(r.memberId);
        next.push(r.memberId);
      }
    }
    frontier = next;
  }
  return edges;
}

/** The groups directly containing any of `ids`; one id (the first step of every walk) uses a prepared query. */
function parentsOf(db: Reader, ids: readonly string[], activeOnly: boolean): Array<{ id: string }> {
  const query = (member: SQL | readonly string[]) =>
    db
      .select({ id: groupMembers.groupId })
      .from(groupMembers)
      .innerJoin(groups, eq(groups.id, groupMembers.groupId))
      .where(
        and(
          member instanceof SQL ? eq(groupMembers.memberId, member) : inArray(groupMembers.memberId, member),
          activeOnly ? isNull(groups.deletedAt) : undefined,
        ),
      );
  const [only] = ids;
  if (ids.length !== 1 || only === undefined) return query(ids).all();
  return preparedOn(db, `directory.parentsOf.${activeOnly}`, () =>
    query(sql`${sql.placeholder('member')}`).prepare(),
  ).all({ member: only });
}

/** Every group that contains `memberId`, directly or through nesting; `activeOnly` stops at soft-deleted groups. */
export function ancestorGroups(db: Reader, memberId: string, activeOnly = true): string[] {
  const found = new Set<string>();
  let frontier = [memberId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const part of chunks(frontier)) {
      const rows = parentsOf(db, part, activeOnly);
      for (const { id } of rows) {
        if (found.has(id) || id === memberId) continue;
        found.add(id);
        next.push(id);
      }
    }
    frontier = next;
  }
  return [...found];
}

/** Transitive user members of a group (through active nested groups). */
export function transitiveUsers(db: Reader, groupId: string): Set<string> {
  return expandMembers(groupId, loadSubgraph(db, groupId)).users;
}

/**
 * Journal entries for a membership change: the groups and every group above them (their flattened member
 * lists change) and the users whose scope may follow: those below the `members` that joined or left, and,
 * with `usersBelow` (a group deleted or restored), every user below the groups. A plain add or remove thus
 * costs O(members changed), not O(group size). Soft-deleted groups are walked, since their state just changed.
 */
export function membershipEffects(
  db: Reader,
  groupIds: readonly string[],
  members: readonly Member[],
  usersBelow = false,
) {
  const groupSet = new Set<string>();
  const userSet = new Set<string>();
  for (const g of groupIds) {
    groupSet.add(g);
    for (const a of ancestorGroups(db, g, false)) groupSet.add(a);
    if (usersBelow) for (const u of expandMembers(g, loadSubgraph(db, g, false)).users) userSet.add(u);
  }
  for (const m of members) {
    if (m.type === 'user') userSet.add(m.id);
    else for (const u of expandMembers(m.id, loadSubgraph(db, m.id, false)).users) userSet.add(u);
  }
  const changes: DirectoryChange[] = [
    ...[...groupSet].map((id) => ({ objectType: 'group' as const, objectId: id, kind: 'membership' as const })),
    ...[...userSet].map((id) => ({ objectType: 'user' as const, objectId: id, kind: 'membership' as const })),
  ];
  return changes;
}

export type { Edges };
