import { describe, expect, it } from 'vitest';
import { clauseText, evaluateClause, evaluateScoping } from '../../src/mapping/scoping';
import type { ScopingClause, ScopingFilter, ScopingOperator } from '../../src/mapping/types';
import { SCOPING_OPERATORS } from '../../src/mapping/types';

const USER = {
  department: 'Sales',
  userPrincipalName: 'ada@contoso.com',
  employeeId: '1042',
  jobTitle: '',
  mail: null,
  accountEnabled: true,
  IsSoftDeleted: false,
  appRoleAssignments: ['User'],
  emptyList: [],
  flagText: 'TRUE',
  falseText: 'false',
  count: 42,
  negative: '-5',
  huge: '12345678901234567890',
  hired: new Date('2020-01-01T00:00:00Z'),
  long: `${'a'.repeat(1_000)}@contoso.com`,
};

type Row = [attribute: string, operator: ScopingOperator, value: string | undefined, expected: boolean];

// Every operator with a hit, a miss, a null, an empty string and a multi-valued attribute.
const rows: Row[] = [
  ['department', 'EQUALS', 'Sales', true],
  ['department', 'EQUALS', 'sales', false],
  ['DEPARTMENT', 'EQUALS', 'Sales', true],
  ['count', 'EQUALS', '42', true],
  ['accountEnabled', 'EQUALS', 'true', true],
  ['accountEnabled', 'EQUALS', 'False', false],
  ['mail', 'EQUALS', 'x', false],
  ['jobTitle', 'EQUALS', '', false],
  ['missing', 'EQUALS', 'x', false],
  ['appRoleAssignments', 'EQUALS', 'User', false],
  ['department', 'NOT EQUALS', 'Marketing', true],
  ['department', 'NOT EQUALS', 'Sales', false],
  ['department', 'NOT EQUALS', 'sales', true],
  ['accountEnabled', 'NOT EQUALS', 'false', true],
  ['mail', 'NOT EQUALS', 'x', false],
  ['appRoleAssignments', 'NOT EQUALS', 'Admin', false],
  ['userPrincipalName', 'Includes', 'contoso', true],
  ['userPrincipalName', 'Includes', 'Contoso', false],
  ['mail', 'Includes', 'a', false],
  ['appRoleAssignments', 'Includes', 'User', false],
  ['userPrincipalName', 'ENDS_WITH', '@contoso.com', true],
  ['userPrincipalName', 'ENDS_WITH', '@CONTOSO.COM', false],
  ['jobTitle', 'ENDS_WITH', 'x', false],
  ['appRoleAssignments', 'ENDS_WITH', 'r', false],
  ['department', '&', 'Sales,Marketing', true],
  ['department', '&', 'sales,marketing', false],
  ['department', '&', 'Marketing', false],
  ['mail', '&', 'anything', false],
  ['appRoleAssignments', '&', 'User,Admin', false],
  ['department', '!&', 'Marketing,HR', true],
  ['department', '!&', 'Sales,HR', false],
  ['mail', '!&', 'anything', false],
  ['appRoleAssignments', '!&', 'Admin', false],
  ['employeeId', 'Greater_Than', '1000', true],
  ['employeeId', 'Greater_Than', '1042', false],
  ['count', 'Greater_Than', '41', true],
  ['negative', 'Greater_Than', '-6', true],
  ['huge', 'Greater_Than', '12345678901234567889', true],
  ['employeeId', 'Greater_Than', '1.5', false],
  ['department', 'Greater_Than', '1', false],
  ['mail', 'Greater_Than', '1', false],
  ['appRoleAssignments', 'Greater_Than', '0', false],
  ['employeeId', 'Greater_Than_OR_EQUALS', '1042', true],
  ['employeeId', 'Greater_Than_OR_EQUALS', '1043', false],
  ['employeeId', 'Greater_Than_OR_EQUALS', 'abc', false],
  ['jobTitle', 'Greater_Than_OR_EQUALS', '0', false],
  ['accountEnabled', 'IS TRUE', undefined, true],
  ['IsSoftDeleted', 'IS TRUE', undefined, false],
  ['flagText', 'IS TRUE', undefined, true],
  ['department', 'IS TRUE', undefined, false],
  ['mail', 'IS TRUE', undefined, false],
  ['appRoleAssignments', 'IS TRUE', undefined, false],
  ['IsSoftDeleted', 'IS FALSE', undefined, true],
  ['accountEnabled', 'IS FALSE', undefined, false],
  ['falseText', 'IS FALSE', undefined, true],
  ['mail', 'IS FALSE', undefined, false],
  ['jobTitle', 'IS FALSE', undefined, false],
  ['mail', 'IS NULL', undefined, true],
  ['jobTitle', 'IS NULL', undefined, true],
  ['missing', 'IS NULL', undefined, true],
  ['department', 'IS NULL', undefined, false],
  ['appRoleAssignments', 'IS NULL', undefined, false],
  ['emptyList', 'IS NULL', undefined, false],
  ['department', 'IS NOT NULL', undefined, true],
  ['accountEnabled', 'IS NOT NULL', undefined, true],
  ['mail', 'IS NOT NULL', undefined, false],
  ['jobTitle', 'IS NOT NULL', undefined, false],
  ['appRoleAssignments', 'IS NOT NULL', undefined, false],
  ['hired', 'IS NOT NULL', undefined, false],
  ['userPrincipalName', 'REGEX MATCH', '.*\\@contoso.com', true],
  ['employeeId', 'REGEX MATCH', '([1-9][0-9])', true],
  ['userPrincipalName', 'REGEX MATCH', '^ADA', false],
  ['mail', 'REGEX MATCH', '.*', false],
  ['appRoleAssignments', 'REGEX MATCH', 'User', false],
  ['department', 'REGEX MATCH', '(a+)+', false],
  ['department', 'REGEX MATCH', '(', false],
  ['long', 'REGEX MATCH', 'contoso', false],
  ['userPrincipalName', 'NOT REGEX MATCH', '^bob', true],
  ['userPrincipalName', 'NOT REGEX MATCH', 'contoso', false],
  ['mail', 'NOT REGEX MATCH', 'x', false],
  ['jobTitle', 'NOT REGEX MATCH', 'x', false],
  ['appRoleAssignments', 'NOT REGEX MATCH', 'Admin', false],
  ['department', 'NOT REGEX MATCH', '(a|a)*', false],
  ['long', 'NOT REGEX MATCH', '^bob', false],
  ['department', 'EQUALS', undefined, false],
  ['department', 'NOT EQUALS', undefined, false],
];

describe('evaluateClause', () => {
  it.each(rows)('%s %s %s → %s', (attribute, operator, value, expected) => {
    const clause: ScopingClause = value === undefined ? { attribute, operator } : { attribute, operator, value };
    expect(evaluateClause(clause, USER)).toBe(expected);
  });

  it('covers every operator', () => {
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(SCOPING_OPERATORS));
  });
});

describe('clauseText', () => {
  it.each<[ScopingClause, string]>([
    [{ attribute: 'department', operator: 'EQUALS', value: 'Sales' }, 'department EQUALS Sales'],
    [
      { attribute: 'userPrincipalName', operator: 'REGEX MATCH', value: '.*\\@contoso.com' },
      'userPrincipalName REGEX MATCH .*\\@contoso.com',
    ],
    [{ attribute: 'accountEnabled', operator: 'IS TRUE' }, 'accountEnabled IS TRUE'],
    [{ attribute: 'mail', operator: 'IS NULL', value: 'ignored' }, 'mail IS NULL'],
    [{ attribute: 'department', operator: '&', value: 'Sales,HR' }, 'department & Sales,HR'],
  ])('%j → %s', (clause, text) => {
    expect(clauseText(clause)).toBe(text);
  });
});

const sales: ScopingFilter = {
  name: 'Sales only',
  clauses: [{ attribute: 'department', operator: 'EQUALS', value: 'Sales' }],
};
const enabledSales: ScopingFilter = {
  name: 'Enabled sales',
  clauses: [
    { attribute: 'department', operator: 'EQUALS', value: 'Sales' },
    { attribute: 'accountEnabled', operator: 'IS TRUE' },
  ],
};
const marketing: ScopingFilter = {
  name: 'Marketing',
  clauses: [{ attribute: 'department', operator: 'EQUALS', value: 'Marketing' }],
};

describe('evaluateScoping', () => {
  it.each<[string, ScopingFilter[], Record<string, unknown>, boolean, Record<string, Record<string, boolean>>]>([
    ['no filters: everyone is in scope', [], { department: 'HR' }, true, {}],
    ['the log example', [sales], { department: 'Sales' }, true, { 'Sales only': { 'department EQUALS Sales': true } }],
    ['a failing clause', [sales], { department: 'HR' }, false, { 'Sales only': { 'department EQUALS Sales': false } }],
    [
      'clauses AND: all hold',
      [enabledSales],
      { department: 'Sales', accountEnabled: true },
      true,
      { 'Enabled sales': { 'department EQUALS Sales': true, 'accountEnabled IS TRUE': true } },
    ],
    [
      'clauses AND: one fails, every clause still reported',
      [enabledSales],
      { department: 'Sales', accountEnabled: false },
      false,
      { 'Enabled sales': { 'department EQUALS Sales': true, 'accountEnabled IS TRUE': false } },
    ],
    [
      'filters OR: the second passes',
      [marketing, sales],
      { department: 'Sales' },
      true,
      { Marketing: { 'department EQUALS Marketing': false }, 'Sales only': { 'department EQUALS Sales': true } },
    ],
    [
      'filters OR: none passes',
      [marketing, enabledSales],
      { department: 'HR', accountEnabled: true },
      false,
      {
        Marketing: { 'department EQUALS Marketing': false },
        'Enabled sales': { 'department EQUALS Sales': false, 'accountEnabled IS TRUE': true },
      },
    ],
    [
      'a filter without clauses passes no one',
      [{ name: 'Empty', clauses: [] }],
      { department: 'Sales' },
      false,
      { Empty: {} },
    ],
    [
      'duplicate stored names keep both results',
      [sales, { ...marketing, name: 'Sales only' }],
      { department: 'Sales' },
      true,
      { 'Sales only': { 'department EQUALS Sales': true }, 'Sales only (2)': { 'department EQUALS Marketing': false } },
    ],
  ])('%s', (_name, filters, source, passed, results) => {
    expect(evaluateScoping(filters, source)).toEqual({ passed, results });
  });
});
