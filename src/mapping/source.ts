/** Build the source object that mappings read, with Entra's computed attributes. Pure. */
import type { SourceObject } from './types';

/** Entra ID's onPremisesExtensionAttributes: free text an HR system or an admin fills as it likes. */
export const EXTENSION_ATTRIBUTES = [
  'extensionAttribute1',
  'extensionAttribute2',
  'extensionAttribute3',
  'extensionAttribute4',
  'extensionAttribute5',
  'extensionAttribute6',
  'extensionAttribute7',
  'extensionAttribute8',
  'extensionAttribute9',
  'extensionAttribute10',
  'extensionAttribute11',
  'extensionAttribute12',
  'extensionAttribute13',
  'extensionAttribute14',
  'extensionAttribute15',
] as const;

/**
 * Entra's commonly mapped user attributes beyond the core ten (issue 14), read as they are stored. `manager`
 * is the manager's directory id; the engine turns it into the manager's target id on export (manager-ref.ts).
 */
export const HUB_USER_ATTRIBUTES = [
  'manager',
  'mobile',
  'telephoneNumber',
  'facsimileTelephoneNumber',
  'streetAddress',
  'city',
  'state',
  'postalCode',
  'country',
  'preferredLanguage',
  'companyName',
  'officeLocation',
  'employeeType',
  'employeeHireDate',
  'usageLocation',
  ...EXTENSION_ATTRIBUTES,
] as const;

type HubAttribute = (typeof HUB_USER_ATTRIBUTES)[number];

/** The directory user fields the source object is built from. */
export interface SourceUser extends Record<HubAttribute, string | null> {
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
  /** Declared custom attributes' values as stored (JSON object); absent or null when none. */
  customAttributes?: string | null;
}

/** Custom values first, so a built-in attribute is never shadowed (declarations refuse built-in names anyway). */
function customOf(json: string | null | undefined): Record<string, string> {
  if (!json) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string'));
  } catch {
    return {};
  }
}

/**
 * `IsSoftDeleted` is true when the user is soft-deleted, disabled, unassigned or otherwise out of scope:
 * the four cases in which Entra sets it (entra.md §3.6), so `Not([IsSoftDeleted])` gives `active`.
 */
export function userSource(user: SourceUser, ctx: { inScope: boolean; roles: string[] }): SourceObject {
  return {
    ...customOf(user.customAttributes),
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
    ...Object.fromEntries(HUB_USER_ATTRIBUTES.map((a) => [a, user[a]])),
    accountEnabled: user.accountEnabled,
    IsSoftDeleted: user.deletedAt !== null || !user.accountEnabled || !ctx.inScope,
    appRoleAssignments: ctx.roles,
  };
}
