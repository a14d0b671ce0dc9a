/**
 * Default user mappings per template, after Entra's generic SCIM defaults (entra.md §7.2).
 * MindTickle's gallery mapping is only published as an image; it uses the same core attributes.
 */
import type { AttributeMapping } from './types';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export const GENERIC_SCIM_USER_MAPPINGS: readonly AttributeMapping[] = [
  { target: 'userName', type: 'direct', source: 'userPrincipalName', apply: 'always', matchingPrecedence: 1 },
  { target: 'active', type: 'expression', expression: 'Not([IsSoftDeleted])', apply: 'always' },
  { target: 'displayName', type: 'direct', source: 'displayName', apply: 'always' },
  { target: 'title', type: 'direct', source: 'jobTitle', apply: 'always' },
  { target: 'emails[type eq "work"].value', type: 'direct', source: 'mail', apply: 'always' },
  { target: 'name.givenName', type: 'direct', source: 'givenName', apply: 'always' },
  { target: 'name.familyName', type: 'direct', source: 'surname', apply: 'always' },
  { target: 'externalId', type: 'direct', source: 'mailNickname', apply: 'always' },
  { target: `${ENTERPRISE}:department`, type: 'direct', source: 'department', apply: 'always' },
  { target: `${ENTERPRISE}:employeeNumber`, type: 'direct', source: 'employeeId', apply: 'always' },
];

/** The user mappings of a template. Editable per application in a later release; this is the seam. */
export function defaultUserMappings(template: 'mindtickle' | 'scim'): readonly AttributeMapping[] {
  switch (template) {
    case 'mindtickle':
    case 'scim':
      return GENERIC_SCIM_USER_MAPPINGS;
  }
}

/** Matching attributes in precedence order. */
export function matchingMappings(mappings: readonly AttributeMapping[]): AttributeMapping[] {
  return mappings
    .filter((m) => m.matchingPrecedence !== undefined && m.type !== 'none')
    .sort((a, b) => (a.matchingPrecedence ?? 0) - (b.matchingPrecedence ?? 0));
}
