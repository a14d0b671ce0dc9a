/**
 * A principal's assignment to an app, direct or through groups (transitively through nested groups, never
 * through a soft-deleted one). A user assigned both ways is one object with one decision: any role other
 * than Default Access puts it in scope, a direct one is preferred for the log's wording.
 */
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { preparedOn } from '../../../db/prepared';
import { appAssignments, appRoles, groups } from '../../../db/schema';
import { ancestorGroups } from '../../directory/memberships-repo';

export interface EffectiveAssignment {
  role: string;
  isDefaultAccess: boolean;
  /** Every role that grants provisioning (for appRoleAssignments). */
  roles: string[];
  /** The group the chosen assignment comes through; null when direct. */
  viaGroup: string | null;
}

interface Row {
  principalId: string;
  role: string;
  isDefaultAccess: boolean;
  groupName: string | null;
}

/** Pick the assignment that decides scope from all that apply. Pure. */
export function chooseAssignment(rows: readonly Row[], selfId: string): EffectiveAssignment | null {
  if (rows.length === 0) return null;
  const rank = (r: Row) => (r.isDefaultAccess ? 2 : 0) + (r.principalId === selfId ? 0 : 1);
  const best = [...rows].sort((a, b) => rank(a) - rank(b) || (a.groupName ?? '').localeCompare(b.groupName ?? ''))[0];
  if (!best) return null;
  const roles = [...new Set(rows.filter((r) => !r.isDefaultAccess).map((r) => r.role))];
  return {
    role: best.role,
    isDefaultAccess: best.isDefaultAccess,
    roles,
    viaGroup: best.principalId === selfId ? null : best.groupName,
  };
}

/** The effective assignment of a user or group to an app; a group counts only its own (direct) assignment. */
export function effectiveAssignment(
  db: Pick<Db, 'select'>,
  appId: string,
  principalId: string,
  throughGroups: boolean,
): EffectiveAssignment | null {
  const principals = throughGroups ? [principalId, ...ancestorGroups(db, principalId)] : [principalId];
  const query = (app: SQL, principal: SQL) =>
    db
      .select({
        principalId: appAssignments.principalId,
        role: appRoles.displayName,
        isDefaultAccess: appRoles.isDefaultAccess,
        groupName: groups.displayName,
      })
      .from(appAssignments)
      .innerJoin(appRoles, eq(appRoles.id, appAssignments.roleId))
      .leftJoin(groups, eq(groups.id, appAssignments.principalId))
      .where(and(eq(appAssignments.appId, app), principal));
  // A principal in no group (the usual case) reads through one prepared query; built per call otherwise.
  const rows =
    principals.length === 1
      ? preparedOn(db, 'engine.effectiveAssignment.one', () =>
          query(
            sql`${sql.placeholder('appId')}`,
            sql`${appAssignments.principalId} = ${sql.placeholder('principalId')}`,
          ).prepare(),
        ).all({ appId, principalId })
      : query(sql`${appId}`, inArray(appAssignments.principalId, principals)).all();
  return chooseAssignment(rows, principalId);
}
