/** DN normalisation (RFC 4514), uniqueMember's optional UID (RFC 4517) and objectGUID text (MS-DTYP 2.3.4). */
import { describe, expect, it } from 'vitest';
import { normaliseDn, stripOptionalUid } from '../../src/sources/ldap/dn';
import { guidFromBytes, isGuidText } from '../../src/sources/ldap/guid';
import { LdapMapError } from '../../src/sources/ldap/map-error';

describe('normaliseDn', () => {
  it.each([
    ['uid=ada,ou=people,dc=example,dc=org', 'uid=ada,ou=people,dc=example,dc=org'],
    ['UID=Ada,OU=People,DC=Example,DC=Org', 'uid=ada,ou=people,dc=example,dc=org'],
    ['  cn = Ada Lovelace , ou = People ,dc=example', 'cn=ada lovelace,ou=people,dc=example'],
    ['cn=Ada   Lovelace,dc=x', 'cn=ada lovelace,dc=x'],
    ['cn=Lovelace\\, Ada,ou=people', 'cn=lovelace\\, ada,ou=people'],
    ['cn=Lovelace\\2C Ada,ou=people', 'cn=lovelace\\, ada,ou=people'],
    ['cn=Lovelace\\2c Ada,ou=people', 'cn=lovelace\\, ada,ou=people'],
    ['cn=a\\+b\\;c\\<d\\>e\\"f\\\\g,dc=x', 'cn=a\\+b\\;c\\<d\\>e\\"f\\\\g,dc=x'],
    ['cn=Ren\\C3\\A9e,dc=x', 'cn=renée,dc=x'],
    ['cn=Renée,dc=x', 'cn=renée,dc=x'],
    ['cn=\\#1,dc=x', 'cn=\\#1,dc=x'],
    ['cn=a\\=b,dc=x', 'cn=a=b,dc=x'],
    ['cn=Ada+uid=ada1,dc=x', 'cn=ada+uid=ada1,dc=x'],
    ['UID=ada1 + CN=Ada,dc=x', 'cn=ada+uid=ada1,dc=x'],
    ['cn=a;dc=x', 'cn=a,dc=x'],
    ['OID.2.5.4.3=Ada,dc=x', '2.5.4.3=ada,dc=x'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(normaliseDn(input)).toBe(expected);
  });

  it('is idempotent', () => {
    for (const dn of [
      'CN=Lovelace\\2C Ada , OU=People',
      'cn=\\ a \\ ,dc=x',
      'uid=b+cn=A,dc=x',
      'cn=Ren\\C3\\A9e,dc=x',
    ]) {
      const once = normaliseDn(dn);
      expect(normaliseDn(once), dn).toBe(once);
    }
  });

  it('makes spellings of one DN equal and keeps different DNs apart', () => {
    expect(normaliseDn('CN=Ada Lovelace, OU=People, DC=example, DC=org')).toBe(
      normaliseDn('cn=ada lovelace,ou=people,dc=example,dc=org'),
    );
    expect(normaliseDn('cn=a\\,b,dc=x')).not.toBe(normaliseDn('cn=a,b=x,dc=x'));
    expect(normaliseDn('cn=a,ou=one,dc=x')).not.toBe(normaliseDn('cn=a,ou=two,dc=x'));
  });

  it('answers text that is not a DN trimmed and lower-cased rather than throwing', () => {
    expect(normaliseDn('  Not A DN ')).toBe('not a dn');
    expect(normaliseDn('cn=a,')).toBe('cn=a,');
    expect(normaliseDn('cn=a\\')).toBe('cn=a\\');
  });
});

describe('stripOptionalUid', () => {
  it.each([
    ["uid=ada,ou=people,dc=x#'0101'B", 'uid=ada,ou=people,dc=x'],
    ["uid=ada,ou=people,dc=x#''B", 'uid=ada,ou=people,dc=x'],
    ['uid=ada,ou=people,dc=x', 'uid=ada,ou=people,dc=x'],
    ["cn=a\\#'01'B", "cn=a\\#'01'B"],
  ])('%s → %s', (input, expected) => {
    expect(stripOptionalUid(input)).toBe(expected);
  });
});

describe('guidFromBytes', () => {
  it.each([
    // The bytes 00..0f read as .NET's new Guid(byte[]) reads them.
    ['000102030405060708090a0b0c0d0e0f', '03020100-0504-0706-0809-0a0b0c0d0e0f'],
    ['d1e38b4f7a3e2c4a9a5bfe0123456789', '4f8be3d1-3e7a-4a2c-9a5b-fe0123456789'],
    ['ffffffffffffffffffffffffffffffff', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
  ])('%s → %s', (hex, guid) => {
    expect(guidFromBytes(Buffer.from(hex, 'hex'))).toBe(guid);
    expect(isGuidText(guid)).toBe(true);
  });

  it('refuses anything but 16 bytes with a typed error', () => {
    for (const n of [0, 15, 17]) {
      const err = (() => {
        try {
          guidFromBytes(Buffer.alloc(n));
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(LdapMapError);
      expect((err as LdapMapError).code).toBe('ldap_value_invalid');
    }
  });

  it('does not change the buffer it reads', () => {
    const b = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
    guidFromBytes(b);
    expect(b.toString('hex')).toBe('000102030405060708090a0b0c0d0e0f');
  });
});
