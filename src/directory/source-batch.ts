/**
 * The directory use case a pulling source (LDAP) writes through: a page of creates, updates, deletes and
 * membership changes in ONE transaction, each object in its own savepoint so one bad entry fails alone.
 * Same effects as the single-object use cases (row, journal, nudge after commit) without an audit row per
 * object: the source's inbound provisioning-log rows are the per-object record, and the sync run is audited
 * once by its caller.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { groupMembers, groups, users } from '../../db/schema';
import { ConflictError } from '../kernel/errors';
import type { CreateGroupInput, UpdateGroupInput } from './group-input';
import { applyGroupUpdate, type DirectoryGroup, findGroupByName, insertGroup } from './groups';
import { appendChanges, type DirectoryChange } from './journal';
import type { Member } from './membership-graph';

export type { Member };

import { insertMembers } from './memberships';
import { membershipEffects } from './memberships-repo';
import type { CreateUserInput, UpdateUserInput } from './user-input';
import { applyUserUpdate, type DirectoryDeps, type DirectoryUser, findUserByUpn, insertUser } from './users';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface SourceWriter {
  readonly tx: Tx;
  readonly now: number;
  /** Run one object's writes in a savepoint: a throw rolls back that object only and is returned. */
  each(fn: () => void): Error | null;
  createUser(input: CreateUserInput): DirectoryUser;
  /** Returns the changed attributes with their old values, or null when nothing changed. */
  updateUser(current: DirectoryUser, input: UpdateUserInput): Record<string, unknown> | null;
  setUserDeleted(id: string, deleted: boolean): boolean;
  createGroup(input: CreateGroupInput): DirectoryGroup;
  updateGroup(current: DirectoryGroup, input: UpdateGroupInput): Record<string, unknown> | null;
  setGroupDeleted(id: string, deleted: boolean): boolean;
  /** Make the group's direct members exactly `desired`; nesting that would loop throws. */
  setMembers(groupId: string, desired: readonly Member[]): { added: number; removed: number };
}

/** Apply `fn`'s writes in one transaction, then tell the listeners what changed. */
export function applySourceBatch<T>(deps: DirectoryDeps, fn: (w: SourceWriter) => T): T {
  const now = deps.clock.now();
  const changes: DirectoryChange[] = [];
  const result = deps.db.transaction((tx) => fn(writerFor(tx, now, changes)));
  if (changes.length > 0) deps.onChange(changes);
  return result;
}

function writerFor(tx: Tx, now: number, changes: DirectoryChange[]): SourceWriter {
  const journal = (list: DirectoryChange[]) => {
    appendChanges(tx, list, now);
    changes.push(...list);
  };
  return {
    tx,
    now,
    each(fn) {
      // The outer batch keeps only what the savepoint committed; the collected changes roll back with it.
      const mark = changes.length;
      try {
        tx.transaction(() => fn());
        return null;
      } catch (err) {
        changes.length = mark;
        return err instanceof Error ? err : new Error(String(err));
      }
    },
    createUser(input) {
      if (findUserByUpn(tx as unknown as Db, input.userPrincipalName)) {
        throw new ConflictError(
          'user_exists',
          `A user with userPrincipalName ${input.userPrincipalName} already exists`,
        );
      }
      const row = insertUser(tx, input, now);
      changes.push({ objectType: 'user', objectId: row.id, kind: 'create' });
      return row;
    },
    updateUser(current, input) {
      if (input.userPrincipalName) {
        const other = findUserByUpn(tx as unknown as Db, input.userPrincipalName);
        if (other && other.id !== current.id) {
          throw new ConflictError(
            'user_exists',
            `A user with userPrincipalName ${input.userPrincipalName} already exists`,
          );
        }
      }
      const r = applyUserUpdate(tx, current, input, now);
      if (!r) return null;
      changes.push(r.change);
      return Object.fromEntries(Object.keys(r.changed).map((k) => [k, current[k as keyof DirectoryUser]]));
    },
    setUserDeleted(id, deleted) {
      const done = tx
        .update(users)
        .set({ deletedAt: deleted ? now : null, updatedAt: now })
        .where(eq(users.id, id))
        .run();
      if (done.changes === 0) return false;
      journal([{ objectType: 'user', objectId: id, kind: deleted ? 'soft_delete' : 'restore' }]);
      return true;
    },
    createGroup(input) {
      if (findGroupByName(tx, input.displayName)) {
        throw new ConflictError('group_exists', `A group named ${input.displayName} already exists`);
      }
      const row = insertGroup(tx, input, now);
      changes.push({ objectType: 'group', objectId: row.id, kind: 'create' });
      return row;
    },
    updateGroup(current, input) {
      const other = input.displayName ? findGroupByName(tx, input.displayName) : undefined;
      if (other && other.id !== current.id) {
        throw new ConflictError('group_exists', `A group named ${input.displayName} already exists`);
      }
      const r = applyGroupUpdate(tx, current, input, now);
      if (!r) return null;
      changes.push(r.change);
      return Object.fromEntries(Object.keys(r.changed).map((k) => [k, current[k as keyof DirectoryGroup]]));
    },
    setGroupDeleted(id, deleted) {
      // As deleteGroup/restoreGroup: the users below and the groups above are re-evaluated.
      const effects = membershipEffects(tx, [id], [], true).filter((c) => c.objectId !== id);
      tx.update(groups)
        .set({ deletedAt: deleted ? now : null, updatedAt: now })
        .where(eq(groups.id, id))
        .run();
      journal([{ objectType: 'group', objectId: id, kind: deleted ? 'soft_delete' : 'restore' }, ...effects]);
      return true;
    },
    setMembers(groupId, desired) {
      const current = tx
        .select({ id: groupMembers.memberId, type: groupMembers.memberType })
        .from(groupMembers)
        .where(eq(groupMembers.groupId, groupId))
        .all();
      const want = new Set(desired.map((m) => m.id));
      const gone = current.filter((m) => !want.has(m.id));
      const have = new Set(current.map((m) => m.id));
      const missing = desired.filter((m) => !have.has(m.id));
      const added = missing.length > 0 ? insertMembers(tx, groupId, missing, now) : [];
      changes.push(...membershipChanges(groupId, added.length));
      if (gone.length > 0) {
        const effects = membershipEffects(tx, [groupId], gone);
        for (let i = 0; i < gone.length; i += 500) {
          const part = gone.slice(i, i + 500).map((m) => m.id);
          tx.delete(groupMembers)
            .where(and(eq(groupMembers.groupId, groupId), inArray(groupMembers.memberId, part)))
            .run();
        }
        journal(effects);
      }
      return { added: added.length, removed: gone.length };
    },
  };
}

// insertMembers journals its own effects; the listeners only need to hear the group changed.
const membershipChanges = (groupId: string, added: number): DirectoryChange[] =>
  added > 0 ? [{ objectType: 'group', objectId: groupId, kind: 'membership' }] : [];
