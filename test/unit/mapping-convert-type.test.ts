import { describe, expect, it } from 'vitest';
import { applyMappings, typedMappings } from '../../src/mapping/apply';
import { convertToType } from '../../src/mapping/convert-type';
import { validateMappings } from '../../src/mapping/mapping-input';
import type { AttributeMapping } from '../../src/mapping/types';
import {
  BUILTIN_SCHEMA_TYPES,
  type ScimAttributeType,
  schemaTypesFrom,
  targetTypeOf,
} from '../../src/scim/schema-types';

const env = { now: () => new Date(0), random: () => 0.5, guid: () => 'g' };
const single = (type: ScimAttributeType) => ({ type, multiValued: false });

describe('convertToType', () => {
  it.each<[ScimAttributeType, string | number | boolean | string[], unknown]>([
    ['boolean', 'True', true],
    ['boolean', 'False', false],
    ['boolean', ' true ', true],
    ['boolean', 'FALSE', false],
    ['boolean', true, true],
    ['boolean', 0, false],
    ['boolean', 2, true],
    ['boolean', ['True'], true],
    ['integer', '42', 42],
    ['integer', '-0042', -42],
    ['integer', 7, 7],
    ['decimal', '3.5', 3.5],
    ['decimal', '-1e3', -1000],
    ['decimal', 2, 2],
    ['dateTime', '2024-05-01T10:20:30Z', '2024-05-01T10:20:30Z'],
    ['dateTime', '2024-05-01T10:20:30+02:00', '2024-05-01T10:20:30+02:00'],
    ['dateTime', '5/1/2024 10:20:30 PM', '2024-05-01T22:20:30Z'],
    ['dateTime', '2024-05-01', '2024-05-01T00:00:00Z'],
    ['string', 42, '42'],
    ['string', true, 'True'],
    ['string', 'as is', 'as is'],
    ['reference', 'https://x.example/u/1', 'https://x.example/u/1'],
    ['binary', 'TUlJ', 'TUlJ'],
    ['complex', 'User', 'User'],
  ])('%s ← %j gives %j', (type, value, expected) => {
    expect(convertToType(value, single(type))).toEqual({ ok: true, value: expected });
  });

  it.each<[ScimAttributeType, string | number | boolean | string[], string]>([
    ['boolean', 'yes', 'a Boolean (True or False)'],
    ['boolean', '1', 'a Boolean (True or False)'],
    ['boolean', '', 'a Boolean (True or False)'],
    ['integer', '4.5', 'an Integer'],
    ['integer', 'x', 'an Integer'],
    ['integer', true, 'an Integer'],
    ['integer', '99999999999999999999', 'an Integer'],
    ['decimal', 'abc', 'a Decimal'],
    ['dateTime', 'next Tuesday', 'a DateTime'],
    ['dateTime', '2/30/2024 1:00:00 AM', 'a DateTime'],
    ['dateTime', true, 'a DateTime'],
    ['string', ['a', 'b'], 'a single value'],
  ])('%s ← %j fails: expects %s', (type, value, expected) => {
    expect(convertToType(value, single(type))).toEqual({ ok: false, expected });
  });

  it('keeps lists for multi-valued attributes', () => {
    expect(convertToType(['a', 'b'], { type: 'complex', multiValued: true })).toEqual({ ok: true, value: ['a', 'b'] });
  });
});

describe('target types (RFC 7643 §4 tables and /Schemas)', () => {
  it.each<[string, string | null]>([
    ['active', 'boolean'],
    ['urn:ietf:params:scim:schemas:core:2.0:User:active', 'boolean'],
    ['emails[type eq "work"].value', 'string'],
    ['emails[type eq "work"].primary', 'boolean'],
    ['name.givenName', 'string'],
    ['profileUrl', 'reference'],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', 'complex'],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber', 'string'],
    ['urn:ietf:params:scim:schemas:extension:custom:2.0:User:x', null],
    ['nosuch', null],
  ])('%s is %s', (path, type) => {
    expect(targetTypeOf(BUILTIN_SCHEMA_TYPES, path, 'User')?.type ?? null).toBe(type);
  });

  it('layers a /Schemas answer over the built-in tables and skips what it cannot read', () => {
    const types = schemaTypesFrom({
      Resources: [
        { id: 'urn:x:2.0:User', attributes: [{ name: 'level', type: 'integer' }, { name: 'bad' }, 'junk'] },
        { id: 'urn:ietf:params:scim:schemas:core:2.0:User', attributes: [{ name: 'active', type: 'string' }] },
        null,
      ],
    });
    expect(targetTypeOf(types, 'urn:x:2.0:User:level', 'User')?.type).toBe('integer');
    expect(targetTypeOf(types, 'urn:x:2.0:User:bad', 'User')).toBeNull();
    // The target says active is a string there: its word wins over the RFC's.
    expect(targetTypeOf(types, 'active', 'User')?.type).toBe('string');
    expect(
      targetTypeOf(types, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', 'User')?.type,
    ).toBe('string');
    expect(schemaTypesFrom('not json')).toEqual(BUILTIN_SCHEMA_TYPES);
  });
});

describe('applying typed mappings', () => {
  const mappings: AttributeMapping[] = [
    {
      target: 'active',
      type: 'expression',
      expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
      apply: 'always',
    },
    { target: 'title', type: 'expression', expression: 'Count([appRoleAssignments])', apply: 'always' },
  ];
  const source = { IsSoftDeleted: false, appRoleAssignments: ['User', 'Admin'] };

  it("converts Entra's string active to a boolean and a count to text", () => {
    const typed = typedMappings(mappings, 'User');
    expect(applyMappings(typed, source, env, 'create').values).toEqual({ active: true, title: '2' });
    // Untyped (no schema resolved), the value goes as the expression produced it.
    expect(applyMappings(mappings, source, env, 'create').values.active).toBe('True');
  });

  it('throws mapping_value_type naming the attribute, without the value when it is redacted', () => {
    const bad = typedMappings(
      [{ target: 'active', type: 'expression', expression: 'Redact("maybe")', apply: 'always' }],
      'User',
    );
    expect(() => applyMappings(bad, {}, env, 'create')).toThrowError(
      expect.objectContaining({ code: 'mapping_value_type', message: expect.not.stringContaining('maybe') }),
    );
  });
});

describe('mapping save checks the type where it is known', () => {
  const base = [{ target: 'userName', type: 'direct', source: 'userPrincipalName', matchingPrecedence: 1 }];
  it.each<[Record<string, unknown>, string, string]>([
    [
      { target: 'active', type: 'constant', value: 'yes' },
      'value',
      'active expects a Boolean (True or False), so "yes" cannot be sent',
    ],
    [
      { target: 'active', type: 'direct', source: 'mail', defaultValue: 'maybe' },
      'defaultValue',
      '"maybe" cannot be sent',
    ],
    [
      { target: 'urn:ietf:params:scim:schemas:core:2.0:User:active', type: 'constant', value: 'on' },
      'value',
      'expects a Boolean',
    ],
  ])('%j is refused', (mapping, field, message) => {
    const r = validateMappings([...base, mapping], 'user');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([{ index: 1, field, message: expect.stringContaining(message) }]);
  });

  it('accepts convertible constants and expressions whose value is only known at run time', () => {
    const r = validateMappings(
      [
        ...base,
        { target: 'active', type: 'constant', value: 'False' },
        { target: 'title', type: 'direct', source: 'IsSoftDeleted' },
        { target: 'displayName', type: 'expression', expression: 'Switch([IsSoftDeleted], , "False", "True")' },
      ],
      'user',
    );
    expect(r.ok).toBe(true);
  });
});
