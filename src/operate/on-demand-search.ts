/** The on-demand search box: directory users and groups by name (UPN, email), and a group's members to pick from. */
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import { getGroup, listGroups } from '../directory/groups';
import { transitiveUsers } from '../directory/memberships-repo';
import { listUsers } from '../directory/users';

export interface OnDemandUser {
  id: string;
  displayName: string | null;
  userPrincipalName: string;
  mail: string | null;
  accountEnabled: boolean;
  deleted: boolean;
}

const view = (u: typeof users.$inferSelect): OnDemandUser => ({
  id: u.id,
  displayName: u.displayName,
  userPrincipalName: u.userPrincipalName,
  mail: u.mail,
  accountEnabled: u.accountEnabled,
  deleted: u.deletedAt !== null,
});

/** Directory users whose name, UPN or email starts with `q`. */
export function searchUsersForOnDemand(db: Db, q: string, limit = 20): OnDemandUser[] {
  if (q.trim() === '') return [];
  return listUsers(db, { limit, q }).items.map(view);
}

/** Directory groups whose name starts with `q`. */
export function searchGroupsForOnDemand(db: Db, q: string, limit = 10) {
  if (q.trim() === '') return [];
  return listGroups(db, { limit, q }).items.map((g) => ({
    id: g.id,
    displayName: g.displayName,
    memberCount: g.memberCount,
  }));
}

/** A group and its users (nested groups expanded), the first `limit` by UPN, to choose up to five from. */
export function groupForOnDemand(db: Db, groupId: string, limit = 200) {
  const group = getGroup(db, groupId);
  const ids = [...transitiveUsers(db, groupId)];
  const members: OnDemandUser[] = [];
  for (let i = 0; i < ids.length && members.length < limit * 2; i += 500) {
    members.push(
      ...db
        .select()
        .from(users)
        .where(inArray(users.id, ids.slice(i, i + 500)))
        .all()
        .map(view),
    );
  }
  members.sort((a, b) => a.userPrincipalName.localeCompare(b.userPrincipalName));
  return { id: group.id, displayName: group.displayName, total: ids.length, members: members.slice(0, limit) };
}
