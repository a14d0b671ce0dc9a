/** Directory groups: create, read, list, update, soft/hard delete, restore. Each write journals its changes. */
import crypto from 'node:crypto';
import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { appAssignments, groupMembers, groups } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import { ConflictError, NotFoundError } from '../kernel/errors';
import { parseOrThrow } from '../kernel/parse';
import { type CreateGroupInput, createGroupSchema, type UpdateGroupInput, updateGroupSchema } from './group-input';
import { appendChanges, type DirectoryChange } from './journal';
import { membershipEffects } from './memberships-repo';
import { assertWritableBy } from './source-owner';
import type { DirectoryDeps, WithinCreate } from './users';

export type DirectoryGroup = typeof groups.$inferSelect;

export function findGroupByName(db: Pick<Db, 'select'>, displayName: string) {
  return db.select().from(groups).where(sql`lower(${groups.displayName}) = lower(${displayName})`).get();
}

function assertNameFree(db: Db, displayName: string, self?: string) {
  const other = findGroupByName(db, displayName);
  if (other && other.id !== self) {
    throw new ConflictError('group_exists', `A group named ${displayName} already exists`);
  }
}

/** Insert a validated group (no audit; callers decide how to audit single vs bulk writes). */
export function insertGroup(tx: Pick<Db, 'insert'>, input: CreateGroupInput, now: number): DirectoryGroup {
  const row: DirectoryGroup = {
    id: crypto.randomUUID(),
    displayName: input.displayName,
    mailNickname: input.mailNickname ?? null,
    description: input.description ?? null,
    deletedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  tx.insert(groups).values(row).run();
  appendChanges(tx, [{ objectType: 'group', objectId: row.id, kind: 'create' }], now);
  return row;
}

/** Create a group from untrusted input; `within` runs in the same transaction. */
export function createGroup(
  deps: DirectoryDeps,
  actor: Actor,
  body: unknown,
  within?: WithinCreate<DirectoryGroup>,
): DirectoryGroup {
  const input = parseOrThrow(createGroupSchema, body, 'group');
  assertNameFree(deps.db, input.displayName);
  const now = deps.clock.now();
  const row = deps.db.transaction((tx) => {
    const r = insertGroup(tx, input, now);
    writeAudit(
      tx,
      actor,
      { activity: 'directory.group.create', targetType: 'group', targetId: r.id, after: input },
      now,
    );
    within?.(tx, r, now);
    return r;
  });
  deps.onChange([{ objectType: 'group', objectId: row.id, kind: 'create' }]);
  return row;
}

/** Read one group or throw NotFoundError. */
export function getGroup(db: Pick<Db, 'select'>, id: string): DirectoryGroup {
  const row = db.select().from(groups).where(eq(groups.id, id)).get();
  if (!row) throw new NotFoundError('Group', id);
  return row;
}

/** Groups by displayName with their direct member count, keyset-paged; `q` matches the start of the name. */
export function listGroups(db: Db, opts: { limit: number; cursor?: string | undefined; q?: string | undefined }) {
  const q = opts.q?.trim();
  const pattern = q ? `${q.replace(/[%_\\]/g, (m) => `\\${m}`)}%` : undefined;
  const key = sql<string>`lower(${groups.displayName})`;
  const rows = db
    .select({
      group: groups,
      memberCount: sql<number>`(select count(*) from ${groupMembers} where ${groupMembers.groupId} = ${groups.id})`,
    })
    .from(groups)
    .where(
      and(
        opts.cursor ? gt(key, opts.cursor.toLowerCase()) : undefined,
        pattern
          ? or(
              sql`${groups.displayName} like ${pattern} escape '\\'`,
              sql`${groups.mailNickname} like ${pattern} escape '\\'`,
            )
          : undefined,
      ),
    )
    .orderBy(asc(key))
    .limit(opts.limit + 1)
    .all();
  const more = rows.length > opts.limit;
  const items = (more ? rows.slice(0, opts.limit) : rows).map((r) => ({ ...r.group, memberCount: r.memberCount }));
  return { items, nextCursor: more ? (items.at(-1)?.displayName.toLowerCase() ?? null) : null };
}

/** Apply a validated partial update; returns the journal change or null when nothing changed. */
export function applyGroupUpdate(
  tx: Pick<Db, 'insert' | 'update'>,
  current: DirectoryGroup,
  input: UpdateGroupInput,
  now: number,
) {
  const changed = Object.fromEntries(
    Object.entries(input).filter(([k, v]) => v !== undefined && current[k as keyof DirectoryGroup] !== v),
  ) as Partial<DirectoryGroup>;
  if (Object.keys(changed).length === 0) return null;
  tx.update(groups)
    .set({ ...changed, updatedAt: now })
    .where(eq(groups.id, current.id))
    .run();
  const change: DirectoryChange = { objectType: 'group', objectId: current.id, kind: 'update' };
  appendChanges(tx, [change], now);
  return { change, changed };
}

/** Update a group from untrusted input; a new displayName must stay unique (the target matches on it). */
export function updateGroup(deps: DirectoryDeps, actor: Actor, id: string, body: unknown): DirectoryGroup {
  assertWritableBy(deps.db, actor, 'group', id);
  const input = parseOrThrow(updateGroupSchema, body, 'group');
  const current = getGroup(deps.db, id);
  if (input.displayName) assertNameFree(deps.db, input.displayName, id);
  const now = deps.clock.now();
  const result = deps.db.transaction((tx) => {
    const r = applyGroupUpdate(tx, current, input, now);
    if (r) {
      const before = Object.fromEntries(Object.keys(r.changed).map((k) => [k, current[k as keyof DirectoryGroup]]));
      writeAudit(
        tx,
        actor,
        { activity: 'directory.group.update', targetType: 'group', targetId: id, before, after: r.changed },
        now,
      );
    }
    return r;
  });
  if (result) deps.onChange([result.change]);
  return getGroup(deps.db, id);
}

/**
 * Soft delete (restorable; the group is deleted in targets and stops granting access) or hard delete (its
 * memberships and assignments go too). Either way every user below and every group above is re-evaluated.
 */
export function deleteGroup(deps: DirectoryDeps, actor: Actor, id: string, hard: boolean): void {
  assertWritableBy(deps.db, actor, 'group', id);
  const current = getGroup(deps.db, id);
  if (!hard && current.deletedAt !== null) return;
  const now = deps.clock.now();
  const own: DirectoryChange = { objectType: 'group', objectId: id, kind: hard ? 'hard_delete' : 'soft_delete' };
  const changes = deps.db.transaction((tx) => {
    // Computed before the rows go: afterwards nobody knows who was below.
    const effects = membershipEffects(tx, [id], [], true).filter((c) => c.objectId !== id);
    if (hard) {
      tx.delete(groupMembers)
        .where(or(eq(groupMembers.groupId, id), eq(groupMembers.memberId, id)))
        .run();
      tx.delete(appAssignments).where(eq(appAssignments.principalId, id)).run();
      tx.delete(groups).where(eq(groups.id, id)).run();
    } else {
      tx.update(groups).set({ deletedAt: now, updatedAt: now }).where(eq(groups.id, id)).run();
    }
    const all = [own, ...effects];
    appendChanges(tx, all, now);
    writeAudit(
      tx,
      actor,
      {
        activity: hard ? 'directory.group.hard_delete' : 'directory.group.soft_delete',
        targetType: 'group',
        targetId: id,
        before: { displayName: current.displayName },
      },
      now,
    );
    return all;
  });
  deps.onChange(changes);
}

/** Undo a soft delete: the group grants access and is provisioned again. */
export function restoreGroup(deps: DirectoryDeps, actor: Actor, id: string): DirectoryGroup {
  assertWritableBy(deps.db, actor, 'group', id);
  const current = getGroup(deps.db, id);
  if (current.deletedAt === null) return current;
  const now = deps.clock.now();
  const changes = deps.db.transaction((tx) => {
    tx.update(groups).set({ deletedAt: null, updatedAt: now }).where(eq(groups.id, id)).run();
    const all: DirectoryChange[] = [
      { objectType: 'group', objectId: id, kind: 'restore' },
      ...membershipEffects(tx, [id], [], true).filter((c) => c.objectId !== id),
    ];
    appendChanges(tx, all, now);
    writeAudit(tx, actor, { activity: 'directory.group.restore', targetType: 'group', targetId: id }, now);
    return all;
  });
  deps.onChange(changes);
  return getGroup(deps.db, id);
}
