/**
 * Assign several users and groups at once with one role (the picker's "Assign N selected"). Every principal
 * is checked before anything is written; then all of them are written in one transaction, each with its
 * journal entries and its own audit row (the audit log filters by principal, so one summary row would hide
 * them). Either all are assigned or none.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { appAssignments } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import { appendChanges } from '../directory/journal';
import type { Actor } from '../kernel/actor';
import { ConflictError, ValidationError } from '../kernel/errors';
import { parseOrThrow } from '../kernel/parse';
import { getApplication } from './applications';
import { describePrincipals } from './assignment-candidates';
import { type AssignDeps, listRoles, memberChanges } from './assignments';

export const MAX_ASSIGN_BATCH = 500;

const manySchema = z
  .object({
    principalIds: z
      .array(z.string().trim().min(1, 'must not be empty').max(200))
      .min(1, 'Choose at least one user or group')
      .max(MAX_ASSIGN_BATCH, `Assign at most ${MAX_ASSIGN_BATCH} users and groups at once`),
    role: z.string().trim().min(1).default('User'),
  })
  .strict();

export interface AssignedPrincipal {
  principalId: string;
  principalType: 'user' | 'group';
  name: string;
  role: string;
}

/** Assign `principalIds` (users or groups, duplicates ignored) with one role; all or none. */
export function assignPrincipals(
  deps: AssignDeps,
  actor: Actor,
  appId: string,
  body: { principalIds: string[]; role?: string | undefined },
): AssignedPrincipal[] {
  const input = parseOrThrow(manySchema, body, 'assignment');
  getApplication(deps.db, appId);
  const role = listRoles(deps.db, appId).find(
    (r) => r.id === input.role || r.displayName.toLowerCase() === input.role.toLowerCase(),
  );
  if (!role) {
    throw new ValidationError(`Unknown role "${input.role}" for this application`, [
      { path: 'role', message: 'is not a role of this application' },
    ]);
  }
  const ids = [...new Set(input.principalIds)];
  const principals = describePrincipals(deps.db, ids);
  const known = new Set(principals.map((p) => p.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new ValidationError(
      `No directory user or group has the id ${unknown.map((id) => `"${id}"`).join(', ')}`,
      unknown.map((id) => ({
        path: `principals.${input.principalIds.indexOf(id)}.id`,
        message: 'no such user or group',
      })),
    );
  }
  const current = deps.db
    .select({ id: appAssignments.principalId, roleId: appAssignments.roleId })
    .from(appAssignments)
    .where(and(eq(appAssignments.appId, appId), inArray(appAssignments.principalId, ids)))
    .all();
  const currentRole = new Map(current.map((r) => [r.id, r.roleId]));
  const twice = principals.filter((p) => currentRole.get(p.id) === role.id);
  if (twice.length > 0) {
    throw new ConflictError(
      'already_assigned',
      `Already assigned with the role ${role.displayName}: ${twice.map((p) => p.userPrincipalName ?? p.name).join(', ')}`,
      { principalIds: twice.map((p) => p.id) },
    );
  }
  const roleNames = new Map(listRoles(deps.db, appId).map((r) => [r.id, r.displayName]));
  const now = deps.clock.now();
  const direct = principals.map((p) => ({
    objectType: 'assignment' as const,
    objectId: p.id,
    appId,
    kind: 'assign' as const,
  }));
  deps.db.transaction((tx) => {
    for (const p of principals) {
      tx.insert(appAssignments)
        .values({ appId, principalId: p.id, principalType: p.kind, roleId: role.id, createdAt: now })
        .onConflictDoUpdate({ target: [appAssignments.appId, appAssignments.principalId], set: { roleId: role.id } })
        .run();
      const previous = currentRole.get(p.id);
      writeAudit(
        tx,
        actor,
        {
          activity: 'assignment.add',
          targetType: 'application',
          targetId: appId,
          ...(previous ? { before: { principalId: p.id, role: roleNames.get(previous) ?? previous } } : {}),
          after: {
            principalId: p.id,
            principalType: p.kind,
            [p.kind === 'user' ? 'userPrincipalName' : 'displayName']: p.userPrincipalName ?? p.name,
            role: role.displayName,
          },
        },
        now,
      );
    }
    const members = principals.flatMap((p) => memberChanges(tx, { id: p.id, type: p.kind }, appId, 'assign'));
    appendChanges(tx, [...direct, ...members], now);
  });
  deps.onChange(direct);
  return principals.map((p) => ({
    principalId: p.id,
    principalType: p.kind,
    name: p.userPrincipalName ?? p.name,
    role: role.displayName,
  }));
}

/** The API's bulk body, `{principals: [{id}], role}`, in the use case's shape. */
export const bulkBodySchema = z
  .object({
    principals: z
      .array(z.object({ id: z.string().trim().min(1, 'must not be empty').max(200) }).strict())
      .min(1, 'Choose at least one user or group')
      .max(MAX_ASSIGN_BATCH, `Assign at most ${MAX_ASSIGN_BATCH} users and groups at once`),
    role: z.string().trim().min(1).optional(),
  })
  .strict();

/** Parse the bulk body and assign (the API's POST with `principals`). */
export function assignFromBulkBody(deps: AssignDeps, actor: Actor, appId: string, body: unknown) {
  const input = parseOrThrow(bulkBodySchema, body, 'assignment');
  return assignPrincipals(deps, actor, appId, { principalIds: input.principals.map((p) => p.id), role: input.role });
}
