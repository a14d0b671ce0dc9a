/** Build the source object that mappings read, with Entra's computed attributes. Pure. */
import type { SourceObject } from './types';

/** The directory user fields the source object is built from. */
export interface SourceUser {
  id: string;
  userPrincipalName: string;
  mail: string | null;
  mailNickname: string | null;
  displayName: string | null;
  givenName: string | null;
  surname: string | null;
  jobTitle: string | null;
  department: string | null;
  employeeId: string | null;
  accountEnabled: boolean;
  deletedAt: number | null;
}

/**
 * `IsSoftDeleted` is true when the user is soft-deleted, disabled, unassigned or otherwise out of scope:
 * the four cases in which Entra sets it (entra.md §3.6), so `Not([IsSoftDeleted])` gives `active`.
 */
export function userSource(user: SourceUser, ctx: { inScope: boolean; roles: string[] }): SourceObject {
  return {
    objectId: user.id,
    userPrincipalName: user.userPrincipalName,
    mail: user.mail,
    mailNickname: user.mailNickname,
    displayName: user.displayName,
    givenName: user.givenName,
    surname: user.surname,
    jobTitle: user.jobTitle,
    department: user.department,
    employeeId: user.employeeId,
    accountEnabled: user.accountEnabled,
    IsSoftDeleted: user.deletedAt !== null || !user.accountEnabled || !ctx.inScope,
    appRoleAssignments: ctx.roles,
  };
}
