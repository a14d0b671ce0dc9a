import { describe, expect, it } from 'vitest';
import { ScimPathError } from '../../src/scim/paths';
import {
  buildResource,
  type FlatValues,
  flattenResource,
  readPath,
  type ScimResource,
} from '../../src/scim/resource-builder';
import { ENTERPRISE_USER_SCHEMA as ENT, GROUP_SCHEMA, USER_SCHEMA } from '../../src/scim/urns';

const CUSTOM = 'urn:ietf:params:scim:schemas:extension:CustomExt:2.0:User';

describe('buildResource', () => {
  const cases: Array<{ name: string; flat: FlatValues; type?: 'User' | 'Group'; expected: ScimResource }> = [
    {
      name: 'simple attributes with the core schema only',
      flat: { userName: 'ada@x', active: true, externalId: 'ada' },
      expected: { schemas: [USER_SCHEMA], userName: 'ada@x', active: true, externalId: 'ada' },
    },
    {
      name: 'complex attribute nested',
      flat: { 'name.givenName': 'Ada', 'name.familyName': 'Lovelace', 'name.formatted': 'Ada Lovelace' },
      expected: {
        schemas: [USER_SCHEMA],
        name: { givenName: 'Ada', familyName: 'Lovelace', formatted: 'Ada Lovelace' },
      },
    },
    {
      name: 'the first entry of a multi-valued attribute is primary (Entra shape)',
      flat: { 'emails[type eq "work"].value': 'ada@x', 'emails[type eq "other"].value': 'a@y' },
      expected: {
        schemas: [USER_SCHEMA],
        emails: [
          { primary: true, type: 'work', value: 'ada@x' },
          { type: 'other', value: 'a@y' },
        ],
      },
    },
    {
      name: 'sub-attributes of the same typed entry merge',
      flat: {
        'addresses[type eq "work"].locality': 'London',
        'addresses[type eq "work"].postalCode': 'N1',
        'phoneNumbers[type eq "mobile"].value': '+44 1',
        'phoneNumbers[type eq "fax"].value': '+44 2',
      },
      expected: {
        schemas: [USER_SCHEMA],
        addresses: [{ primary: true, type: 'work', locality: 'London', postalCode: 'N1' }],
        phoneNumbers: [
          { primary: true, type: 'mobile', value: '+44 1' },
          { type: 'fax', value: '+44 2' },
        ],
      },
    },
    {
      name: 'extension attributes under their URN, URN listed once, manager wrapped as {value}',
      flat: {
        userName: 'a',
        [`${ENT}:department`]: 'R&D',
        [`${ENT}:employeeNumber`]: '42',
        [`${ENT}:manager`]: 'mgr-id',
      },
      expected: {
        schemas: [USER_SCHEMA, ENT],
        userName: 'a',
        [ENT]: { department: 'R&D', employeeNumber: '42', manager: { value: 'mgr-id' } },
      },
    },
    {
      name: 'custom extension URN',
      flat: { [`${CUSTOM}:costCenter`]: 'CC-1', [`${ENT}:department`]: 'Ops' },
      expected: { schemas: [USER_SCHEMA, CUSTOM, ENT], [CUSTOM]: { costCenter: 'CC-1' }, [ENT]: { department: 'Ops' } },
    },
    {
      name: 'core URN prefix is written at the top level',
      flat: { [`${USER_SCHEMA}:userName`]: 'a', [`${USER_SCHEMA}:name.givenName`]: 'A' },
      expected: { schemas: [USER_SCHEMA], userName: 'a', name: { givenName: 'A' } },
    },
    {
      name: 'unassigned values ("" and []) and server-assigned id/meta are left out',
      flat: { userName: 'a', nickName: '', roles: [], id: 'x', 'meta.resourceType': 'User' },
      expected: { schemas: [USER_SCHEMA], userName: 'a' },
    },
    {
      name: 'numbers, booleans and arrays keep their type',
      flat: { active: false, [`${CUSTOM}:level`]: 3, [`${CUSTOM}:tags`]: ['a', 'b'] },
      expected: { schemas: [USER_SCHEMA, CUSTOM], active: false, [CUSTOM]: { level: 3, tags: ['a', 'b'] } },
    },
    {
      name: 'group with members as [{value}]',
      type: 'Group',
      flat: { displayName: 'Admins', externalId: 'g1', members: ['u1', 'u2'] },
      expected: {
        schemas: [GROUP_SCHEMA],
        displayName: 'Admins',
        externalId: 'g1',
        members: [{ value: 'u1' }, { value: 'u2' }],
      },
    },
  ];
  it.each(cases)('Should build $name', ({ flat, type, expected }) => {
    const built = buildResource(flat, type ?? 'User');
    expect(built).toEqual(expected);
    expect(JSON.stringify(built)).not.toContain('null');
  });

  it('Should list extra schemas even without attributes', () => {
    const extra = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
    expect(buildResource({ displayName: 'G' }, 'Group', { extraSchemas: [extra] }).schemas).toEqual([
      GROUP_SCHEMA,
      extra,
    ]);
  });

  it('Should not alias input arrays', () => {
    const tags = ['a'];
    const built = buildResource({ [`${CUSTOM}:tags`]: tags }, 'User');
    tags.push('b');
    expect((built[CUSTOM] as { tags: string[] }).tags).toEqual(['a']);
  });

  it('Should throw ScimPathError for an invalid path or a selector without sub-attribute', () => {
    expect(() => buildResource({ 'bad path': 'x' }, 'User')).toThrow(ScimPathError);
    expect(() => buildResource({ 'emails[type eq "work"]': 'x' }, 'User')).toThrow(ScimPathError);
  });
});

describe('readPath / flattenResource', () => {
  const server: ScimResource = {
    schemas: [USER_SCHEMA, ENT],
    id: '2819c223',
    userName: 'ada@x',
    active: 'False',
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    Emails: [
      { value: 'a@y', type: 'other' },
      { Value: 'ada@x', Type: 'Work', primary: true },
    ],
    phoneNumbers: [{ value: '+44 1', type: 'mobile' }],
    groups: [{ value: 'g1', display: 'G1' }, { value: 'g2' }],
    nickName: null,
    [ENT]: { employeeNumber: 42, manager: { value: 'mgr-id', displayName: 'Boss' } },
  };
  const cases: Array<{ path: string; expected: unknown }> = [
    { path: 'userName', expected: 'ada@x' },
    { path: 'USERNAME', expected: 'ada@x' },
    { path: 'active', expected: 'False' },
    { path: 'name.givenName', expected: 'Ada' },
    { path: 'emails[type eq "work"].value', expected: 'ada@x' },
    { path: 'emails[type eq "other"].value', expected: 'a@y' },
    { path: 'emails[type eq "home"].value', expected: undefined },
    { path: 'phoneNumbers[type eq "mobile"].value', expected: '+44 1' },
    { path: 'groups', expected: ['g1', 'g2'] },
    { path: 'nickName', expected: undefined },
    { path: 'title', expected: undefined },
    { path: `${ENT}:employeeNumber`, expected: 42 },
    { path: `${ENT}:manager`, expected: 'mgr-id' },
    { path: `${ENT}:manager.displayName`, expected: 'Boss' },
    { path: `${ENT}:department`, expected: undefined },
    { path: `${USER_SCHEMA}:name.familyName`, expected: 'Lovelace' },
  ];
  it.each(cases)('Should read $path', ({ path, expected }) => {
    expect(readPath(server, path)).toEqual(expected);
  });

  it('Should flatten only assigned values', () => {
    expect(flattenResource(server, ['userName', 'nickName', 'emails[type eq "work"].value', `${ENT}:manager`])).toEqual(
      {
        userName: 'ada@x',
        'emails[type eq "work"].value': 'ada@x',
        [`${ENT}:manager`]: 'mgr-id',
      },
    );
  });

  it('Should read back what buildResource wrote', () => {
    const flat: FlatValues = {
      userName: 'a',
      'name.givenName': 'A',
      'emails[type eq "work"].value': 'a@x',
      'addresses[type eq "work"].locality': 'L',
      [`${ENT}:manager`]: 'm',
      [`${CUSTOM}:costCenter`]: 'C',
      active: true,
    };
    expect(flattenResource(buildResource(flat, 'User'), Object.keys(flat))).toEqual(flat);
  });
});
