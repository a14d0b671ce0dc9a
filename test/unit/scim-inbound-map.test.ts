/** The inbound endpoint's pure parts: Entra's filters, SCIM paths ↔ directory attributes, userName ↔ UPN. */
import { describe, expect, it } from 'vitest';
import {
  mappingFor,
  readResource,
  resourceAt,
  resourceFromPathless,
  USER_MAP,
  writeResource,
} from '../../src/sources/scim-inbound/attribute-map';
import { parseFilter } from '../../src/sources/scim-inbound/filter';
import { fromUpn, toUpn } from '../../src/sources/scim-inbound/user-name';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('parseFilter', () => {
  it('reads eq clauses joined by and, including a complex path with its own eq', () => {
    expect(parseFilter('userName eq "Test_User_1"')).toEqual([{ attribute: 'userName', value: 'Test_User_1' }]);
    expect(parseFilter('emails[type eq "work"].value eq "a@b.c" and active eq true')).toEqual([
      { attribute: 'emails[type eq "work"].value', value: 'a@b.c' },
      { attribute: 'active', value: true },
    ]);
    expect(parseFilter('displayName EQ "a and b"')).toEqual([{ attribute: 'displayName', value: 'a and b' }]);
    expect(parseFilter('externalId eq "q\\"uote"')).toEqual([{ attribute: 'externalId', value: 'q"uote' }]);
  });

  it('refuses other operators with invalidFilter', () => {
    for (const f of ['userName co "a"', 'userName eq "a" or userName eq "b"', 'userName eq', '']) {
      expect(() => parseFilter(f), f).toThrow(/Unsupported filter/);
    }
  });
});

describe('attribute map', () => {
  it('reads Entra create bodies into directory attributes', () => {
    const attrs = readResource(USER_MAP, {
      userName: 'ada@example.com',
      active: true,
      emails: [{ primary: true, type: 'work', value: 'ada@example.com' }],
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      title: 'Analyst',
      [ENT]: { department: 'Engines', employeeNumber: 42 },
    });
    expect(attrs).toMatchObject({
      userPrincipalName: 'ada@example.com',
      accountEnabled: true,
      mail: 'ada@example.com',
      givenName: 'Ada',
      surname: 'Lovelace',
      jobTitle: 'Analyst',
      department: 'Engines',
      employeeId: '42',
    });
  });

  it('reads PATCH values with a path, path-less, URN-prefixed and "False" strings', () => {
    expect(readResource(USER_MAP, resourceAt('emails[type eq "work"].value', 'x@y.z'))).toEqual({ mail: 'x@y.z' });
    expect(readResource(USER_MAP, resourceAt('ACTIVE', 'False'))).toEqual({ accountEnabled: false });
    expect(readResource(USER_MAP, resourceAt(`${ENT}:department`, 'Ops'))).toEqual({ department: 'Ops' });
    expect(
      readResource(
        USER_MAP,
        resourceFromPathless({ 'name.givenName': 'B', [`${ENT}:employeeNumber`]: '7', active: 'True' }),
      ),
    ).toEqual({ givenName: 'B', employeeId: '7', accountEnabled: true });
    expect(mappingFor(USER_MAP, 'Name.FamilyName')?.directory).toBe('surname');
    expect(mappingFor(USER_MAP, 'nickName')).toBeUndefined();
  });

  it('writes a directory row back as a SCIM resource, nulls left out', () => {
    const r = writeResource(USER_MAP, {
      userPrincipalName: 'a@b.c',
      mail: 'a@b.c',
      surname: null,
      department: 'D',
      accountEnabled: false,
    });
    expect(r).toEqual({
      userName: 'a@b.c',
      emails: [{ type: 'work', primary: true, value: 'a@b.c' }],
      active: false,
      [ENT]: { department: 'D' },
    });
  });
});

describe('userName ↔ UPN', () => {
  const source = { id: 'ABCDEF12-3456', name: 'Entra' };
  it('keeps non-address userNames under the source domain in .invalid and gives them back as sent', () => {
    const upn = toUpn(source, 'Test_User_1');
    expect(upn).toBe('Test_User_1@abcdef12.scim.invalid');
    expect(fromUpn(source, String(upn))).toBe('Test_User_1');
    expect(toUpn(source, 'ada@example.com')).toBe('ada@example.com');
    expect(fromUpn(source, 'ada@example.com')).toBe('ada@example.com');
  });
});
