/** The groups a user belongs to, directly and through nesting, with names for the user page. */
import { asc, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { groups } from '../../db/schema';
import { groupsOf } from './memberships';
import { ancestorGroups } from './memberships-repo';

export interface UserGroup {
  id: string;
  displayName: string;
  deleted: boolean;
  direct: boolean;
}

/**
 * Direct groups first, then the groups above them. Soft-deleted groups are shown (marked) but not walked
 * through, as they grant nothing: the same rule as effective assignments.
 */
export function userGroups(db: Db, userId: string): UserGroup[] {
  const direct = groupsOf(db, userId).map((g) => ({
    id: g.id,
    displayName: g.displayName,
    deleted: g.deletedAt !== null,
    direct: true,
  }));
  const directIds = new Set(direct.map((g) => g.id));
  const nestedIds = ancestorGroups(db, userId).filter((id) => !directIds.has(id));
  const nested =
    nestedIds.length === 0
      ? []
      : db
          .select({ id: groups.id, displayName: groups.displayName, deletedAt: groups.deletedAt })
          .from(groups)
          .where(inArray(groups.id, nestedIds))
          .orderBy(asc(sql`lower(${groups.displayName})`))
          .all()
          .map((g) => ({ id: g.id, displayName: g.displayName, deleted: g.deletedAt !== null, direct: false }));
  return [...direct, ...nested];
}
