import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  type Expr,
  FUNCTION_NAMES,
  MAX_EXPRESSION_LENGTH,
  parseExpression,
  referencedAttributes,
  tryParseExpression,
} from '../../src/mapping/expression/index';
import { tokenize } from '../../src/mapping/expression/tokens';

const ENV = { now: () => new Date('2021-07-02T15:33:38Z'), random: () => 0, guid: () => 'guid-1' };

describe('tokenize', () => {
  const cases: Array<{ name: string; text: string; tokens: Array<[string, unknown, number]> }> = [
    {
      name: 'a call with an attribute and a string',
      text: 'Append([mail], ".test")',
      tokens: [
        ['ident', 'Append', 1],
        ['(', '(', 7],
        ['attr', 'mail', 8],
        [',', ',', 14],
        ['str', '.test', 16],
        [')', ')', 23],
        ['eof', undefined, 24],
      ],
    },
    {
      name: 'attribute names with dots, dashes, underscores, colons and digits',
      text: '[urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department] [Facsimile-TelephoneNumber] [extension_9a_cost.Center]',
      tokens: [
        ['attr', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', 1],
        ['attr', 'Facsimile-TelephoneNumber', 73],
        ['attr', 'extension_9a_cost.Center', 101],
        ['eof', undefined, 127],
      ],
    },
    {
      name: 'escaped quote and backslash, and a lone backslash kept for regexes',
      text: '"Company \\"Contoso\\"" "a\\\\b" "\\d+"',
      tokens: [
        ['str', 'Company "Contoso"', 1],
        ['str', 'a\\b', 23],
        ['str', '\\d+', 30],
        ['eof', undefined, 35],
      ],
    },
    {
      name: 'numbers, negative numbers, decimals and VBA hex',
      text: '7 -10 2.5 &HF7',
      tokens: [
        ['num', 7, 1],
        ['num', -10, 3],
        ['num', 2.5, 7],
        ['num', 247, 11],
        ['eof', undefined, 15],
      ],
    },
    {
      name: 'true/false in any case are booleans, quoted "True" is a string',
      text: 'true FALSE True "True"',
      tokens: [
        ['bool', true, 1],
        ['bool', false, 6],
        ['bool', true, 12],
        ['str', 'True', 17],
        ['eof', undefined, 23],
      ],
    },
    {
      name: 'comparison operators, longest first',
      text: '= <> < <= > >=',
      tokens: [
        ['op', '=', 1],
        ['op', '<>', 3],
        ['op', '<', 6],
        ['op', '<=', 8],
        ['op', '>', 11],
        ['op', '>=', 13],
        ['eof', undefined, 15],
      ],
    },
    {
      name: 'newlines count as characters in the column',
      text: 'Switch([a],\n  "x")',
      tokens: [
        ['ident', 'Switch', 1],
        ['(', '(', 7],
        ['attr', 'a', 8],
        [',', ',', 11],
        ['str', 'x', 15],
        [')', ')', 18],
        ['eof', undefined, 19],
      ],
    },
  ];
  it.each(cases)('Should tokenize $name', ({ text, tokens }) => {
    const actual = tokenize(text).map((t) => {
      const value = t.kind === 'attr' ? t.name : 'value' in t ? t.value : t.text;
      return [t.kind, value, t.col];
    });
    expect(actual).toEqual(tokens);
  });
});

describe('parseExpression', () => {
  const cases: Array<{ name: string; text: string; expr: Expr }> = [
    {
      name: 'a bare attribute',
      text: '[userPrincipalName]',
      expr: { kind: 'attr', name: 'userPrincipalName', col: 1 },
    },
    { name: 'a bare string', text: '  "United States"', expr: { kind: 'str', value: 'United States', col: 3 } },
    { name: 'a bare number', text: '42', expr: { kind: 'num', value: 42, col: 1 } },
    { name: 'a bare boolean', text: 'True', expr: { kind: 'bool', value: true, col: 1 } },
    {
      name: "Entra's name.formatted mapping",
      text: 'Join(" ", [givenName], [surname])',
      expr: {
        kind: 'call',
        name: 'Join',
        col: 1,
        args: [
          { kind: 'str', value: ' ', col: 6 },
          { kind: 'attr', name: 'givenName', col: 11 },
          { kind: 'attr', name: 'surname', col: 24 },
        ],
      },
    },
    {
      name: "Entra's active mapping with an empty default argument",
      text: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
      expr: {
        kind: 'call',
        name: 'Switch',
        col: 1,
        args: [
          { kind: 'attr', name: 'IsSoftDeleted', col: 8 },
          { kind: 'null', col: 25 },
          { kind: 'str', value: 'False', col: 27 },
          { kind: 'str', value: 'True', col: 36 },
          { kind: 'str', value: 'True', col: 44 },
          { kind: 'str', value: 'False', col: 52 },
        ],
      },
    },
    {
      name: 'function names in any case, stored canonically',
      text: 'tolower(NOT([IsSoftDeleted]))',
      expr: {
        kind: 'call',
        name: 'ToLower',
        col: 1,
        args: [{ kind: 'call', name: 'Not', col: 9, args: [{ kind: 'attr', name: 'IsSoftDeleted', col: 13 }] }],
      },
    },
    { name: 'a call without arguments', text: 'Guid()', expr: { kind: 'call', name: 'Guid', col: 1, args: [] } },
    {
      name: 'trailing empty arguments of Replace',
      text: 'Replace([mail], "@contoso.com", , , "@fabrikam.com", , )',
      expr: {
        kind: 'call',
        name: 'Replace',
        col: 1,
        args: [
          { kind: 'attr', name: 'mail', col: 9 },
          { kind: 'str', value: '@contoso.com', col: 17 },
          { kind: 'null', col: 33 },
          { kind: 'null', col: 35 },
          { kind: 'str', value: '@fabrikam.com', col: 37 },
          { kind: 'null', col: 54 },
          { kind: 'null', col: 56 },
        ],
      },
    },
    {
      name: 'a comparison inside IIF',
      text: 'IIF([country]="USA",[country],[department])',
      expr: {
        kind: 'call',
        name: 'IIF',
        col: 1,
        args: [
          {
            kind: 'compare',
            op: '=',
            col: 14,
            left: { kind: 'attr', name: 'country', col: 5 },
            right: { kind: 'str', value: 'USA', col: 15 },
          },
          { kind: 'attr', name: 'country', col: 21 },
          { kind: 'attr', name: 'department', col: 31 },
        ],
      },
    },
    {
      name: 'a bare VBA compare constant as a string',
      text: 'InStr("repEated","e",3,vbBinaryCompare)',
      expr: {
        kind: 'call',
        name: 'InStr',
        col: 1,
        args: [
          { kind: 'str', value: 'repEated', col: 7 },
          { kind: 'str', value: 'e', col: 18 },
          { kind: 'num', value: 3, col: 22 },
          { kind: 'str', value: 'vbBinaryCompare', col: 24 },
        ],
      },
    },
  ];
  it.each(cases)('Should parse $name', ({ text, expr }) => {
    expect(parseExpression(text)).toEqual(expr);
  });

  it('Should parse a multi-line expression as printed in Microsoft docs', () => {
    const text =
      'Switch([Active], , \n  "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), \n  "0", "False")';
    const expr = parseExpression(text);
    expect(expr.kind === 'call' && expr.args.length).toBe(6);
  });

  it('Should accept an expression of exactly the 10,000-character limit', () => {
    const text = `"${'a'.repeat(MAX_EXPRESSION_LENGTH - 2)}"`;
    expect(text).toHaveLength(10_000);
    expect(parseExpression(text)).toEqual({ kind: 'str', value: 'a'.repeat(9_998), col: 1 });
  });

  it('Should accept calls nested 64 deep', () => {
    const text = `${'ToLower('.repeat(64)}"X"${')'.repeat(64)}`;
    expect(compileExpression(text)({}, ENV)).toBe('x');
  });
});

describe('referencedAttributes', () => {
  const cases: Array<{ text: string; attributes: string[] }> = [
    { text: '"constant"', attributes: [] },
    { text: '[mail]', attributes: ['mail'] },
    { text: 'Join(" ", [givenName], [surname], [givenName])', attributes: ['givenName', 'surname'] },
    { text: 'Coalesce([Mail], [mail], [userPrincipalName])', attributes: ['Mail', 'userPrincipalName'] },
    { text: 'IIF([country]="USA", Switch([state], , "CA", [city]), Now())', attributes: ['country', 'state', 'city'] },
  ];
  it.each(cases)('Should list the attributes read by $text', ({ text, attributes }) => {
    expect(referencedAttributes(parseExpression(text))).toEqual(attributes);
  });
});

describe('tryParseExpression', () => {
  it('Should return the tree when the text parses', () => {
    expect(tryParseExpression('[mail]')).toEqual({ ok: true, expr: { kind: 'attr', name: 'mail', col: 1 } });
  });

  it('Should return the message and column when it does not', () => {
    expect(tryParseExpression('Join(" ", [givenName] [surname])')).toEqual({
      ok: false,
      error: { message: 'Expected "," or ")" but found "[surname]" at column 23', column: 23 },
    });
  });
});

describe('FUNCTION_NAMES', () => {
  it('Should list every supported function once, sorted, for autocomplete', () => {
    expect(FUNCTION_NAMES).toEqual([
      'AppRoleAssignmentsComplex',
      'Append',
      'AssertiveAppRoleAssignmentsComplex',
      'BitAnd',
      'CBool',
      'CDate',
      'CStr',
      'Coalesce',
      'ConvertToBase64',
      'ConvertToUTF8Hex',
      'Count',
      'DateAdd',
      'DateDiff',
      'DateFromNum',
      'FormatDateTime',
      'Guid',
      'IIF',
      'IgnoreFlowIfNullOrEmpty',
      'InStr',
      'IsNull',
      'IsNullOrEmpty',
      'IsPresent',
      'IsString',
      'Item',
      'Join',
      'Left',
      'Mid',
      'NormalizeDiacritics',
      'Not',
      'Now',
      'NumFromDate',
      'PCase',
      'RandomString',
      'Redact',
      'RemoveDuplicates',
      'Replace',
      'SelectUniqueValue',
      'SingleAppRoleAssignment',
      'Split',
      'StripSpaces',
      'Switch',
      'ToLower',
      'ToUpper',
      'Word',
    ]);
  });

  it.each(FUNCTION_NAMES)('Should know %s to the parser', (name) => {
    const result = tryParseExpression(`${name}(`);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.message).toMatch(/^Expected /);
  });
});

describe('compileExpression', () => {
  it('Should parse once and evaluate per source object', () => {
    const fn = compileExpression('Join(" ", [givenName], [surname])');
    expect(fn({ givenName: 'Ada', surname: 'Lovelace' }, ENV)).toBe('Ada Lovelace');
    expect(fn({ givenName: 'Grace' }, ENV)).toBe('Grace');
  });
});
