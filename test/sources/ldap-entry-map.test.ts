/** LDAP entry → directory user/group with the flavour defaults and custom maps (pure; no slapd needed). */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/kernel/errors';
import type { AttributeMapping, MappingEnv } from '../../src/mapping/types';
import { LDAP_FLAVORS } from '../../src/sources/ldap/defaults';
import type { LdapEntry } from '../../src/sources/ldap/entry';
import {
  checkEnabledExpression,
  LdapMapError,
  ldapSourceObject,
  mapLdapGroup,
  mapLdapUser,
} from '../../src/sources/ldap/entry-map';

const env: MappingEnv = {
  now: () => new Date('2026-01-01T00:00:00Z'),
  random: () => 0.5,
  guid: () => '00000000-0000-4000-8000-000000000000',
};
const OL = LDAP_FLAVORS.openldap;
const AD = LDAP_FLAVORS.ad;
const UUID = '5f1c0a5e-2b7d-103f-8a1e-6b1f0c9d7e21';
const GUID_BYTES = Buffer.from('d1e38b4f7a3e2c4a9a5bfe0123456789', 'hex');
const GUID = '4f8be3d1-3e7a-4a2c-9a5b-fe0123456789';

type Attrs = Readonly<Record<string, readonly string[] | readonly Buffer[]>>;
/** Table rows are `as const`: copy their readonly arrays into an entry's mutable ones. */
const copied = (a: Attrs): LdapEntry['attributes'] =>
  Object.fromEntries(Object.entries(a).map(([k, v]) => [k, [...v]])) as LdapEntry['attributes'];

const person = (attributes: Attrs = {}): LdapEntry => ({
  dn: 'uid=ada,ou=people,dc=example,dc=org',
  attributes: {
    entryuuid: [UUID.toUpperCase()],
    modifytimestamp: ['20260101120000Z'],
    objectclass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
    uid: ['ada'],
    cn: ['Ada Lovelace', 'Ada King'],
    sn: ['Lovelace'],
    givenname: ['Ada'],
    mail: ['ada@example.org'],
    title: ['Analyst'],
    departmentnumber: ['Engines'],
    employeenumber: ['1815'],
    manager: ['uid=babbage,ou=people,dc=example,dc=org'],
    telephonenumber: ['+44 20 7946 0000'],
    l: ['London'],
    o: ['Analytical Engines Ltd'],
    ...copied(attributes),
  },
});

const adUser = (attributes: Attrs = {}): LdapEntry => ({
  dn: 'CN=Ada Lovelace,OU=People,DC=corp,DC=example',
  attributes: {
    objectguid: [GUID_BYTES],
    usnchanged: ['4711'],
    userprincipalname: ['ada@corp.example'],
    samaccountname: ['ada'],
    givenname: ['Ada'],
    sn: ['Lovelace'],
    displayname: ['Ada Lovelace'],
    employeeid: ['E-1815'],
    company: ['Analytical Engines'],
    physicaldeliveryofficename: ['B1'],
    co: ['United Kingdom'],
    c: ['GB'],
    extensionattribute7: ['cost centre 42'],
    useraccountcontrol: ['512'],
    ...copied(attributes),
  },
});

function thrown(f: () => unknown): LdapMapError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(LdapMapError);
    return err as LdapMapError;
  }
  throw new Error('expected an LdapMapError');
}

describe('ldapSourceObject', () => {
  it('gives one value as a string, several as string[], and the DN', () => {
    const s = ldapSourceObject(person(), 'openldap');
    expect(s.sn).toBe('Lovelace');
    expect(s.cn).toEqual(['Ada Lovelace', 'Ada King']);
    expect(s.dn).toBe('uid=ada,ou=people,dc=example,dc=org');
    expect(s.entryuuid).toBe(UUID);
  });

  it('reads AD objectGUID bytes as the GUID string and other binary values as base64', () => {
    const s = ldapSourceObject(adUser({ thumbnailphoto: [Buffer.from([1, 2, 3])] }), 'ad');
    expect(s.objectguid).toBe(GUID);
    expect(s.thumbnailphoto).toBe('AQID');
  });

  it('accepts objectGUID already in text form and refuses text that lost its bytes', () => {
    expect(ldapSourceObject(adUser({ objectguid: [GUID.toUpperCase()] }), 'ad').objectguid).toBe(GUID);
    const err = thrown(() => ldapSourceObject(adUser({ objectguid: ['\ufffd\ufffdO'] }), 'ad'));
    expect(err.code).toBe('ldap_value_invalid');
    expect(err.message).toContain('CN=Ada Lovelace,OU=People');
    expect(thrown(() => ldapSourceObject(adUser({ objectguid: [Buffer.alloc(8)] }), 'ad')).message).toMatch(
      /CN=Ada Lovelace.*16 bytes/,
    );
  });

  it('never carries password or key material, even when the search asked for *', () => {
    const s = ldapSourceObject(
      person({ userpassword: ['{SSHA}secret'], unicodepwd: [Buffer.from('x')], userpkcs12: [Buffer.from('k')] }),
      'openldap',
    );
    expect(Object.keys(s).filter((k) => /pass|pwd|pkcs/i.test(k))).toEqual([]);
  });

  it('skips attributes without values and cannot be polluted through __proto__', () => {
    // Two values would be an array: assigned to `__proto__`, it would become the object's prototype.
    const s = ldapSourceObject(person({ mobile: [], ['__proto__' as string]: ['x', 'y'] }), 'openldap');
    expect('mobile' in s).toBe(false);
    expect(Object.getPrototypeOf(s)).toBe(Object.prototype);
    expect(Object.hasOwn(s, '__proto__')).toBe(false);
  });
});

describe('mapLdapUser, OpenLDAP defaults', () => {
  it('maps an inetOrgPerson the way the issue lists', () => {
    const m = mapLdapUser(person(), 'openldap', OL.userMap, env);
    expect(m.anchor).toBe(UUID);
    expect(m.managerDn).toBe('uid=babbage,ou=people,dc=example,dc=org');
    expect(m.attrs).toMatchObject({
      userPrincipalName: 'ada@example.org',
      mail: 'ada@example.org',
      mailNickname: 'ada',
      givenName: 'Ada',
      surname: 'Lovelace',
      // No displayName: the first cn.
      displayName: 'Ada Lovelace',
      jobTitle: 'Analyst',
      department: 'Engines',
      employeeId: '1815',
      telephoneNumber: '+44 20 7946 0000',
      city: 'London',
      companyName: 'Analytical Engines Ltd',
      mobile: null,
      country: null,
      accountEnabled: true,
    });
    expect('manager' in m.attrs).toBe(false);
  });

  it('gives every mapped target, null when the entry lost the attribute (so it clears)', () => {
    const m = mapLdapUser(person({ title: [] }), 'openldap', OL.userMap, env);
    expect(Object.keys(m.attrs).sort()).toEqual(
      [...OL.userMap.map((x) => x.target).filter((t) => t !== 'manager'), 'accountEnabled'].sort(),
    );
    expect(m.attrs.jobTitle).toBeNull();
  });

  it.each([
    ['en-GB', 'en-GB'],
    ['en-us, en-gb;q=0.8, en;q=0.7', 'en-us'],
    ['de;q=1', 'de'],
  ])('reads the first tag of preferredLanguage %s (RFC 2798 Accept-Language syntax)', (value, tag) => {
    expect(
      mapLdapUser(person({ preferredlanguage: [value] }), 'openldap', OL.userMap, env).attrs.preferredLanguage,
    ).toBe(tag);
  });

  it('anchors on another attribute when the source is configured so', () => {
    const entry = person({ ipauniqueid: ['a1b2'] });
    expect(mapLdapUser(entry, 'openldap', OL.userMap, env, null, 'ipaUniqueID').anchor).toBe('a1b2');
    expect(thrown(() => mapLdapUser(person(), 'openldap', OL.userMap, env, null, 'ipaUniqueID')).message).toMatch(
      /has no ipaUniqueID, the anchor attribute/,
    );
    expect(
      mapLdapGroup(
        entry,
        'openldap',
        [{ target: 'displayName', type: 'direct', source: 'cn', apply: 'always' }],
        env,
        'uid',
      ).anchor,
    ).toBe('ada');
  });

  it('prefers displayName over cn', () => {
    expect(mapLdapUser(person({ displayname: ['Countess'] }), 'openldap', OL.userMap, env).attrs.displayName).toBe(
      'Countess',
    );
  });
});

describe('mapLdapUser, AD defaults', () => {
  it('maps an AD user with its GUID anchor and extension attributes', () => {
    const m = mapLdapUser(adUser(), 'ad', AD.userMap, env);
    expect(m.anchor).toBe(GUID);
    expect(m.managerDn).toBeNull();
    expect(m.attrs).toMatchObject({
      userPrincipalName: 'ada@corp.example',
      mailNickname: 'ada',
      displayName: 'Ada Lovelace',
      employeeId: 'E-1815',
      companyName: 'Analytical Engines',
      officeLocation: 'B1',
      country: 'United Kingdom',
      usageLocation: 'GB',
      extensionAttribute7: 'cost centre 42',
      extensionAttribute8: null,
      accountEnabled: true,
    });
  });

  it.each([
    ['512', true], // NORMAL_ACCOUNT
    ['514', false], // NORMAL_ACCOUNT | ACCOUNTDISABLE
    ['66048', true], // | DONT_EXPIRE_PASSWORD
    ['66050', false],
    [' 2 ', false],
    [null, true], // not read: enabled
  ])('userAccountControl %s → accountEnabled %s', (uac, enabled) => {
    const entry = adUser(uac === null ? {} : { useraccountcontrol: [uac] });
    if (uac === null) delete entry.attributes.useraccountcontrol;
    expect(mapLdapUser(entry, 'ad', AD.userMap, env).attrs.accountEnabled).toBe(enabled);
  });

  it('refuses a userAccountControl that is not one integer', () => {
    for (const uac of [['abc'], ['512', '514']]) {
      const err = thrown(() => mapLdapUser(adUser({ useraccountcontrol: uac }), 'ad', AD.userMap, env));
      expect(err.code).toBe('ldap_value_invalid');
      expect(err.context).toMatchObject({ dn: 'CN=Ada Lovelace,OU=People,DC=corp,DC=example' });
    }
  });

  it('ignores an enabled expression: AD says it in userAccountControl', () => {
    const entry = adUser({ useraccountcontrol: ['514'] });
    expect(mapLdapUser(entry, 'ad', AD.userMap, env, '"True"').attrs.accountEnabled).toBe(false);
  });
});

describe('OpenLDAP accountEnabled expression', () => {
  const locked = { pwdaccountlockedtime: ['000001010000Z'] };
  it.each([
    ['Not(IsPresent([pwdAccountLockedTime]))', {}, true],
    ['Not(IsPresent([pwdAccountLockedTime]))', locked, false],
    ['IIF([employeeType]="Former", "False", "True")', { employeetype: ['Former'] }, false],
    ['IIF([employeeType]="Former", "False", "True")', { employeetype: ['Staff'] }, true],
    ['Switch([ou], "true", "Leavers", "false")', { ou: ['Leavers'] }, false],
    ['Switch([ou], "true", "Leavers", "false")', {}, true],
    ['"FALSE"', {}, false],
    ['IIF(IsPresent([x]), "True", [x])', {}, true], // null → the default
    [null, locked, true],
    ['  ', locked, true],
  ] as const)('%s → %s', (expression, attrs, enabled) => {
    const m = mapLdapUser(person(attrs), 'openldap', OL.userMap, env, expression);
    expect(m.attrs.accountEnabled).toBe(enabled);
  });

  it('refuses a result that is neither True nor False, naming the DN', () => {
    for (const expression of ['"yes"', '[cn]', '1']) {
      const err = thrown(() => mapLdapUser(person(), 'openldap', OL.userMap, env, expression));
      expect(err.code, expression).toBe('ldap_value_invalid');
      expect(err.message).toMatch(/uid=ada,ou=people.*True or False/);
    }
  });

  it('checkEnabledExpression refuses what does not parse, with the column, and passes blank or good text', () => {
    for (const ok of [null, undefined, '', 'Not(IsPresent([pwdAccountLockedTime]))']) {
      expect(() => checkEnabledExpression(ok)).not.toThrow();
    }
    for (const [bad, column] of [
      ['Not(', 5],
      ['NoSuchFunction([x])', 1],
      ['IIF([a], "b")', 1],
    ] as const) {
      let err: unknown;
      try {
        checkEnabledExpression(bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).details[0]).toMatchObject({ path: 'enabledExpression', column });
      expect((err as ValidationError).message).toMatch(/accountEnabled expression is invalid/);
    }
  });
});

describe('custom user maps use the outbound mapping functions on LDAP attributes', () => {
  const map = (target: string, expression: string): AttributeMapping[] => [
    { target: 'userPrincipalName', type: 'direct', source: 'MAIL', apply: 'always' },
    { target, type: 'expression', expression, apply: 'always' },
  ];
  it.each([
    ['displayName', 'Join(" ", [givenName], [SN])', {}, 'Ada Lovelace'],
    ['displayName', 'Join("; ", [cn])', {}, 'Ada Lovelace; Ada King'],
    ['department', 'Replace([departmentNumber], , "Engines", , "Difference Engines", , )', {}, 'Difference Engines'],
    ['department', 'Switch([departmentNumber], "Other", "Engines", "R&D")', {}, 'R&D'],
    ['officeLocation', 'Switch([roomNumber], "Home", "B1", "Building 1")', {}, 'Home'],
    ['mailNickname', 'ToLower(Item([cn], 2))', {}, 'ada king'],
    ['employeeType', 'IIF(IsPresent([employeeType]), [employeeType], "Staff")', {}, 'Staff'],
    ['extensionAttribute1', 'Count([objectClass])', {}, '4'],
    ['extensionAttribute2', '[dn]', {}, 'uid=ada,ou=people,dc=example,dc=org'],
    ['extensionAttribute3', 'Join(",", [ou])', { ou: ['a', 'b'] }, 'a,b'],
  ] as const)('%s ← %s', (target, expression, extra, expected) => {
    const m = mapLdapUser(person(extra), 'openldap', map(target, expression), env);
    expect(m.attrs[target]).toBe(expected);
  });

  it('keeps the first of several values for a direct mapping (directory attributes are single-valued)', () => {
    const m = mapLdapUser(person({ mail: ['first@example.org', 'second@example.org'] }), 'openldap', OL.userMap, env);
    expect(m.attrs.userPrincipalName).toBe('first@example.org');
  });

  it('uses a default value when the attribute is empty, and constants', () => {
    const m = mapLdapUser(
      person(),
      'openldap',
      [
        { target: 'userPrincipalName', type: 'direct', source: 'mail', apply: 'always' },
        { target: 'usageLocation', type: 'direct', source: 'c', apply: 'always', defaultValue: 'DE' },
        { target: 'companyName', type: 'constant', value: 'Provisio', apply: 'always' },
      ],
      env,
    );
    expect(m.attrs).toEqual({
      userPrincipalName: 'ada@example.org',
      usageLocation: 'DE',
      companyName: 'Provisio',
      accountEnabled: true,
    });
    expect(m.managerDn).toBeNull();
  });
});

describe('mapLdapUser refuses what cannot be a directory user, naming the DN', () => {
  const dn = 'uid=ada,ou=people,dc=example,dc=org';
  it.each([
    ['no anchor', () => person({ entryuuid: [] }), 'ldap_entry_unmapped', /uid=ada,ou=people.* has no entryUUID/],
    ['two anchors', () => person({ entryuuid: [UUID, UUID] }), 'ldap_entry_unmapped', /has more than one entryUUID/],
    ['no mail', () => person({ mail: [] }), 'ldap_entry_unmapped', /has no userPrincipalName \(mapped from mail\)/],
    [
      'a title over 1,024 characters',
      () => person({ title: ['x'.repeat(1025)] }),
      'ldap_value_too_long',
      /uid=ada,ou=people.*jobTitle is 1025 characters long; the directory accepts at most 1024/,
    ],
    [
      'a userPrincipalName over 256 characters',
      () => person({ mail: [`${'a'.repeat(250)}@example.org`] }),
      'ldap_value_too_long',
      /userPrincipalName is 262 characters/,
    ],
  ] as const)('%s', (_, entry, code, message) => {
    const err = thrown(() => mapLdapUser(entry(), 'openldap', OL.userMap, env));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.context.dn).toBe(dn);
    expect(err.retryable).toBe(false);
  });

  it('accepts exactly 1,024 characters', () => {
    expect(mapLdapUser(person({ title: ['x'.repeat(1024)] }), 'openldap', OL.userMap, env).attrs.jobTitle).toHaveLength(
      1024,
    );
  });

  it('wraps an expression that fails on this entry, with the DN and the cause', () => {
    const map: AttributeMapping[] = [
      { target: 'userPrincipalName', type: 'direct', source: 'mail', apply: 'always' },
      { target: 'displayName', type: 'expression', expression: 'Mid([givenName], "x", 2)', apply: 'always' },
    ];
    const err = thrown(() => mapLdapUser(person(), 'openldap', map, env));
    expect(err.code).toBe('ldap_entry_unmapped');
    expect(err.message).toMatch(/^Entry "uid=ada,ou=people,dc=example,dc=org": Mid expects a number/);
    expect((err.cause as { code?: string }).code).toBe('expression_eval_failed');
  });
});

describe('mapLdapGroup', () => {
  const group = (attributes: Attrs): LdapEntry => ({
    dn: 'cn=Engineers,ou=groups,dc=example,dc=org',
    attributes: { entryuuid: [UUID], cn: ['Engineers'], ...copied(attributes) },
  });

  it.each([
    [
      'groupOfNames member',
      { member: ['uid=ada,ou=people,dc=example,dc=org', 'cn=Admins,ou=groups,dc=example,dc=org'] },
      ['uid=ada,ou=people,dc=example,dc=org', 'cn=Admins,ou=groups,dc=example,dc=org'],
    ],
    [
      "groupOfUniqueNames uniqueMember with the optional #'…'B UID",
      { uniquemember: ["uid=ada,ou=people,dc=example,dc=org#'0101'B", 'uid=bob,ou=people,dc=example,dc=org'] },
      ['uid=ada,ou=people,dc=example,dc=org', 'uid=bob,ou=people,dc=example,dc=org'],
    ],
    [
      'both attributes, one DN spelled twice',
      { member: ['uid=ada,ou=people,dc=example,dc=org'], uniquemember: ['UID=Ada, OU=People, DC=example, DC=org'] },
      ['uid=ada,ou=people,dc=example,dc=org'],
    ],
    [
      'the placeholder members of an empty groupOfNames',
      { member: ['', 'CN=Engineers,OU=Groups,DC=example,DC=org'] },
      [],
    ],
    ['no member attribute', {}, []],
  ] as const)('%s', (_, attrs, memberDns) => {
    const g = mapLdapGroup(group({ ...attrs }), 'openldap', OL.groupMap, env);
    expect(g.memberDns).toEqual(memberDns);
  });

  it('maps displayName (else cn) and description, anchored on entryUUID', () => {
    expect(mapLdapGroup(group({ description: ['The builders'] }), 'openldap', OL.groupMap, env)).toEqual({
      anchor: UUID,
      attrs: { displayName: 'Engineers', description: 'The builders' },
      memberDns: [],
    });
    expect(mapLdapGroup(group({ displayname: ['Eng'] }), 'openldap', OL.groupMap, env).attrs).toEqual({
      displayName: 'Eng',
      description: null,
    });
  });

  it('reads AD groups by objectGUID with the merged member list, and never uniqueMember', () => {
    const members = Array.from({ length: 1600 }, (_, i) => `CN=User ${i},OU=People,DC=corp,DC=example`);
    const g = mapLdapGroup(
      {
        dn: 'CN=Everyone,OU=Groups,DC=corp,DC=example',
        attributes: { objectguid: [GUID_BYTES], cn: ['Everyone'], member: members, uniquemember: ['CN=x'] },
      },
      'ad',
      AD.groupMap,
      env,
    );
    expect(g.anchor).toBe(GUID);
    expect(g.memberDns).toHaveLength(1600);
    expect(g.memberDns[1599]).toBe('CN=User 1599,OU=People,DC=corp,DC=example');
  });

  it('refuses a group without a name or anchor, and a name over 256 characters, naming the DN', () => {
    expect(thrown(() => mapLdapGroup(group({ cn: [] }), 'openldap', OL.groupMap, env)).message).toMatch(
      /cn=Engineers,ou=groups.* has no displayName/,
    );
    expect(thrown(() => mapLdapGroup(group({ entryuuid: [] }), 'openldap', OL.groupMap, env)).code).toBe(
      'ldap_entry_unmapped',
    );
    expect(thrown(() => mapLdapGroup(group({ cn: ['g'.repeat(257)] }), 'openldap', OL.groupMap, env)).code).toBe(
      'ldap_value_too_long',
    );
  });
});
