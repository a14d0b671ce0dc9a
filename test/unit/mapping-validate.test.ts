import { describe, expect, it } from 'vitest';
import {
  defaultGroupMappings,
  defaultUserMappings,
  GENERIC_SCIM_GROUP_MAPPINGS,
  GENERIC_SCIM_USER_MAPPINGS,
} from '../../src/mapping/default-mappings';
import { type InputError, validateMappings } from '../../src/mapping/mapping-input';

const USER_NAME = {
  target: 'userName',
  type: 'direct',
  source: 'userPrincipalName',
  apply: 'always',
  matchingPrecedence: 1,
};
const GROUP_NAME = {
  target: 'displayName',
  type: 'direct',
  source: 'displayName',
  apply: 'always',
  matchingPrecedence: 1,
};
const err = (index: number, field: string, message: string, column?: number): InputError =>
  column === undefined ? { index, field, message } : { index, field, message, column };

describe('validateMappings: valid lists', () => {
  it.each([
    ['the generic user defaults', GENERIC_SCIM_USER_MAPPINGS, 'user'],
    ['the mindtickle user defaults', defaultUserMappings('mindtickle'), 'user'],
    ['the generic group defaults', GENERIC_SCIM_GROUP_MAPPINGS, 'group'],
    ['the mindtickle group defaults', defaultGroupMappings('mindtickle'), 'group'],
  ] as const)('%s pass unchanged', (_name, mappings, type) => {
    expect(validateMappings(JSON.parse(JSON.stringify(mappings)), type)).toEqual({ ok: true, mappings });
  });

  it('normalises: canonical source names, defaults, numeric strings, only the fields a type uses', () => {
    const input = [
      { ...USER_NAME, source: 'USERPRINCIPALNAME', apply: undefined, matchingPrecedence: '1', expression: 'ignored' },
      { target: 'title', type: 'constant', value: 'Staff', defaultValue: '', source: 'mail', apply: 'create' },
      {
        target: 'displayName',
        type: 'expression',
        expression: 'Join(" ", [givenName], ToUpper([surname]))',
        apply: 'always',
      },
      { target: 'nickName', type: 'none', defaultValue: 'n/a', apply: 'always', matchingPrecedence: null },
      {
        target: 'urn:ietf:params:scim:schemas:extension:Custom:2.0:User:costCenter',
        type: 'direct',
        source: 'department',
        apply: 'always',
      },
    ];
    expect(validateMappings(input, 'user')).toEqual({
      ok: true,
      mappings: [
        { target: 'userName', type: 'direct', source: 'userPrincipalName', apply: 'always', matchingPrecedence: 1 },
        { target: 'title', type: 'constant', value: 'Staff', apply: 'create' },
        {
          target: 'displayName',
          type: 'expression',
          expression: 'Join(" ", [givenName], ToUpper([surname]))',
          apply: 'always',
        },
        { target: 'nickName', type: 'none', defaultValue: 'n/a', apply: 'always' },
        {
          target: 'urn:ietf:params:scim:schemas:extension:Custom:2.0:User:costCenter',
          type: 'direct',
          source: 'department',
          apply: 'always',
        },
      ],
    });
  });
});

describe('validateMappings: errors', () => {
  const withUserName = (...extra: unknown[]) => [USER_NAME, ...extra];
  it.each<[string, unknown, 'user' | 'group', InputError[]]>([
    ['not a list', { userName: 'x' }, 'user', [err(-1, 'mappings', 'Mappings must be a list')]],
    [
      'an empty list',
      [],
      'user',
      [
        err(-1, 'mappings', 'The userName attribute must be mapped'),
        err(-1, 'mappings', 'At least one mapping must be used for matching (give it a matching precedence)'),
      ],
    ],
    ['an item that is not an object', withUserName('x'), 'user', [err(1, '', 'Each mapping must be an object')]],
    ['a missing target', withUserName({ type: 'none' }), 'user', [err(1, 'target', 'Target attribute is required')]],
    [
      'an unknown type',
      withUserName({ target: 'title', type: 'formula' }),
      'user',
      [err(1, 'type', 'Mapping type must be one of direct, constant, expression, none')],
    ],
    [
      'an unknown apply',
      withUserName({ target: 'title', type: 'none', apply: 'sometimes' }),
      'user',
      [err(1, 'apply', 'Apply must be "always" or "create"')],
    ],
    [
      'a target path that does not parse',
      withUserName({ target: 'emails[type eq work].value', type: 'direct', source: 'mail' }),
      'user',
      [
        err(
          1,
          'target',
          'Invalid SCIM attribute path "emails[type eq work].value": the selector [type eq work] must read [type eq "..."] or [primary eq "True"]',
        ),
      ],
    ],
    [
      'the id attribute',
      withUserName({ target: 'id', type: 'direct', source: 'objectId' }),
      'user',
      [err(1, 'target', 'The id attribute is assigned by the application and cannot be mapped')],
    ],
    [
      'a duplicate target, in another case and with the core schema prefix',
      withUserName(
        { target: 'displayName', type: 'direct', source: 'displayName' },
        { target: 'urn:ietf:params:scim:schemas:core:2.0:User:DisplayName', type: 'direct', source: 'mail' },
      ),
      'user',
      [
        err(
          2,
          'target',
          'Target attribute "urn:ietf:params:scim:schemas:core:2.0:User:DisplayName" is mapped more than once',
        ),
      ],
    ],
    [
      'a direct mapping without a source',
      withUserName({ target: 'title', type: 'direct' }),
      'user',
      [err(1, 'source', 'Source attribute is required for a direct mapping')],
    ],
    [
      'an unknown user source attribute',
      withUserName({ target: 'title', type: 'direct', source: 'costCenter' }),
      'user',
      [err(1, 'source', 'Unknown user source attribute "costCenter"')],
    ],
    [
      'a user attribute on a group',
      [GROUP_NAME, { target: 'externalId', type: 'direct', source: 'userPrincipalName' }],
      'group',
      [err(1, 'source', 'Unknown group source attribute "userPrincipalName"')],
    ],
    [
      'a constant without a value',
      withUserName({ target: 'title', type: 'constant', value: '' }),
      'user',
      [err(1, 'value', 'Constant value is required for a constant mapping')],
    ],
    [
      'an expression mapping without an expression',
      withUserName({ target: 'title', type: 'expression' }),
      'user',
      [err(1, 'expression', 'Expression is required for an expression mapping')],
    ],
    [
      'an expression that does not parse (message and column from the parser)',
      withUserName({ target: 'title', type: 'expression', expression: 'Join(" ", [givenName]' }),
      'user',
      [err(1, 'expression', 'Expected "," or ")" but found end of expression at column 22', 22)],
    ],
    [
      'a Switch with an odd key/value list',
      withUserName({ target: 'active', type: 'expression', expression: 'Switch([IsSoftDeleted], "x", "a")' }),
      'user',
      [err(1, 'expression', 'Switch expects an even number of key/value arguments after the default, at column 1', 1)],
    ],
    [
      'an expression over 10,000 characters',
      withUserName({ target: 'title', type: 'expression', expression: `Append([mail], "${'x'.repeat(10_000)}")` }),
      'user',
      [err(1, 'expression', 'Expression is longer than the 10,000-character limit at column 10001', 10_001)],
    ],
    [
      'an expression reading an unknown attribute',
      withUserName({ target: 'title', type: 'expression', expression: 'ToLower([costCenter])' }),
      'user',
      [err(1, 'expression', 'Unknown user source attribute "costCenter" at column 9', 9)],
    ],
    ...[0, -1, 1.5, 'abc', true].map((p): [string, unknown, 'user', InputError[]] => [
      `matching precedence ${JSON.stringify(p)}`,
      withUserName({ target: 'mail', type: 'direct', source: 'mail', matchingPrecedence: p }),
      'user',
      [err(1, 'matchingPrecedence', 'Matching precedence must be a positive integer')],
    ]),
    [
      'a duplicate matching precedence',
      withUserName({ target: 'externalId', type: 'direct', source: 'mailNickname', matchingPrecedence: 1 }),
      'user',
      [err(1, 'matchingPrecedence', 'Matching precedence 1 is used by more than one mapping')],
    ],
    [
      'matching on a None mapping',
      withUserName({ target: 'title', type: 'none', matchingPrecedence: 2 }),
      'user',
      [err(1, 'matchingPrecedence', 'A mapping of type none cannot be used for matching')],
    ],
    [
      'userName not mapped',
      [{ target: 'externalId', type: 'direct', source: 'mailNickname', matchingPrecedence: 1 }],
      'user',
      [err(-1, 'mappings', 'The userName attribute must be mapped')],
    ],
    [
      'userName mapped as None',
      [
        { target: 'userName', type: 'none' },
        { target: 'externalId', type: 'direct', source: 'mailNickname', matchingPrecedence: 1 },
      ],
      'user',
      [err(-1, 'mappings', 'The userName attribute must be mapped')],
    ],
    [
      'group displayName not mapped',
      [{ target: 'externalId', type: 'direct', source: 'objectId', matchingPrecedence: 1 }],
      'group',
      [err(-1, 'mappings', 'The displayName attribute must be mapped')],
    ],
    [
      'no matching attribute',
      [{ ...USER_NAME, matchingPrecedence: undefined }],
      'user',
      [err(-1, 'mappings', 'At least one mapping must be used for matching (give it a matching precedence)')],
    ],
  ])('%s', (_name, input, type, errors) => {
    expect(validateMappings(input, type)).toEqual({ ok: false, errors });
  });
});
