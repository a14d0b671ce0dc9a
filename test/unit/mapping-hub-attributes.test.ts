/**
 * The directory's Entra attributes (issue 14) in the source object: mappings, expressions and scoping filters
 * read them by name, and the forms accept them.
 */
import { describe, expect, it } from 'vitest';
import { applyMappings } from '../../src/mapping/apply';
import { validateMappings } from '../../src/mapping/mapping-input';
import { evaluateScoping } from '../../src/mapping/scoping';
import { validateScopingFilters } from '../../src/mapping/scoping-input';
import { HUB_USER_ATTRIBUTES, type SourceUser, userSource } from '../../src/mapping/source';

const ENV = { now: () => new Date('2024-06-03T10:00:00Z'), random: () => 0.5, guid: () => 'guid-1' };

const user: SourceUser = {
  id: 'u-1',
  userPrincipalName: 'ada@contoso.example',
  mail: null,
  mailNickname: null,
  displayName: 'Ada',
  givenName: 'Ada',
  surname: 'Lovelace',
  jobTitle: null,
  department: null,
  employeeId: null,
  accountEnabled: true,
  deletedAt: null,
  ...(Object.fromEntries(HUB_USER_ATTRIBUTES.map((a) => [a, null])) as Record<
    (typeof HUB_USER_ATTRIBUTES)[number],
    null
  >),
  city: 'London',
  country: 'GB',
  extensionAttribute7: 'contractor',
  manager: 'u-boss',
};

describe('hub attributes in the source object', () => {
  it('exposes every attribute as stored', () => {
    const source = userSource(user, { inScope: true, roles: [] });
    for (const a of HUB_USER_ATTRIBUTES) expect(source, a).toHaveProperty(a, user[a]);
  });

  it('feeds direct and expression mappings', () => {
    const mappings = [
      { target: 'userName', type: 'direct', source: 'userPrincipalName', apply: 'always', matchingPrecedence: 1 },
      {
        target: 'addresses[type eq "work"].formatted',
        type: 'expression',
        expression: 'Join(", ", [city], [country])',
        apply: 'always',
      },
      { target: 'title', type: 'direct', source: 'extensionAttribute7', apply: 'always' },
    ] as const;
    expect(validateMappings(mappings, 'user').ok).toBe(true);
    const { values } = applyMappings(mappings, userSource(user, { inScope: true, roles: [] }), ENV, 'create');
    expect(values).toMatchObject({ 'addresses[type eq "work"].formatted': 'London, GB', title: 'contractor' });
  });

  it('is usable in scoping filters', () => {
    const input = [
      {
        name: 'UK contractors',
        clauses: [
          { attribute: 'country', operator: 'EQUALS', value: 'GB' },
          { attribute: 'extensionAttribute7', operator: 'EQUALS', value: 'contractor' },
          { attribute: 'manager', operator: 'IS NOT NULL' },
        ],
      },
    ];
    const checked = validateScopingFilters(input, 'user');
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(evaluateScoping(checked.filters, userSource(user, { inScope: true, roles: [] })).passed).toBe(true);
    const elsewhere = userSource({ ...user, country: 'FR' }, { inScope: true, roles: [] });
    expect(evaluateScoping(checked.filters, elsewhere).passed).toBe(false);
  });
});
