/** The flavour defaults are data: check them against the directory's attributes and the expression parser. */
import { describe, expect, it } from 'vitest';
import { USER_ATTRIBUTES } from '../../src/directory/user-input';
import { parseExpression } from '../../src/mapping/expression/index';
import { EXTENSION_ATTRIBUTES } from '../../src/mapping/source';
import { LDAP_FLAVORS, LDAP_FLAVORS_LIST } from '../../src/sources/ldap/defaults';
import { groupSearchAttributes, userSearchAttributes } from '../../src/sources/ldap/search-attributes';

describe.each(LDAP_FLAVORS_LIST)('%s defaults', (flavor) => {
  const d = LDAP_FLAVORS[flavor];

  it('map only to directory attributes, each once, and every expression parses', () => {
    const userTargets = d.userMap.map((m) => m.target);
    expect(userTargets.filter((t) => !(USER_ATTRIBUTES as readonly string[]).includes(t))).toEqual([]);
    expect(new Set(userTargets).size).toBe(userTargets.length);
    expect(d.groupMap.map((m) => m.target).sort()).toEqual(['description', 'displayName']);
    for (const m of [...d.userMap, ...d.groupMap]) {
      if (m.type === 'expression') expect(() => parseExpression(m.expression ?? ''), m.target).not.toThrow();
      if (m.type === 'direct') expect(m.source, m.target).toBeTruthy();
    }
  });

  it('fill userPrincipalName, the names, the job and manager attributes the issue lists', () => {
    const targets = d.userMap.map((m) => m.target);
    for (const t of ['userPrincipalName', 'mail', 'givenName', 'surname', 'displayName', 'jobTitle', 'department']) {
      expect(targets, t).toContain(t);
    }
    expect(targets).toEqual(expect.arrayContaining(['employeeId', 'manager', 'mobile', 'telephoneNumber', 'city']));
  });
});

describe('flavour facts', () => {
  it.each([
    ['openldap', 'entryUUID', 'modifyTimestamp', ['member', 'uniqueMember'], []],
    ['ad', 'objectGUID', 'uSNChanged', ['member'], ['objectGUID']],
  ] as const)('%s: anchor %s, changes by %s', (flavor, anchor, change, members, binary) => {
    const d = LDAP_FLAVORS[flavor];
    expect(d.anchor).toBe(anchor);
    expect(d.changeAttribute).toBe(change);
    expect(d.memberAttributes).toEqual(members);
    expect(d.binaryAttributes).toEqual(binary);
  });

  it('filters as RFC 2798 / RFC 4519 and MS-ADTS name the classes', () => {
    expect(LDAP_FLAVORS.openldap.userFilter).toBe('(objectClass=inetOrgPerson)');
    expect(LDAP_FLAVORS.openldap.groupFilter).toBe('(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))');
    expect(LDAP_FLAVORS.ad.userFilter).toBe('(&(objectCategory=person)(objectClass=user))');
    expect(LDAP_FLAVORS.ad.groupFilter).toBe('(objectClass=group)');
  });

  it('map AD extensionAttribute1–15 one to one, and OpenLDAP the inetOrgPerson names', () => {
    const ad = new Map(LDAP_FLAVORS.ad.userMap.map((m) => [m.target, m.source]));
    for (const a of EXTENSION_ATTRIBUTES) expect(ad.get(a)).toBe(a);
    expect(ad.get('employeeId')).toBe('employeeID');
    expect(ad.get('companyName')).toBe('company');
    expect(ad.get('officeLocation')).toBe('physicalDeliveryOfficeName');
    const ol = new Map(LDAP_FLAVORS.openldap.userMap.map((m) => [m.target, m.source]));
    expect(ol.get('userPrincipalName')).toBe('mail');
    expect(ol.get('department')).toBe('departmentNumber');
    expect(ol.get('employeeId')).toBe('employeeNumber');
    expect(ol.get('surname')).toBe('sn');
    expect(ol.get('companyName')).toBe('o');
  });
});

describe('search attributes', () => {
  it('ask for the anchor, the change attribute and what the maps read, each once and without dn', () => {
    const user = userSearchAttributes('openldap', LDAP_FLAVORS.openldap.userMap);
    expect(user.slice(0, 2)).toEqual(['entryUUID', 'modifyTimestamp']);
    expect(user).toEqual(expect.arrayContaining(['mail', 'uid', 'displayName', 'cn', 'departmentNumber', 'manager']));
    expect(new Set(user.map((a) => a.toLowerCase())).size).toBe(user.length);
    const ad = userSearchAttributes('ad', LDAP_FLAVORS.ad.userMap);
    expect(ad).toEqual(expect.arrayContaining(['objectGUID', 'uSNChanged', 'userAccountControl', 'sAMAccountName']));
    expect(ad).toContain('extensionAttribute15');
  });

  it('add what the enabled expression reads, and ignore dn', () => {
    const map = [
      {
        target: 'userPrincipalName',
        type: 'expression' as const,
        expression: 'Join("@", [dn], [uid])',
        apply: 'always' as const,
      },
    ];
    expect(userSearchAttributes('openldap', map, 'Not(IsPresent([pwdAccountLockedTime]))')).toEqual([
      'entryUUID',
      'modifyTimestamp',
      'uid',
      'pwdAccountLockedTime',
    ]);
  });

  it('ask groups for their member attributes', () => {
    expect(groupSearchAttributes('openldap', LDAP_FLAVORS.openldap.groupMap)).toEqual([
      'entryUUID',
      'modifyTimestamp',
      'member',
      'uniqueMember',
      'displayName',
      'cn',
      'description',
    ]);
    expect(groupSearchAttributes('ad', LDAP_FLAVORS.ad.groupMap)).toContain('member');
  });
});
