import { describe, expect, it } from 'vitest';
import { applyMappings, readSource } from '../../src/mapping/apply';
import { type ExpressionTestResult, testExpression } from '../../src/mapping/expression-test';
import type { AttributeMapping, FlatValues } from '../../src/mapping/types';

const ENV = { now: () => new Date('2024-06-03T10:00:00Z'), random: () => 0.5, guid: () => 'guid-1' };
const USER = {
  userPrincipalName: 'ada@contoso.com',
  mail: null,
  givenName: 'Ada',
  surname: 'Lovelace',
  department: 'Sales',
  jobTitle: '',
  IsSoftDeleted: false,
  appRoleAssignments: ['User', 'Admin'],
  employeeId: 1042,
};

type Case = [
  name: string,
  mappings: AttributeMapping[],
  phase: 'create' | 'update',
  values: FlatValues,
  redacted: string[],
];

const direct = (target: string, source: string, extra: Partial<AttributeMapping> = {}): AttributeMapping => ({
  target,
  type: 'direct',
  source,
  apply: 'always',
  ...extra,
});
const expression = (target: string, text: string, extra: Partial<AttributeMapping> = {}): AttributeMapping => ({
  target,
  type: 'expression',
  expression: text,
  apply: 'always',
  ...extra,
});

const cases: Case[] = [
  ['direct', [direct('userName', 'userPrincipalName')], 'create', { userName: 'ada@contoso.com' }, []],
  [
    'direct, source name in another case',
    [direct('userName', 'USERPRINCIPALNAME')],
    'update',
    { userName: 'ada@contoso.com' },
    [],
  ],
  [
    'direct number and multi-valued',
    [direct('employeeNumber', 'employeeId'), direct('roles', 'appRoleAssignments')],
    'create',
    { employeeNumber: 1042, roles: ['User', 'Admin'] },
    [],
  ],
  ['direct from null is not sent', [direct('emails[type eq "work"].value', 'mail')], 'create', {}, []],
  ['direct from "" is not sent', [direct('title', 'jobTitle')], 'create', {}, []],
  ['direct from a missing attribute is not sent', [direct('title', 'nope')], 'create', {}, []],
  [
    'constant',
    [{ target: 'userType', type: 'constant', value: 'Employee', apply: 'always' }],
    'update',
    { userType: 'Employee' },
    [],
  ],
  [
    'expression',
    [expression('displayName', 'Join(" ", [givenName], ToUpper([surname]))')],
    'create',
    { displayName: 'Ada LOVELACE' },
    [],
  ],
  [
    'expression, attribute names in another case',
    [expression('displayName', 'Append([GIVENNAME], [Surname])')],
    'create',
    { displayName: 'AdaLovelace' },
    [],
  ],
  ['expression giving a boolean', [expression('active', 'Not([IsSoftDeleted])')], 'update', { active: true }, []],
  ['none is never sent', [{ target: 'nickName', type: 'none', defaultValue: 'x', apply: 'always' }], 'create', {}, []],
  [
    'default value on create',
    [direct('title', 'jobTitle', { defaultValue: 'Staff' })],
    'create',
    { title: 'Staff' },
    [],
  ],
  ['no default value on update', [direct('title', 'jobTitle', { defaultValue: 'Staff' })], 'update', {}, []],
  [
    'default value unused when there is a value',
    [direct('department', 'department', { defaultValue: 'None' })],
    'create',
    { department: 'Sales' },
    [],
  ],
  [
    'create-only mapping on create',
    [direct('externalId', 'userPrincipalName', { apply: 'create' })],
    'create',
    { externalId: 'ada@contoso.com' },
    [],
  ],
  [
    'create-only mapping skipped on update',
    [direct('externalId', 'userPrincipalName', { apply: 'create' })],
    'update',
    {},
    [],
  ],
  [
    'Redact sends the value and marks the path',
    [expression('title', 'Redact([department])')],
    'create',
    { title: 'Sales' },
    ['title'],
  ],
  [
    'Redact taints a call it flows into',
    [expression('title', 'ToLower(Redact([department]))')],
    'update',
    { title: 'sales' },
    ['title'],
  ],
  [
    'IgnoreFlowIfNullOrEmpty drops the attribute',
    [expression('emails[type eq "work"].value', 'IgnoreFlowIfNullOrEmpty([mail])')],
    'create',
    {},
    [],
  ],
  [
    'IgnoreFlow wins over a default value',
    [expression('title', 'IgnoreFlowIfNullOrEmpty([jobTitle])', { defaultValue: 'Staff' })],
    'create',
    {},
    [],
  ],
  [
    'IgnoreFlow passes a present value',
    [expression('title', 'IgnoreFlowIfNullOrEmpty([department])')],
    'update',
    { title: 'Sales' },
    [],
  ],
  [
    'a list of several kinds, in order',
    [
      direct('userName', 'userPrincipalName', { matchingPrecedence: 1 }),
      { target: 'userType', type: 'constant', value: 'Employee', apply: 'create' },
      expression('name.formatted', 'Join(" ", [givenName], [surname])'),
      direct('emails[type eq "work"].value', 'mail', { defaultValue: 'none@contoso.com' }),
    ],
    'create',
    {
      userName: 'ada@contoso.com',
      userType: 'Employee',
      'name.formatted': 'Ada Lovelace',
      'emails[type eq "work"].value': 'none@contoso.com',
    },
    [],
  ],
];

describe('applyMappings', () => {
  it.each(cases)('%s', (_name, mappings, phase, values, redacted) => {
    const result = applyMappings(mappings, USER, ENV, phase);
    expect(result.values).toEqual(values);
    expect([...result.redacted]).toEqual(redacted);
  });
});

describe('testExpression (the "Test expression" button)', () => {
  it.each<[string, string, ExpressionTestResult]>([
    [
      'a string',
      'Join(" ", [givenName], ToUpper([surname]))',
      { ok: true, value: 'Ada LOVELACE', redacted: false, ignored: false },
    ],
    [
      'a boolean, as .NET prints it',
      'Not([IsSoftDeleted])',
      { ok: true, value: 'True', redacted: false, ignored: false },
    ],
    ['a number', 'Count([appRoleAssignments])', { ok: true, value: '2', redacted: false, ignored: false }],
    [
      'a multi-valued value, as JSON',
      'Split("a,b", ",")',
      { ok: true, value: '["a","b"]', redacted: false, ignored: false },
    ],
    ['null', '[mail]', { ok: true, value: null, redacted: false, ignored: false }],
    ['a redacted value', 'Redact([department])', { ok: true, value: '[Redact]', redacted: true, ignored: false }],
    ['an ignored flow', 'IgnoreFlowIfNullOrEmpty([mail])', { ok: true, value: null, redacted: false, ignored: true }],
    [
      'a parse error',
      'Join(" ", [givenName]',
      { ok: false, message: 'Expected "," or ")" but found end of expression at column 22', column: 22 },
    ],
    [
      'an evaluation error',
      'Left([givenName], [surname])',
      { ok: false, message: 'Left expects a number for numChars but got "Lovelace" at column 1', column: 1 },
    ],
  ])('%s', (_name, text, expected) => {
    expect(testExpression(text, USER, ENV)).toEqual(expected);
  });
});

describe('readSource', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'finds no attribute %s on a source that lacks it (not Object.prototype)',
    (name) => expect(readSource({ displayName: 'A' }, name)).toBeUndefined(),
  );
});
