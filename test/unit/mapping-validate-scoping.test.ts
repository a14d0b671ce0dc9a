import { describe, expect, it } from 'vitest';
import { type InputError, validateScopingFilters } from '../../src/mapping/mapping-input';
import { validateScopingRegex } from '../../src/mapping/scoping-regex';

const err = (index: number, field: string, message: string): InputError => ({ index, field, message });

const SALES = { name: 'Sales only', clauses: [{ attribute: 'department', operator: 'EQUALS', value: 'Sales' }] };
const clause = (c: Record<string, unknown>) => [{ name: 'F', clauses: [c] }];

describe('validateScopingFilters', () => {
  it.each<[string, unknown, 'user' | 'group', unknown[]]>([
    ['no filters', [], 'user', []],
    ['the log example', [SALES], 'user', [SALES]],
    [
      'normalised: trimmed name, canonical attribute and operator, unary value dropped, numbers as text',
      [
        {
          name: '  Engineers ',
          clauses: [
            { attribute: 'DEPARTMENT', operator: 'equals', value: 'Engineering' },
            { attribute: 'accountEnabled', operator: 'is true', value: 'ignored' },
            { attribute: 'employeeId', operator: 'greater_than', value: 1000 },
          ],
        },
      ],
      'user',
      [
        {
          name: 'Engineers',
          clauses: [
            { attribute: 'department', operator: 'EQUALS', value: 'Engineering' },
            { attribute: 'accountEnabled', operator: 'IS TRUE' },
            { attribute: 'employeeId', operator: 'Greater_Than', value: '1000' },
          ],
        },
      ],
    ],
    [
      'a group filter',
      [{ name: 'G', clauses: [{ attribute: 'description', operator: 'IS NOT NULL' }] }],
      'group',
      [{ name: 'G', clauses: [{ attribute: 'description', operator: 'IS NOT NULL' }] }],
    ],
  ])('accepts %s', (_name, input, type, filters) => {
    expect(validateScopingFilters(input, type)).toEqual({ ok: true, filters });
  });

  const OPERATORS =
    '&, !&, ENDS_WITH, EQUALS, NOT EQUALS, Greater_Than, Greater_Than_OR_EQUALS, Includes, IS TRUE, IS FALSE, IS NULL, IS NOT NULL, REGEX MATCH, NOT REGEX MATCH';
  it.each<[string, unknown, 'user' | 'group', InputError[]]>([
    ['not a list', SALES, 'user', [err(-1, 'filters', 'Scoping filters must be a list')]],
    ['a filter that is not an object', [7], 'user', [err(0, '', 'Each filter must be an object')]],
    ['an empty name', [{ ...SALES, name: '  ' }], 'user', [err(0, 'name', 'Filter name is required')]],
    [
      'a duplicate name (any case)',
      [SALES, { ...SALES, name: 'SALES ONLY' }],
      'user',
      [err(1, 'name', 'Filter name "SALES ONLY" is used more than once')],
    ],
    ['no clauses', [{ name: 'F', clauses: [] }], 'user', [err(0, 'clauses', 'A filter needs at least one clause')]],
    [
      'a clause that is not an object',
      [{ name: 'F', clauses: ['x'] }],
      'user',
      [err(0, 'clauses.0', 'Each clause must be an object')],
    ],
    [
      'an unknown attribute',
      clause({ attribute: 'costCenter', operator: 'IS NULL' }),
      'user',
      [err(0, 'clauses.0.attribute', 'Unknown user source attribute "costCenter"')],
    ],
    [
      'a multi-valued user attribute',
      clause({ attribute: 'appRoleAssignments', operator: 'Includes', value: 'Admin' }),
      'user',
      [err(0, 'clauses.0.attribute', 'appRoleAssignments is multi-valued and cannot be used in a scoping filter')],
    ],
    [
      'group members',
      clause({ attribute: 'members', operator: 'IS NOT NULL' }),
      'group',
      [err(0, 'clauses.0.attribute', 'members is multi-valued and cannot be used in a scoping filter')],
    ],
    [
      'an unknown operator',
      clause({ attribute: 'department', operator: 'LIKE', value: 'S%' }),
      'user',
      [err(0, 'clauses.0.operator', `Operator must be one of ${OPERATORS}`)],
    ],
    [
      'a binary operator without a value',
      clause({ attribute: 'department', operator: 'EQUALS', value: '' }),
      'user',
      [err(0, 'clauses.0.value', 'A value is required for EQUALS')],
    ],
    [
      'Greater_Than with a non-integer',
      clause({ attribute: 'employeeId', operator: 'Greater_Than', value: '10.5' }),
      'user',
      [err(0, 'clauses.0.value', 'The value for Greater_Than must be an integer')],
    ],
    [
      'a regex that does not compile',
      clause({ attribute: 'userPrincipalName', operator: 'REGEX MATCH', value: '(' }),
      'user',
      [err(0, 'clauses.0.value', 'Regular expression does not compile: Unterminated group')],
    ],
    [
      'a catastrophic regex',
      clause({ attribute: 'userPrincipalName', operator: 'NOT REGEX MATCH', value: '(a+)+$' }),
      'user',
      [
        err(
          0,
          'clauses.0.value',
          'Regular expression repeats a variable-length group at column 1, as in (a+)+; this can take exponential time',
        ),
      ],
    ],
  ])('rejects %s', (_name, input, type, errors) => {
    expect(validateScopingFilters(input, type)).toEqual({ ok: false, errors });
  });
});

const EXPONENTIAL = 'this can take exponential time';
const POLYNOMIAL = 'this can take polynomial time';

describe('validateScopingRegex', () => {
  it.each<[string, string | null]>([
    ['.*\\@domain.com', null],
    ['([1-9][0-9])', null],
    ['^Sales$', null],
    ['^(Sales|Sales Ops)$', null],
    ['.*Sales.*', null],
    ['^[a-z]+@[a-z]+\\.com$', null],
    ['(\\d{3}-){2}\\d{4}', null],
    ['(\\d{1,3}\\.){3}\\d{1,3}', null],
    ['^\\w+(\\.\\w+)*@contoso\\.com$', null],
    ['(?=.*\\d)(?=.*[a-z]).{8,}', null],
    ['', 'Regular expression is empty'],
    ['a'.repeat(201), 'Regular expression is longer than the 200-character limit'],
    ['(', 'Regular expression does not compile: Unterminated group'],
    ['[a-', 'Regular expression does not compile: Unterminated character class'],
    ['(?i)sales', 'Regular expression does not compile: Invalid group'],
    ['a{2,1}', 'Regular expression does not compile: numbers out of order in {} quantifier'],
    ['(a+)+', `Regular expression repeats a variable-length group at column 1, as in (a+)+; ${EXPONENTIAL}`],
    ['^(.*)*$', `Regular expression repeats a variable-length group at column 2, as in (a+)+; ${EXPONENTIAL}`],
    ['^(\\w+\\s?)+$', `Regular expression repeats a variable-length group at column 2, as in (a+)+; ${EXPONENTIAL}`],
    ['(x+x+)+y', `Regular expression repeats a variable-length group at column 1, as in (a+)+; ${EXPONENTIAL}`],
    ['(a?){20}a{20}', `Regular expression repeats a variable-length group at column 1, as in (a+)+; ${EXPONENTIAL}`],
    ['(a|a)*', `Regular expression repeats alternatives that overlap at column 1, as in (a|a)*; ${EXPONENTIAL}`],
    ['x(?:a|.)*y', `Regular expression repeats alternatives that overlap at column 2, as in (a|a)*; ${EXPONENTIAL}`],
    ['(ab|ac)+c', `Regular expression repeats alternatives that overlap at column 1, as in (a|a)*; ${EXPONENTIAL}`],
    ['(a|a)(a|a)(a|a)(a|a)x', `Regular expression chains too many overlapping alternatives; ${EXPONENTIAL}`],
    ['.*.*x', `Regular expression has overlapping quantifiers at columns 1 and 3, as in .*.*; ${POLYNOMIAL}`],
    ['\\w*\\s*\\w*x', `Regular expression has overlapping quantifiers at columns 1 and 7, as in .*.*; ${POLYNOMIAL}`],
    ['.*S.*$', `Regular expression has overlapping quantifiers at columns 1 and 4, as in .*.*; ${POLYNOMIAL}`],
    ['a{0,8}a{0,8}x', `Regular expression has overlapping quantifiers at columns 1 and 7, as in .*.*; ${POLYNOMIAL}`],
    [
      '.*(?=\\w+)x',
      `Regular expression has a lookaround at column 3 that re-reads what the quantifier at column 1 gives back; ${POLYNOMIAL}`,
    ],
    [
      '(?:(?=\\w+)\\w)*x',
      `Regular expression repeats a lookaround that reads ahead or behind at column 1, as in (?:(?=\\w+)\\w)*; ${POLYNOMIAL}`,
    ],
  ])('%s', (pattern, expected) => {
    expect(validateScopingRegex(pattern)).toBe(expected);
  });
});
