/** Group memberships: add members (users or groups), remove one, list them. Writes journal their effects. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { groupMembers, groups, users } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import { ConflictError, NotFoundError, ValidationError } from '../kernel/errors';
import { parseOrThrow } from '../kernel/parse';
import { addMembersSchema } from './group-input';
import { getGroup } from './groups';
import { appendChanges } from './journal';
import { createsCycle, type Member } from './membership-graph';
import { loadSubgraph, membershipEffects } from './memberships-repo';
import { assertWritableBy } from './source-owner';
import type { DirectoryDeps } from './users';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Which of `ids` are users and which are groups; unknown ids are reported, not guessed. */
function classify(db: Pick<Db, 'select'>, ids: readonly string[]) {
  const userIds = new Set(
    db
      .select({ id: users.id })
      .from(users)
      .where(inArray(users.id, [...ids]))
      .all()
      .map((r) => r.id),
  );
  const groupIds = new Set(
    db
      .select({ id: groups.id })
      .from(groups)
      .where(inArray(groups.id, [...ids]))
      .all()
      .map((r) => r.id),
  );
  const members: Member[] = [];
  const unknown: string[] = [];
  for (const id of ids) {
    if (userIds.has(id)) members.push({ id, type: 'user' });
    else if (groupIds.has(id)) members.push({ id, type: 'group' });
    else unknown.push(id);
  }
  return { members, unknown };
}

/** Add members inside a transaction; returns those that were not members yet. Throws on a nesting cycle. */
export function insertMembers(tx: Tx, groupId: string, members: readonly Member[], now: number): Member[] {
  for (const m of members) {
    if (m.type === 'group' && createsCycle(groupId, m.id, loadSubgraph(tx, m.id, false))) {
      throw new ConflictError('membership_cycle', `Group ${m.id} contains group ${groupId}: nesting would loop`);
    }
  }
  const existing = new Set(
    tx
      .select({ id: groupMembers.memberId })
      .from(groupMembers)
      .where(
        and(
          eq(groupMembers.groupId, groupId),
          inArray(
            groupMembers.memberId,
            members.map((m) => m.id),
          ),
        ),
      )
      .all()
      .map((r) => r.id),
  );
  const added = members.filter((m) => !existing.has(m.id));
  if (added.length === 0) return [];
  tx.insert(groupMembers)
    .values(added.map((m) => ({ groupId, memberId: m.id, memberType: m.type, createdAt: now })))
    .run();
  appendChanges(tx, membershipEffects(tx, [groupId], added), now);
  return added;
}

/** Add users and/or groups to a group (`{memberIds}`); members already there are left alone. */
export function addMembers(deps: DirectoryDeps, actor: Actor, groupId: string, body: unknown) {
  assertWritableBy(deps.db, actor, 'group', groupId);
  const input = parseOrThrow(addMembersSchema, body, 'members');
  getGroup(deps.db, groupId);
  const ids = [...new Set(input.memberIds)];
  const { members, unknown } = classify(deps.db, ids);
  if (unknown.length > 0) {
    throw new ValidationError(
      `No user or group with id ${unknown.join(', ')}`,
      unknown.map((id) => ({ path: 'memberIds', message: `${id} is neither a user nor a group` })),
    );
  }
  const now = deps.clock.now();
  const added = deps.db.transaction((tx) => {
    const a = insertMembers(tx, groupId, members, now);
    if (a.length > 0)
      writeAudit(
        tx,
        actor,
        { activity: 'directory.group.members.add', targetType: 'group', targetId: groupId, after: { added: a } },
        now,
      );
    return a;
  });
  if (added.length > 0) deps.onChange([{ objectType: 'group', objectId: groupId, kind: 'membership' }]);
  return { added: added.length, alreadyMembers: members.length - added.length };
}

/** Remove one direct member. */
export function removeMember(deps: DirectoryDeps, actor: Actor, groupId: string, memberId: string): void {
  assertWritableBy(deps.db, actor, 'group', groupId);
  const row = deps.db
    .select()
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.memberId, memberId)))
    .get();
  if (!row) throw new NotFoundError('Membership', `${memberId} in group ${groupId}`);
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    tx.delete(groupMembers)
      .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.memberId, memberId)))
      .run();
    appendChanges(tx, membershipEffects(tx, [groupId], [{ id: memberId, type: row.memberType }]), now);
    writeAudit(
      tx,
      actor,
      {
        activity: 'directory.group.members.remove',
        targetType: 'group',
        targetId: groupId,
        before: { memberId, memberType: row.memberType },
      },
      now,
    );
  });
  deps.onChange([{ objectType: 'group', objectId: groupId, kind: 'membership' }]);
}

/** Direct members of a group with a readable name: nested groups first, then users, each by name; paged by offset. */
export function listMembers(db: Db, groupId: string, opts: { limit: number; offset?: number }) {
  const name = sql<string>`coalesce(${users.userPrincipalName}, ${groups.displayName}, ${groupMembers.memberId})`;
  const rows = db
    .select({
      id: groupMembers.memberId,
      type: groupMembers.memberType,
      name,
      displayName: sql<string | null>`coalesce(${users.displayName}, ${groups.displayName})`,
      deleted: sql<number>`coalesce(${users.deletedAt}, ${groups.deletedAt}) is not null`,
    })
    .from(groupMembers)
    .leftJoin(users, eq(users.id, groupMembers.memberId))
    .leftJoin(groups, eq(groups.id, groupMembers.memberId))
    .where(eq(groupMembers.groupId, groupId))
    .orderBy(asc(groupMembers.memberType), asc(sql`lower(${name})`))
    .limit(opts.limit + 1)
    .offset(opts.offset ?? 0)
    .all();
  const more = rows.length > opts.limit;
  return {
    items: (more ? rows.slice(0, opts.limit) : rows).map((r) => ({ ...r, deleted: Boolean(r.deleted) })),
    nextOffset: more ? (opts.offset ?? 0) + opts.limit : null,
  };
}

/** The groups an object is a direct member of. */
export function groupsOf(db: Db, memberId: string) {
  return db
    .select({ id: groups.id, displayName: groups.displayName, deletedAt: groups.deletedAt })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(eq(groupMembers.memberId, memberId))
    .orderBy(asc(sql`lower(${groups.displayName})`))
    .all();
}
