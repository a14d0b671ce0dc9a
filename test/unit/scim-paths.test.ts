import { describe, expect, it } from 'vitest';
import { formatScimPath, parseScimPath, type ScimPath, ScimPathError, safeParseScimPath } from '../../src/scim/paths';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CUSTOM = 'urn:ietf:params:scim:schemas:extension:CustomExt:2.0:User';

describe('parseScimPath', () => {
  const valid: Array<{ path: string; expected: ScimPath }> = [
    { path: 'userName', expected: { attribute: 'userName' } },
    { path: 'active', expected: { attribute: 'active' } },
    { path: 'name.givenName', expected: { attribute: 'name', subAttribute: 'givenName' } },
    {
      path: 'emails[type eq "work"].value',
      expected: { attribute: 'emails', filter: { attribute: 'type', value: 'work' }, subAttribute: 'value' },
    },
    {
      path: 'addresses[type eq "work"].locality',
      expected: { attribute: 'addresses', filter: { attribute: 'type', value: 'work' }, subAttribute: 'locality' },
    },
    {
      path: 'phoneNumbers[type eq "mobile"].value',
      expected: { attribute: 'phoneNumbers', filter: { attribute: 'type', value: 'mobile' }, subAttribute: 'value' },
    },
    {
      path: 'emails[type eq "other"].Value',
      expected: { attribute: 'emails', filter: { attribute: 'type', value: 'other' }, subAttribute: 'Value' },
    },
    {
      path: 'emails[ TYPE  EQ "a \\"q\\" ]b" ].value',
      expected: { attribute: 'emails', filter: { attribute: 'type', value: 'a "q" ]b' }, subAttribute: 'value' },
    },
    { path: `${ENT}:department`, expected: { schema: ENT, attribute: 'department' } },
    { path: `${ENT}:manager`, expected: { schema: ENT, attribute: 'manager' } },
    { path: `${ENT}:manager.value`, expected: { schema: ENT, attribute: 'manager', subAttribute: 'value' } },
    { path: `${CUSTOM}:costCenter`, expected: { schema: CUSTOM, attribute: 'costCenter' } },
    {
      path: `${CUSTOM}:badges[type eq "x:y"].value`,
      expected: {
        schema: CUSTOM,
        attribute: 'badges',
        filter: { attribute: 'type', value: 'x:y' },
        subAttribute: 'value',
      },
    },
    {
      path: 'urn:ietf:params:scim:schemas:core:2.0:User:name.familyName',
      expected: { schema: 'urn:ietf:params:scim:schemas:core:2.0:User', attribute: 'name', subAttribute: 'familyName' },
    },
    { path: 'members', expected: { attribute: 'members' } },
    { path: 'manager.$ref', expected: { attribute: 'manager', subAttribute: '$ref' } },
    { path: 'x-custom_attr1', expected: { attribute: 'x-custom_attr1' } },
  ];
  it.each(valid)('Should parse $path', ({ path, expected }) => {
    expect(parseScimPath(path)).toEqual(expected);
  });

  const invalid: Array<{ path: string; problem: RegExp }> = [
    { path: '', problem: /empty/ },
    { path: 'user name', problem: /spaces/ },
    { path: 'name.givenName.first', problem: /one level/ },
    { path: 'emails[type eq "work".value', problem: /not closed|expected/ },
    { path: 'emails[value eq "a@x"].value', problem: /only \[type eq/ },
    { path: 'emails[type ne "work"].value', problem: /must read/ },
    { path: 'emails[type eq work].value', problem: /must read/ },
    { path: 'emails[type eq "bad \\x escape"].value', problem: /not a valid JSON string/ },
    { path: '1userName', problem: /expected/ },
    { path: 'urn:foo', problem: /not a schema URN/ },
    { path: `${ENT}:`, problem: /empty/ },
    { path: 'userName eq "x" or userName', problem: /spaces/ },
  ];
  it.each(invalid)('Should reject $path', ({ path, problem }) => {
    let caught: unknown;
    try {
      parseScimPath(path);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ScimPathError);
    expect((caught as ScimPathError).code).toBe('scim_invalid_path');
    expect((caught as ScimPathError).problem).toMatch(problem);
  });
});

describe('safeParseScimPath', () => {
  it('Should return the error instead of throwing', () => {
    const r = safeParseScimPath('a b');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.path).toBe('a b');
    expect(safeParseScimPath('userName')).toEqual({ ok: true, value: { attribute: 'userName' } });
  });
});

describe('formatScimPath', () => {
  it.each([
    'userName',
    'name.givenName',
    'emails[type eq "work"].value',
    `${ENT}:manager`,
    `${CUSTOM}:costCenter`,
    'emails[type eq "a\\"b"].value',
  ])('Should round-trip %s', (path) => {
    expect(formatScimPath(parseScimPath(path))).toBe(path);
  });

  it('Should canonicalise spacing and operator case in the selector', () => {
    expect(formatScimPath(parseScimPath('emails[ Type EQ "work" ].value'))).toBe('emails[type eq "work"].value');
  });
});
