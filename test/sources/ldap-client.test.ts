import net, { type AddressInfo } from 'node:net';
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LdapConnectOptions,
  LdapError,
  type LdapSearch,
  openLdap,
  testLdapConnection,
} from '../../src/sources/ldap/client';
import type { LdapEntry } from '../../src/sources/ldap/entry';
import { peopleLdif, type Slapd, slapdAvailable, startSlapd } from '../support/slapd';

async function collect(opts: LdapConnectOptions, search: LdapSearch): Promise<LdapEntry[][]> {
  const session = await openLdap(opts);
  try {
    const pages: LdapEntry[][] = [];
    for await (const page of session.pages(search)) pages.push(page);
    return pages;
  } finally {
    await session.close();
  }
}

async function ldapErrorOf(p: Promise<unknown>): Promise<LdapError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LdapError);
  return err as LdapError;
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const srv = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

describe.skipIf(!slapdAvailable())('LDAP client against a real slapd (needs /usr/sbin/slapd)', () => {
  let slapd: Slapd;
  let admin: LdapConnectOptions;
  const people = (extra: Partial<LdapSearch> = {}): LdapSearch => ({
    baseDn: `ou=people,${slapd.baseDn}`,
    filter: '(objectClass=inetOrgPerson)',
    attributes: ['uid', 'cn'],
    pageSize: 500,
    ...extra,
  });

  beforeAll(async () => {
    const ldif = peopleLdif({ users: 1200, groups: 3, baseDn: 'dc=example,dc=org' });
    slapd = await startSlapd({ tls: true, ldif });
    admin = { url: slapd.url, startTls: false, bindDn: slapd.adminDn, bindPassword: slapd.adminPassword };
  });
  afterAll(async () => {
    await slapd?.stop();
  });

  it('binds and reads the base DN (Test Connection)', async () => {
    const session = await openLdap(admin);
    await session.close();
    const result = await testLdapConnection({ ...admin, baseDn: slapd.baseDn });
    expect(result).toEqual({ ok: true, detail: expect.stringContaining(`bound as ${slapd.adminDn}`) });
  });

  it('a wrong password is ldap_bind_failed, and Test Connection names the bind DN but not the password', async () => {
    const wrong = { ...admin, bindPassword: 'Wrong-Pa55word!' };
    const err = await ldapErrorOf(openLdap(wrong));
    expect(err.code).toBe('ldap_bind_failed');
    expect(err.retryable).toBe(false);
    expect(err.message).not.toContain(wrong.bindPassword);

    const result = await testLdapConnection({ ...wrong, baseDn: slapd.baseDn });
    expect(result.ok).toBe(false);
    expect(result.detail).toContain(slapd.adminDn);
    expect(result.detail).toContain('invalid credentials');
    expect(result.detail).not.toContain(wrong.bindPassword);
  });

  it('a DN with an empty password is refused before any unauthenticated bind', async () => {
    const err = await ldapErrorOf(openLdap({ ...admin, bindPassword: '' }));
    expect(err.code).toBe('ldap_bind_failed');
  });

  it('a closed port is ldap_unreachable (retryable) with an admin sentence', async () => {
    const url = `ldap://127.0.0.1:${await closedPort()}`;
    const err = await ldapErrorOf(openLdap({ ...admin, url }));
    expect(err.code).toBe('ldap_unreachable');
    expect(err.retryable).toBe(true);
    expect(err.message).toBe(`Could not reach ${url}: connection refused`);
  });

  it('a server that accepts but never answers is ldap_timeout (retryable)', async () => {
    const silent = net.createServer(() => undefined).listen(0, '127.0.0.1');
    await new Promise((r) => silent.once('listening', r));
    try {
      const url = `ldap://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const err = await ldapErrorOf(openLdap({ ...admin, url, timeoutMs: 300 }));
      expect(err.code).toBe('ldap_timeout');
      expect(err.retryable).toBe(true);
    } finally {
      silent.close();
    }
  });

  it('a missing base DN is ldap_no_such_base, from a search and from Test Connection', async () => {
    const baseDn = `ou=nowhere,${slapd.baseDn}`;
    const err = await ldapErrorOf(collect(admin, people({ baseDn })));
    expect(err.code).toBe('ldap_no_such_base');
    expect(err.message).toContain(baseDn);
    const result = await testLdapConnection({ ...admin, baseDn });
    expect(result).toEqual({ ok: false, detail: expect.stringContaining(baseDn) });
  });

  it('pages 1,200 entries 500 at a time, with entryUUID and modifyTimestamp when asked', async () => {
    const pages = await collect(admin, people({ attributes: ['uid', 'entryUUID', 'modifyTimestamp'] }));
    expect(pages.map((p) => p.length)).toEqual([500, 500, 200]);
    const entries = pages.flat();
    expect(new Set(entries.map((e) => e.dn)).size).toBe(1200);
    for (const e of entries) {
      expect(e.attributes.entryuuid?.[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
      expect(e.attributes.modifytimestamp?.[0]).toMatch(/^\d{14}Z$/);
    }
    expect(entries[0]?.attributes.uid).toEqual(['user00001']);
  });

  it('stops after the first page when the consumer does, and the session carries on', async () => {
    const session = await openLdap(admin);
    try {
      let seen = 0;
      for await (const page of session.pages(people({ pageSize: 100 }))) {
        seen += page.length;
        break;
      }
      expect(seen).toBe(100);
      const again: LdapEntry[] = [];
      for await (const page of session.pages(people({ filter: '(uid=user0001*)' }))) again.push(...page);
      expect(again).toHaveLength(10);
    } finally {
      await session.close();
    }
  });

  it('pages as a non-root service account (slapd limits apply to it, not to the rootdn)', async () => {
    const dn = `uid=user00001,ou=people,${slapd.baseDn}`;
    const c = await slapd.client();
    await c.modify(
      dn,
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'userPassword', values: ['svc-secret'] }),
      }),
    );
    const pages = await collect({ ...admin, bindDn: dn, bindPassword: 'svc-secret' }, people({ pageSize: 300 }));
    expect(pages.map((p) => p.length)).toEqual([300, 300, 300, 300]);
  });

  it('operational attributes stay out unless asked; binary attributes arrive as Buffers', async () => {
    const [page] = await collect(
      admin,
      people({ filter: '(uid=user00002)', attributes: ['uid', 'entryUUID'], binaryAttributes: ['entryUUID'] }),
    );
    expect(Buffer.isBuffer(page?.[0]?.attributes.entryuuid?.[0])).toBe(true);
    const [plain] = await collect(admin, people({ filter: '(uid=user00002)', attributes: ['*'] }));
    expect(plain?.[0]?.attributes.entryuuid).toBeUndefined();
    expect(plain?.[0]?.attributes.cn).toEqual(['User 00002']);
  });

  it('a bad filter is ldap_search_failed', async () => {
    const err = await ldapErrorOf(collect(admin, people({ filter: '(uid=user00002' })));
    expect(err.code).toBe('ldap_search_failed');
  });

  it('ldaps:// with caFile works; without it the certificate is refused (ldap_tls)', async () => {
    const url = slapd.ldapsUrl as string;
    const ok = await testLdapConnection({ ...admin, url, caFile: slapd.caFile, baseDn: slapd.baseDn });
    expect(ok).toEqual({ ok: true, detail: expect.stringContaining('(TLS)') });
    const err = await ldapErrorOf(openLdap({ ...admin, url }));
    expect(err.code).toBe('ldap_tls');
    expect(err.retryable).toBe(false);
  });

  it('StartTLS on ldap:// with caFile works; without it the certificate is refused (ldap_tls)', async () => {
    const startTls = { ...admin, startTls: true };
    const ok = await testLdapConnection({ ...startTls, caFile: slapd.caFile, baseDn: slapd.baseDn });
    expect(ok).toEqual({ ok: true, detail: expect.stringContaining('(StartTLS)') });
    const pages = await collect({ ...startTls, caFile: slapd.caFile }, people({ filter: '(uid=user0000*)' }));
    expect(pages.flat()).toHaveLength(9);
    const err = await ldapErrorOf(openLdap(startTls));
    expect(err.code).toBe('ldap_tls');
  });

  it('a caFile that does not exist is ldap_tls naming the file', async () => {
    const err = await ldapErrorOf(openLdap({ ...admin, startTls: true, caFile: '/nonexistent/ca.pem' }));
    expect(err.code).toBe('ldap_tls');
    expect(err.message).toContain('/nonexistent/ca.pem');
  });
});

describe.skipIf(!slapdAvailable())('StartTLS against a slapd without TLS (needs /usr/sbin/slapd)', () => {
  it('is ldap_tls', async () => {
    const slapd = await startSlapd();
    try {
      const err = await ldapErrorOf(
        openLdap({ url: slapd.url, startTls: true, bindDn: slapd.adminDn, bindPassword: slapd.adminPassword }),
      );
      expect(err.code).toBe('ldap_tls');
      expect(err.message).toContain('StartTLS');
    } finally {
      await slapd.stop();
    }
  });
});
