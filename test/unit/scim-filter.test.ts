import { describe, expect, it } from 'vitest';
import { andFilter, eqFilter, toQueryString } from '../../src/scim/filter';
import { ScimPathError } from '../../src/scim/paths';

describe('eqFilter', () => {
  const cases: Array<{ name: string; attribute: string; value: string | number | boolean; expected: string }> = [
    {
      name: 'plain userName',
      attribute: 'userName',
      value: 'ada@example.com',
      expected: 'userName eq "ada@example.com"',
    },
    { name: 'double quote is escaped', attribute: 'userName', value: 'a"b', expected: 'userName eq "a\\"b"' },
    {
      name: 'backslash is escaped',
      attribute: 'userName',
      value: 'DOMAIN\\ada',
      expected: 'userName eq "DOMAIN\\\\ada"',
    },
    { name: 'backslash before quote', attribute: 'userName', value: '\\"', expected: 'userName eq "\\\\\\""' },
    {
      name: 'injection attempt stays one literal',
      attribute: 'userName',
      value: 'x" or userName pr or userName eq "y',
      expected: 'userName eq "x\\" or userName pr or userName eq \\"y"',
    },
    {
      name: 'control characters',
      attribute: 'displayName',
      value: 'a\nb\t\u0001',
      expected: 'displayName eq "a\\nb\\t\\u0001"',
    },
    {
      name: 'unicode is kept as is',
      attribute: 'displayName',
      value: 'Zoë Łukasz 李雷 👩‍💻',
      expected: 'displayName eq "Zoë Łukasz 李雷 👩‍💻"',
    },
    {
      name: 'lone surrogate is escaped',
      attribute: 'displayName',
      value: 'a\ud800',
      expected: 'displayName eq "a\\ud800"',
    },
    { name: 'empty string', attribute: 'externalId', value: '', expected: 'externalId eq ""' },
    {
      name: 'number literal',
      attribute: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
      value: 42,
      expected: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq 42',
    },
    { name: 'boolean literal', attribute: 'active', value: false, expected: 'active eq false' },
    {
      name: 'value path attribute (Entra matching on email)',
      attribute: 'emails[type eq "work"].value',
      value: 'a@x',
      expected: 'emails[type eq "work"].value eq "a@x"',
    },
  ];
  it.each(cases)('Should build $name', ({ attribute, value, expected }) => {
    expect(eqFilter(attribute, value)).toBe(expected);
  });

  it('Should produce a literal that JSON-parses back to the value', () => {
    for (const value of ['a"b\\c', 'tab\there', 'ümlaut', '\u0000\u001f']) {
      const literal = eqFilter('userName', value).slice('userName eq '.length);
      expect(JSON.parse(literal)).toBe(value);
    }
  });

  it.each(['userName eq "x" or userName', 'user name', '', 'a..b', '1abc'])(
    'Should reject the attribute %j, so a caller cannot inject conditions',
    (attribute) => {
      expect(() => eqFilter(attribute, 'x')).toThrow(ScimPathError);
    },
  );

  it('Should reject non-finite numbers', () => {
    expect(() => eqFilter('employeeNumber', Number.NaN)).toThrow(ScimPathError);
  });
});

describe('andFilter', () => {
  const cases: Array<{ parts: string[]; expected: string }> = [
    { parts: [eqFilter('userName', 'a')], expected: 'userName eq "a"' },
    {
      parts: [eqFilter('userName', 'a" and x eq "'), eqFilter('externalId', 'b\\')],
      expected: 'userName eq "a\\" and x eq \\"" and externalId eq "b\\\\"',
    },
    {
      parts: [eqFilter('active', true), eqFilter('displayName', 'Ünïcode')],
      expected: 'active eq true and displayName eq "Ünïcode"',
    },
  ];
  it.each(cases)('Should join $parts', ({ parts, expected }) => {
    expect(andFilter(...parts)).toBe(expected);
  });

  it('Should refuse empty parts', () => {
    expect(() => andFilter()).toThrow(ScimPathError);
    expect(() => andFilter('userName eq "a"', ' ')).toThrow(ScimPathError);
  });
});

describe('toQueryString', () => {
  it('Should percent-encode quotes and spaces as %20, keeping a literal + distinguishable', () => {
    const q = toQueryString([['filter', eqFilter('userName', 'a+b c"d')]]);
    expect(q).toBe('filter=userName%20eq%20%22a%2Bb%20c%5C%22d%22');
    expect(new URLSearchParams(q).get('filter')).toBe('userName eq "a+b c\\"d"');
    expect(decodeURIComponent(q.slice('filter='.length))).toBe('userName eq "a+b c\\"d"');
  });

  it('Should keep parameter order', () => {
    expect(
      toQueryString([
        ['excludedAttributes', 'members'],
        ['filter', 'displayName eq "x"'],
      ]),
    ).toBe('excludedAttributes=members&filter=displayName%20eq%20%22x%22');
  });
});
