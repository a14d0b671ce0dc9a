/**
 * Entra's default user mapping for the generic SCIM app (entra.md §7.2), pinned row by row against ours.
 * A default whose source attribute the directory lacks is pinned as waiting for that attribute: once the
 * attribute exists (the LDAP source issue), this test fails until the mapping is added.
 */
import { describe, expect, it } from 'vitest';
import { GENERIC_SCIM_USER_MAPPINGS } from '../../src/mapping/default-mappings';
import { USER_SOURCE_ATTRIBUTES } from '../../src/mapping/input-common';
import { validateMappings } from '../../src/mapping/mapping-input';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

type Row =
  | { target: string; source: string }
  | { target: string; expression: string; sources: string[] }
  /** Not mapped yet: the directory has no such source attribute. */
  | { target: string; waitsFor: string };

/**
 * entra.md §7.2: Microsoft's Table 1 plus the portal defaults vendors document. `active`: newer tenants show
 * `Not([IsSoftDeleted])` (older ones a Switch giving the same value). The address sources not named in
 * Table 1 (formatted, locality, region, country) are the portal's: physicalDeliveryOfficeName, city,
 * state, country. No row waits for a source attribute any more since the directory gained them (issue 14);
 * the `waitsFor` kind stays for defaults a later Entra table adds.
 */
const ENTRA_DEFAULTS: Row[] = [
  { target: 'userName', source: 'userPrincipalName' },
  { target: 'active', expression: 'Not([IsSoftDeleted])', sources: ['IsSoftDeleted'] },
  { target: 'displayName', source: 'displayName' },
  { target: 'title', source: 'jobTitle' },
  { target: 'emails[type eq "work"].value', source: 'mail' },
  { target: 'preferredLanguage', source: 'preferredLanguage' },
  { target: 'name.givenName', source: 'givenName' },
  { target: 'name.familyName', source: 'surname' },
  { target: 'name.formatted', expression: 'Join(" ", [givenName], [surname])', sources: ['givenName', 'surname'] },
  // physicalDeliveryOfficeName is officeLocation in Graph (and in Provisio's directory).
  { target: 'addresses[type eq "work"].formatted', source: 'officeLocation' },
  { target: 'addresses[type eq "work"].streetAddress', source: 'streetAddress' },
  { target: 'addresses[type eq "work"].locality', source: 'city' },
  { target: 'addresses[type eq "work"].region', source: 'state' },
  { target: 'addresses[type eq "work"].postalCode', source: 'postalCode' },
  { target: 'addresses[type eq "work"].country', source: 'country' },
  { target: 'phoneNumbers[type eq "work"].value', source: 'telephoneNumber' },
  { target: 'phoneNumbers[type eq "mobile"].value', source: 'mobile' },
  { target: 'phoneNumbers[type eq "fax"].value', source: 'facsimileTelephoneNumber' },
  { target: 'externalId', source: 'mailNickname' },
  { target: `${ENT}:employeeNumber`, source: 'employeeId' },
  { target: `${ENT}:department`, source: 'department' },
  { target: `${ENT}:manager`, source: 'manager' },
];

const known = (name: string) => (USER_SOURCE_ATTRIBUTES as readonly string[]).includes(name);
const ours = (target: string) => GENERIC_SCIM_USER_MAPPINGS.find((m) => m.target === target);

describe("Entra's generic SCIM user defaults (entra.md §7.2)", () => {
  it.each(ENTRA_DEFAULTS.map((r) => [r.target, r] as const))('%s', (_target, row) => {
    if ('waitsFor' in row) {
      // Pinned as missing because the source is: a new directory attribute makes this fail on purpose.
      expect(known(row.waitsFor), `${row.waitsFor} is a source attribute now: map ${row.target}`).toBe(false);
      expect(ours(row.target)).toBeUndefined();
    } else if ('source' in row) {
      expect(known(row.source)).toBe(true);
      expect(ours(row.target)).toMatchObject({ type: 'direct', source: row.source, apply: 'always' });
    } else {
      expect(row.sources.every(known)).toBe(true);
      expect(ours(row.target)).toMatchObject({ type: 'expression', expression: row.expression, apply: 'always' });
    }
  });

  it('maps nothing Entra does not, matches on userName only, and is a valid mapping list', () => {
    expect(GENERIC_SCIM_USER_MAPPINGS.map((m) => m.target).sort()).toEqual(
      ENTRA_DEFAULTS.filter((r) => !('waitsFor' in r))
        .map((r) => r.target)
        .sort(),
    );
    expect(GENERIC_SCIM_USER_MAPPINGS.filter((m) => m.matchingPrecedence !== undefined).map((m) => m.target)).toEqual([
      'userName',
    ]);
    expect(validateMappings(GENERIC_SCIM_USER_MAPPINGS, 'user').ok).toBe(true);
  });
});
