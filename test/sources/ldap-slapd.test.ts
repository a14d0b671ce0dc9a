import fs from 'node:fs';
import path from 'node:path';
import { Attribute, Change } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { type LdapConnectOptions, LdapError, type LdapSearch, openLdap } from '../../src/sources/ldap/client';
import type { LdapEntry } from '../../src/sources/ldap/entry';
import {
  AD_LITE_SCHEMA,
  addEntries,
  adGuidBytes,
  peopleEntries,
  peopleLdif,
  slapdAvailable,
  startSlapd,
  userDn,
} from '../support/slapd';

const baseDn = 'dc=example,dc=org';

async function entries(opts: LdapConnectOptions, search: LdapSearch): Promise<LdapEntry[]> {
  const session = await openLdap(opts);
  try {
    const all: LdapEntry[] = [];
    for await (const page of session.pages(search)) all.push(...page);
    return all;
  } finally {
    await session.close();
  }
}

describe.skipIf(!slapdAvailable())('test slapd (needs /usr/sbin/slapd)', () => {
  it('stop() ends slapd and removes its directory', async () => {
    const slapd = await startSlapd({ tls: true });
    const dir = path.dirname(slapd.caFile as string);
    expect(fs.existsSync(dir)).toBe(true);
    await slapd.stop();
    expect(fs.existsSync(dir)).toBe(false);
    const opts = { url: slapd.url, startTls: false, bindDn: slapd.adminDn, bindPassword: slapd.adminPassword };
    const err = await openLdap(opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LdapError);
    expect((err as LdapError).code).toBe('ldap_unreachable');
  });

  it('a start that fails says why, in slapadd or slapd output', async () => {
    const err = await startSlapd({ schemas: ['/nonexistent/broken.schema'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/nonexistent\/broken\.schema/);
  });

  it('the ad flavor: objectGUID as bytes, AD filters, uSNChanged ordering and the ACCOUNTDISABLE bit', async () => {
    const slapd = await startSlapd({
      schemas: [AD_LITE_SCHEMA],
      ldif: peopleLdif({ users: 30, groups: 3, baseDn, flavor: 'ad' }),
    });
    try {
      const opts = { url: slapd.url, startTls: false, bindDn: slapd.adminDn, bindPassword: slapd.adminPassword };
      const search = (filter: string): LdapSearch => ({
        baseDn,
        filter,
        attributes: ['objectGUID', 'userPrincipalName', 'uSNChanged', 'member'],
        pageSize: 10,
        binaryAttributes: ['objectGUID'],
      });
      const users = await entries(opts, search('(&(objectCategory=person)(objectClass=user))'));
      expect(users).toHaveLength(30);
      expect(users[0]?.attributes.objectguid).toEqual([adGuidBytes(1)]);
      expect(users[0]?.attributes.userprincipalname).toEqual(['user00001@example.org']);
      const groups = await entries(opts, search('(objectClass=group)'));
      expect(groups.map((g) => g.attributes.member?.length)).toEqual([10, 10, 10]);
      expect(await entries(opts, search('(&(objectClass=user)(uSNChanged>=25))'))).toHaveLength(6);

      const disabled = '(&(objectClass=user)(userAccountControl:1.2.840.113556.1.4.803:=2))';
      expect(await entries(opts, search(disabled))).toHaveLength(0);
      const c = await slapd.client();
      await c.modify(userDn(7, baseDn, 'ad'), [
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'userAccountControl', values: ['514'] }),
        }),
        new Change({ operation: 'replace', modification: new Attribute({ type: 'uSNChanged', values: ['100'] }) }),
      ]);
      expect((await entries(opts, search(disabled))).map((e) => e.dn)).toEqual([userDn(7, baseDn, 'ad')]);
    } finally {
      await slapd.stop();
    }
  });

  it('addEntries loads generated people through a client, binary values included', async () => {
    const slapd = await startSlapd({ schemas: [AD_LITE_SCHEMA] });
    try {
      const c = await slapd.client();
      expect(await addEntries(c, peopleEntries({ users: 12, groups: 2, baseDn, flavor: 'ad' }))).toBe(14);
      expect(await addEntries(c, [...peopleEntries({ users: 3, groups: 1, baseDn })].slice(0, 3))).toBe(3);
      const opts = { url: slapd.url, startTls: false, bindDn: slapd.adminDn, bindPassword: slapd.adminPassword };
      const found = await entries(opts, {
        baseDn,
        filter: '(|(objectClass=user)(objectClass=inetOrgPerson))',
        attributes: ['objectGUID'],
        pageSize: 5,
        binaryAttributes: ['objectGUID'],
      });
      expect(found).toHaveLength(15);
      expect(found.filter((e) => e.attributes.objectguid).map((e) => e.attributes.objectguid?.[0])).toContainEqual(
        adGuidBytes(12),
      );
    } finally {
      await slapd.stop();
    }
  });
});
