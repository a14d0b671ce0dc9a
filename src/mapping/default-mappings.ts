/**
 * Default mappings per template, after Entra's generic SCIM defaults (entra.md §7.2).
 * MindTickle's gallery mapping is only published as an image and uses the same core attributes, so both
 * templates share one user list; its tutorial documents no group mapping, so groups start from the generic one.
 */
import type { AttributeMapping } from './types';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/**
 * Entra's generic SCIM user mapping (entra.md §7.2); userName is the matching attribute. The address `formatted`
 * reads officeLocation, Graph's name for Entra's physicalDeliveryOfficeName. `manager` carries the manager's
 * directory id; the engine sends the manager's target id instead, once it has one (engine/sync/manager-ref.ts).
 */
export const GENERIC_SCIM_USER_MAPPINGS: readonly AttributeMapping[] = [
  { target: 'userName', type: 'direct', source: 'userPrincipalName', apply: 'always', matchingPrecedence: 1 },
  { target: 'active', type: 'expression', expression: 'Not([IsSoftDeleted])', apply: 'always' },
  { target: 'displayName', type: 'direct', source: 'displayName', apply: 'always' },
  { target: 'title', type: 'direct', source: 'jobTitle', apply: 'always' },
  { target: 'emails[type eq "work"].value', type: 'direct', source: 'mail', apply: 'always' },
  { target: 'preferredLanguage', type: 'direct', source: 'preferredLanguage', apply: 'always' },
  { target: 'name.givenName', type: 'direct', source: 'givenName', apply: 'always' },
  { target: 'name.familyName', type: 'direct', source: 'surname', apply: 'always' },
  { target: 'name.formatted', type: 'expression', expression: 'Join(" ", [givenName], [surname])', apply: 'always' },
  { target: 'addresses[type eq "work"].formatted', type: 'direct', source: 'officeLocation', apply: 'always' },
  { target: 'addresses[type eq "work"].streetAddress', type: 'direct', source: 'streetAddress', apply: 'always' },
  { target: 'addresses[type eq "work"].locality', type: 'direct', source: 'city', apply: 'always' },
  { target: 'addresses[type eq "work"].region', type: 'direct', source: 'state', apply: 'always' },
  { target: 'addresses[type eq "work"].postalCode', type: 'direct', source: 'postalCode', apply: 'always' },
  { target: 'addresses[type eq "work"].country', type: 'direct', source: 'country', apply: 'always' },
  { target: 'phoneNumbers[type eq "work"].value', type: 'direct', source: 'telephoneNumber', apply: 'always' },
  { target: 'phoneNumbers[type eq "mobile"].value', type: 'direct', source: 'mobile', apply: 'always' },
  { target: 'phoneNumbers[type eq "fax"].value', type: 'direct', source: 'facsimileTelephoneNumber', apply: 'always' },
  { target: 'externalId', type: 'direct', source: 'mailNickname', apply: 'always' },
  { target: `${ENTERPRISE}:department`, type: 'direct', source: 'department', apply: 'always' },
  { target: `${ENTERPRISE}:employeeNumber`, type: 'direct', source: 'employeeId', apply: 'always' },
  { target: `${ENTERPRISE}:manager`, type: 'direct', source: 'manager', apply: 'always' },
];

/** The user mappings of a template. Editable per application in a later release; this is the seam. */
export function defaultUserMappings(template: 'mindtickle' | 'scim'): readonly AttributeMapping[] {
  switch (template) {
    case 'mindtickle':
    case 'scim':
      return GENERIC_SCIM_USER_MAPPINGS;
  }
}

/** Entra's generic group mapping: displayName (matching), externalId and members. */
export const GENERIC_SCIM_GROUP_MAPPINGS: readonly AttributeMapping[] = [
  { target: 'displayName', type: 'direct', source: 'displayName', apply: 'always', matchingPrecedence: 1 },
  { target: 'externalId', type: 'direct', source: 'objectId', apply: 'always' },
  { target: 'members', type: 'direct', source: 'members', apply: 'always' },
];

/** The group mappings of a template ("Restore default mappings" for groups). */
export function defaultGroupMappings(template: 'mindtickle' | 'scim'): readonly AttributeMapping[] {
  switch (template) {
    case 'mindtickle':
    case 'scim':
      return GENERIC_SCIM_GROUP_MAPPINGS;
  }
}

/** Matching attributes in precedence order. */
export function matchingMappings(mappings: readonly AttributeMapping[]): AttributeMapping[] {
  return mappings
    .filter((m) => m.matchingPrecedence !== undefined && m.type !== 'none')
    .sort((a, b) => (a.matchingPrecedence ?? 0) - (b.matchingPrecedence ?? 0));
}
