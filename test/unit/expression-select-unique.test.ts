/**
 * SelectUniqueValue's pure half (issue 12, entra.md §6.2): the candidates in rule order, what the tester shows
 * without a target, and the save-time rules (create only, not matching, users only).
 */
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/mapping/expression/index';
import { testExpression } from '../../src/mapping/expression-test';
import { validateMappings } from '../../src/mapping/mapping-input';
import { uniqueChoices } from '../../src/mapping/select-unique';

const ENV = { now: () => new Date('2024-06-03T10:00:00Z'), random: () => 0.5, guid: () => 'guid-1' };
const EXPRESSION =
  'SelectUniqueValue(Join("", [givenName], [surname]), Join("", Left([givenName], 1), [surname]), Join("", [givenName], [surname], "2"))';
const ADA = { givenName: 'Ada', surname: 'Lovelace' };

describe('SelectUniqueValue candidates', () => {
  it('lists every rule in order for the engine, leaving out rules without a value', () => {
    const text = 'SelectUniqueValue([nickname], [mailNickname], Join(".", [givenName], [surname]))';
    const mappings = [
      { target: 'externalId', type: 'expression' as const, expression: text, apply: 'create' as const },
    ];
    expect(uniqueChoices(mappings, { ...ADA, mailNickname: 'ada' }, ENV)).toEqual([
      { target: 'externalId', candidates: ['ada', 'Ada.Lovelace'], redacted: false },
    ]);
    expect(uniqueChoices([{ ...mappings[0], expression: '[givenName]' } as never], ADA, ENV)).toEqual([]);
  });

  it('evaluates as a plain value to the first rule that gives one (dry runs, no target)', () => {
    expect(compileExpression('SelectUniqueValue([missing], "", [givenName], "x")')(ADA, ENV)).toBe('Ada');
  });

  it('shows the candidates in the expression tester', () => {
    expect(testExpression(EXPRESSION, ADA, ENV)).toEqual({
      ok: true,
      value: 'AdaLovelace',
      redacted: false,
      ignored: false,
      candidates: ['AdaLovelace', 'ALovelace', 'AdaLovelace2'],
    });
    const hidden = testExpression('SelectUniqueValue([missing], Redact([givenName]))', ADA, ENV);
    expect(hidden).toMatchObject({ ok: true, value: '[Redact]', candidates: [null, '[Redact]'] });
  });
});

describe('SelectUniqueValue mapping rules', () => {
  const base = [{ target: 'userName', type: 'direct', source: 'userPrincipalName', matchingPrecedence: 1 }];
  const unique = (extra: Record<string, unknown>) => [
    ...base,
    { target: 'externalId', type: 'expression', expression: EXPRESSION, apply: 'create', ...extra },
  ];

  it('accepts it on a create-only, non-matching user attribute', () => {
    expect(validateMappings(unique({}), 'user')).toMatchObject({ ok: true });
  });

  it('refuses it with Apply "always", on a matching attribute, and in group mappings', () => {
    expect(validateMappings(unique({ apply: 'always' }), 'user')).toMatchObject({
      ok: false,
      errors: [{ index: 1, field: 'apply', message: expect.stringMatching(/Only during object creation/) }],
    });
    expect(validateMappings(unique({ matchingPrecedence: 2 }), 'user')).toMatchObject({
      ok: false,
      errors: [{ index: 1, field: 'matchingPrecedence', message: expect.stringMatching(/matching attribute/) }],
    });
    const group = [
      { target: 'displayName', type: 'direct', source: 'displayName', matchingPrecedence: 1 },
      {
        target: 'externalId',
        type: 'expression',
        expression: 'SelectUniqueValue([displayName], "x")',
        apply: 'create',
      },
    ];
    expect(validateMappings(group, 'group')).toMatchObject({
      ok: false,
      errors: [{ index: 1, message: 'SelectUniqueValue can only be used in user mappings' }],
    });
  });
});
