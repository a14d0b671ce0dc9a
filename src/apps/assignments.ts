/** App-role assignments: who is assigned to an application, and with which role. */
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { appAssignments, appRoles, users } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../auth/roles';
import type { Clock } from '../clock';
import { appendChanges, type ChangeListener } from '../directory/journal';
import { parseOrThrow } from '../directory/user-input';
import { NotFoundError, ValidationError } from '../errors';
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

/** Assign (or re-assign with another role) a user to an application. `role` is a role name or id. */
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
  const user = deps.db
    .select({ id: users.id, upn: users.userPrincipalName })
    .from(users)
    .where(eq(users.id, input.principalId))
    .get();
  if (!user) throw new NotFoundError('User', input.principalId);
  const now = deps.clock.now();
  const change = { objectType: 'assignment' as const, objectId: user.id, appId, kind: 'assign' as const };
  deps.db.transaction((tx) => {
    tx.insert(appAssignments)
      .values({ appId, principalId: user.id, principalType: 'user', roleId: role.id, createdAt: now })
      .onConflictDoUpdate({ target: [appAssignments.appId, appAssignments.principalId], set: { roleId: role.id } })
      .run();
    appendChanges(tx, [change], now);
    writeAudit(
      tx,
      actor,
      {
        activity: 'assignment.add',
        targetType: 'application',
        targetId: appId,
        after: { principalId: user.id, userPrincipalName: user.upn, role: role.displayName },
      },
      now,
    );
  });
  deps.onChange([change]);
  return { appId, principalId: user.id, role: role.displayName };
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
    appendChanges(tx, [change], now);
    writeAudit(
      tx,
      actor,
      { activity: 'assignment.remove', targetType: 'application', targetId: appId, before: { principalId } },
      now,
    );
  });
  deps.onChange([change]);
}

/** Assignments of an app with the user's name and the role, ordered by UPN. */
export function listAssignments(db: Db, appId: string) {
  return db
    .select({
      principalId: appAssignments.principalId,
      userPrincipalName: users.userPrincipalName,
      displayName: users.displayName,
      role: appRoles.displayName,
      isDefaultAccess: appRoles.isDefaultAccess,
      createdAt: appAssignments.createdAt,
    })
    .from(appAssignments)
    .innerJoin(users, eq(users.id, appAssignments.principalId))
    .innerJoin(appRoles, eq(appRoles.id, appAssignments.roleId))
    .where(eq(appAssignments.appId, appId))
    .orderBy(asc(users.userPrincipalName))
    .all();
}
