/** Directory users: create, read, list, update, soft/hard delete. Each write journals a change. */
import crypto from 'node:crypto';
import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { appAssignments, groupMembers, users } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { ConflictError, NotFoundError } from '../kernel/errors';
import { parseOrThrow } from '../kernel/parse';
import { customAttributeNames, mergeCustomValues } from './custom-attributes';
import { appendChanges, type ChangeListener, type DirectoryChange } from './journal';
import { assertManager } from './manager-check';
import { membershipEffects } from './memberships-repo';
import { assertWritableBy } from './source-owner';
import {
  type CreateUserInput,
  createUserSchema,
  type UpdateUserInput,
  USER_ATTRIBUTES,
  updateUserSchema,
} from './user-input';

export type DirectoryUser = typeof users.$inferSelect;

export interface DirectoryDeps {
  db: Db;
  clock: Clock;
  onChange: ChangeListener;
}

function findByUpn(db: Db, upn: string) {
  return db.select().from(users).where(sql`lower(${users.userPrincipalName}) = lower(${upn})`).get();
}

/** Insert a validated user (no audit; callers decide how to audit single vs bulk writes). */
export function insertUser(
  tx: Pick<Db, 'insert'>,
  input: CreateUserInput,
  now: number,
  custom: string | null = null,
): DirectoryUser {
  const attrs = Object.fromEntries(USER_ATTRIBUTES.map((a) => [a, input[a] ?? null])) as Pick<
    DirectoryUser,
    Exclude<(typeof USER_ATTRIBUTES)[number], 'accountEnabled'>
  >;
  const row: DirectoryUser = {
    ...attrs,
    id: crypto.randomUUID(),
    userPrincipalName: input.userPrincipalName,
    accountEnabled: input.accountEnabled ?? true,
    customAttributes: custom,
    deletedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  tx.insert(users).values(row).run();
  appendChanges(tx, [{ objectType: 'user', objectId: row.id, kind: 'create' }], now);
  return row;
}

/** The caller's own writes that must commit with the new object (a source's link and inbound log row). */
export type WithinCreate<T> = (tx: Parameters<Parameters<Db['transaction']>[0]>[0], row: T, now: number) => void;

/** Create a user from untrusted input; `within` runs in the same transaction. */
export function createUser(
  deps: DirectoryDeps,
  actor: Actor,
  body: unknown,
  within?: WithinCreate<DirectoryUser>,
): DirectoryUser {
  const input = parseOrThrow(createUserSchema, body, 'user');
  if (findByUpn(deps.db, input.userPrincipalName)) {
    throw new ConflictError('user_exists', `A user with userPrincipalName ${input.userPrincipalName} already exists`);
  }
  assertManager(deps.db, null, input.manager);
  const custom = input.customAttributes
    ? mergeCustomValues(customAttributeNames(deps.db), null, input.customAttributes)
    : null;
  const now = deps.clock.now();
  const row = deps.db.transaction((tx) => {
    const r = insertUser(tx, input, now, custom);
    writeAudit(tx, actor, { activity: 'directory.user.create', targetType: 'user', targetId: r.id, after: input }, now);
    within?.(tx, r, now);
    return r;
  });
  deps.onChange([{ objectType: 'user', objectId: row.id, kind: 'create' }]);
  return row;
}

/** Read one user or throw NotFoundError. */
export function getUser(db: Db, id: string): DirectoryUser {
  const row = db.select().from(users).where(eq(users.id, id)).get();
  if (!row) throw new NotFoundError('User', id);
  return row;
}

/** Users ordered by userPrincipalName, keyset-paged; `q` matches the start of UPN, name or mail. */
export function listUsers(db: Db, opts: { limit: number; cursor?: string | undefined; q?: string | undefined }) {
  const q = opts.q?.trim();
  const pattern = q ? `${q.replace(/[%_\\]/g, (m) => `\\${m}`)}%` : undefined;
  const rows = db
    .select()
    .from(users)
    .where(
      and(
        opts.cursor ? gt(sql`lower(${users.userPrincipalName})`, opts.cursor.toLowerCase()) : undefined,
        pattern
          ? or(
              sql`${users.userPrincipalName} like ${pattern} escape '\\'`,
              sql`${users.displayName} like ${pattern} escape '\\'`,
              sql`${users.mail} like ${pattern} escape '\\'`,
              sql`${users.surname} like ${pattern} escape '\\'`,
            )
          : undefined,
      ),
    )
    .orderBy(asc(sql`lower(${users.userPrincipalName})`))
    .limit(opts.limit + 1)
    .all();
  const more = rows.length > opts.limit;
  const items = more ? rows.slice(0, opts.limit) : rows;
  return { items, nextCursor: more ? (items.at(-1)?.userPrincipalName.toLowerCase() ?? null) : null };
}

/** Apply a validated partial update; returns the journal change or null when nothing changed. */
export function applyUserUpdate(
  tx: Pick<Db, 'insert' | 'update'>,
  current: DirectoryUser,
  input: UpdateUserInput,
  now: number,
) {
  const changed = Object.fromEntries(
    Object.entries(input).filter(([k, v]) => v !== undefined && current[k as keyof DirectoryUser] !== v),
  ) as Partial<DirectoryUser>;
  if (Object.keys(changed).length === 0) return null;
  tx.update(users)
    .set({ ...changed, updatedAt: now })
    .where(eq(users.id, current.id))
    .run();
  const change: DirectoryChange = { objectType: 'user', objectId: current.id, kind: 'update' };
  appendChanges(tx, [change], now);
  return { change, changed };
}

/** Update a user from untrusted input; a UPN change must stay unique. */
export function updateUser(deps: DirectoryDeps, actor: Actor, id: string, body: unknown): DirectoryUser {
  assertWritableBy(deps.db, actor, 'user', id);
  const { customAttributes: submitted, ...input } = parseOrThrow(updateUserSchema, body, 'user');
  const current = getUser(deps.db, id);
  assertManager(deps.db, id, input.manager);
  // Submitted custom values merge into the stored JSON, which is then compared like any column.
  const patch: Record<string, unknown> = submitted
    ? {
        ...input,
        customAttributes: mergeCustomValues(customAttributeNames(deps.db), current.customAttributes, submitted),
      }
    : input;
  if (input.userPrincipalName) {
    const other = findByUpn(deps.db, input.userPrincipalName);
    if (other && other.id !== id) {
      throw new ConflictError('user_exists', `A user with userPrincipalName ${input.userPrincipalName} already exists`);
    }
  }
  const now = deps.clock.now();
  const result = deps.db.transaction((tx) => {
    const r = applyUserUpdate(tx, current, patch as UpdateUserInput, now);
    if (r) {
      const before = Object.fromEntries(Object.keys(r.changed).map((k) => [k, current[k as keyof DirectoryUser]]));
      writeAudit(
        tx,
        actor,
        { activity: 'directory.user.update', targetType: 'user', targetId: id, before, after: r.changed },
        now,
      );
    }
    return r;
  });
  if (result) deps.onChange([result.change]);
  return getUser(deps.db, id);
}

/** Soft delete (restorable; provisioned accounts get disabled) or hard delete (target accounts get deleted). */
export function deleteUser(deps: DirectoryDeps, actor: Actor, id: string, hard: boolean): void {
  assertWritableBy(deps.db, actor, 'user', id);
  const current = getUser(deps.db, id);
  const now = deps.clock.now();
  const change: DirectoryChange = { objectType: 'user', objectId: id, kind: hard ? 'hard_delete' : 'soft_delete' };
  let reports: DirectoryChange[] = [];
  deps.db.transaction((tx) => {
    if (hard) {
      // The groups that held the user (and those above them) lose a member: journal them for the group jobs.
      const holders = tx
        .select({ id: groupMembers.groupId })
        .from(groupMembers)
        .where(eq(groupMembers.memberId, id))
        .all()
        .map((r) => r.id);
      appendChanges(tx, membershipEffects(tx, holders, []), now);
      tx.delete(groupMembers).where(eq(groupMembers.memberId, id)).run();
      tx.delete(appAssignments).where(eq(appAssignments.principalId, id)).run();
      tx.delete(users).where(eq(users.id, id)).run();
      // Its reports lose their manager (Entra clears the reference when the manager is gone).
      reports = tx
        .update(users)
        .set({ manager: null, updatedAt: now })
        .where(eq(users.manager, id))
        .returning({ id: users.id })
        .all()
        .map((r): DirectoryChange => ({ objectType: 'user', objectId: r.id, kind: 'update' }));
      appendChanges(tx, reports, now);
    } else {
      if (current.deletedAt !== null) return;
      tx.update(users).set({ deletedAt: now, updatedAt: now }).where(eq(users.id, id)).run();
    }
    appendChanges(tx, [change], now);
    writeAudit(
      tx,
      actor,
      {
        activity: hard ? 'directory.user.hard_delete' : 'directory.user.soft_delete',
        targetType: 'user',
        targetId: id,
        before: { userPrincipalName: current.userPrincipalName },
      },
      now,
    );
  });
  deps.onChange([change, ...reports]);
}

/** Undo a soft delete. */
export function restoreUser(deps: DirectoryDeps, actor: Actor, id: string): DirectoryUser {
  assertWritableBy(deps.db, actor, 'user', id);
  const current = getUser(deps.db, id);
  if (current.deletedAt === null) return current;
  const now = deps.clock.now();
  const change: DirectoryChange = { objectType: 'user', objectId: id, kind: 'restore' };
  deps.db.transaction((tx) => {
    tx.update(users).set({ deletedAt: null, updatedAt: now }).where(eq(users.id, id)).run();
    appendChanges(tx, [change], now);
    writeAudit(tx, actor, { activity: 'directory.user.restore', targetType: 'user', targetId: id }, now);
  });
  deps.onChange([change]);
  return getUser(deps.db, id);
}

export { findByUpn as findUserByUpn };
