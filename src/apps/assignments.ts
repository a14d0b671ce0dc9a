/** App-role assignments: who is assigned to an application, and with which role. */
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { appAssignments, applications, appRoles, groups, users } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import { appendChanges, type ChangeListener } from '../directory/journal';
import { transitiveUsers } from '../directory/memberships-repo';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { parseOrThrow } from '../kernel/parse';
import { getApplication } from './applications';

export interface AssignDeps {
  db: Db;
  clock: Clock;
  onChange: ChangeListener;
}

const assignSchema = z
  .object({ principalId: z.string().min(1), role: z.string().trim().min(1).default('User') })
  .strict();

/** The roles of an application. */
export function listRoles(db: Db, appId: string) {
  return db.select().from(appRoles).where(eq(appRoles.appId, appId)).orderBy(asc(appRoles.displayName)).all();
}

/** Assign (or re-assign with another role) a user or a group to an application. `role` is a role name or id. */
export function assignPrincipal(deps: AssignDeps, actor: Actor, appId: string, body: unknown) {
  const input = parseOrThrow(assignSchema, body, 'assignment');
  getApplication(deps.db, appId);
  const role = listRoles(deps.db, appId).find(
    (r) => r.id === input.role || r.displayName.toLowerCase() === input.role.toLowerCase(),
  );
  if (!role)
    throw new ValidationError(`Unknown role "${input.role}" for this application`, [
      { path: 'role', message: 'unknown role' },
    ]);
  const principal = findPrincipal(deps.db, input.principalId);
  const now = deps.clock.now();
  const change = { objectType: 'assignment' as const, objectId: principal.id, appId, kind: 'assign' as const };
  deps.db.transaction((tx) => {
    tx.insert(appAssignments)
      .values({ appId, principalId: principal.id, principalType: principal.type, roleId: role.id, createdAt: now })
      .onConflictDoUpdate({ target: [appAssignments.appId, appAssignments.principalId], set: { roleId: role.id } })
      .run();
    appendChanges(tx, [change, ...memberChanges(tx, principal, appId, 'assign')], now);
    writeAudit(
      tx,
      actor,
      {
        activity: 'assignment.add',
        targetType: 'application',
        targetId: appId,
        after: {
          principalId: principal.id,
          principalType: principal.type,
          [principal.type === 'user' ? 'userPrincipalName' : 'displayName']: principal.name,
          role: role.displayName,
        },
      },
      now,
    );
  });
  deps.onChange([change]);
  return { appId, principalId: principal.id, principalType: principal.type, role: role.displayName };
}

/** A user or a group by id. */
function findPrincipal(db: Db, id: string): { id: string; type: 'user' | 'group'; name: string } {
  const user = db.select({ id: users.id, name: users.userPrincipalName }).from(users).where(eq(users.id, id)).get();
  if (user) return { ...user, type: 'user' };
  const group = db.select({ id: groups.id, name: groups.displayName }).from(groups).where(eq(groups.id, id)).get();
  if (group) return { ...group, type: 'group' };
  throw new NotFoundError('User or group', id);
}

/**
 * A group's (un)assignment changes the scope of every user below it: journal each for this app's job, so the
 * incremental cycle processes exactly them.
 */
export function memberChanges(
  db: Pick<Db, 'select'>,
  principal: { id: string; type: 'user' | 'group' },
  appId: string,
  kind: 'assign' | 'unassign',
) {
  if (principal.type !== 'group') return [];
  return [...transitiveUsers(db, principal.id)].map((id) => ({
    objectType: 'assignment' as const,
    objectId: id,
    appId,
    kind,
  }));
}

/** Remove an assignment; the user is disabled in the target on the next cycle. */
export function unassignPrincipal(deps: AssignDeps, actor: Actor, appId: string, principalId: string): void {
  const existing = deps.db
    .select()
    .from(appAssignments)
    .where(and(eq(appAssignments.appId, appId), eq(appAssignments.principalId, principalId)))
    .get();
  if (!existing) throw new NotFoundError('Assignment', principalId);
  const now = deps.clock.now();
  const change = { objectType: 'assignment' as const, objectId: principalId, appId, kind: 'unassign' as const };
  deps.db.transaction((tx) => {
    tx.delete(appAssignments)
      .where(and(eq(appAssignments.appId, appId), eq(appAssignments.principalId, principalId)))
      .run();
    const principal = { id: principalId, type: existing.principalType };
    appendChanges(tx, [change, ...memberChanges(tx, principal, appId, 'unassign')], now);
    writeAudit(
      tx,
      actor,
      { activity: 'assignment.remove', targetType: 'application', targetId: appId, before: { principalId } },
      now,
    );
  });
  deps.onChange([change]);
}

const principalName = () =>
  sql<string>`coalesce(${users.userPrincipalName}, ${groups.displayName}, ${appAssignments.principalId})`;

/** Substring search over UPN / group name and display name, with instr: % and _ typed are plain text. */
function nameMatches(q: string | undefined): SQL | undefined {
  const text = q?.trim().toLowerCase();
  if (!text) return undefined;
  return sql`(instr(lower(${principalName()}), ${text}) > 0 or instr(lower(coalesce(${users.displayName}, '')), ${text}) > 0)`;
}

/**
 * Assignments of an app with the principal's name and the role: users by UPN, then groups by name
 * (for a group, `userPrincipalName` holds its displayName, so every row has a name to show).
 */
export function listAssignments(db: Db, appId: string, page: AssignmentPage = {}) {
  const name = principalName();
  const query = db
    .select({
      principalId: appAssignments.principalId,
      principalType: appAssignments.principalType,
      userPrincipalName: name,
      displayName: sql<string | null>`case when ${users.id} is null then null else ${users.displayName} end`,
      mail: users.mail,
      role: appRoles.displayName,
      isDefaultAccess: appRoles.isDefaultAccess,
      createdAt: appAssignments.createdAt,
    })
    .from(appAssignments)
    .leftJoin(users, eq(users.id, appAssignments.principalId))
    .leftJoin(groups, eq(groups.id, appAssignments.principalId))
    .innerJoin(appRoles, eq(appRoles.id, appAssignments.roleId))
    .where(and(eq(appAssignments.appId, appId), nameMatches(page.q)))
    .orderBy(asc(appAssignments.principalType), asc(name));
  if (page.limit === undefined) return query.all();
  return query
    .limit(page.limit)
    .offset(page.offset ?? 0)
    .all();
}

/** A search and a window over an app's assignments (the page shows 50 at a time; the API pages too). */
export interface AssignmentPage {
  q?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** How many assignments match the search (for "1–50 of 420"). */
export function countAssignments(db: Db, appId: string, q?: string): number {
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(appAssignments)
    .leftJoin(users, eq(users.id, appAssignments.principalId))
    .leftJoin(groups, eq(groups.id, appAssignments.principalId))
    .where(and(eq(appAssignments.appId, appId), nameMatches(q)))
    .get();
  return row?.n ?? 0;
}

/** The apps a user or group is directly assigned to, with the role. */
export function assignmentsOfPrincipal(db: Db, principalId: string) {
  return db
    .select({ appId: applications.id, appName: applications.name, role: appRoles.displayName })
    .from(appAssignments)
    .innerJoin(applications, eq(applications.id, appAssignments.appId))
    .innerJoin(appRoles, eq(appRoles.id, appAssignments.roleId))
    .where(eq(appAssignments.principalId, principalId))
    .orderBy(asc(applications.name))
    .all();
}
