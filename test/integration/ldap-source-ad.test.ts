/**
 * The Active Directory flavour of the LDAP source, against slapd with an AD-shaped schema (test/support/
 * ad-lite.schema: objectGUID, userAccountControl, uSNChanged with AD's names and matching rules): the anchor is
 * the objectGUID as a GUID string, userAccountControl's ACCOUNTDISABLE bit disables, and incremental polls
 * follow uSNChanged. slapd does not maintain uSNChanged as a DC does, so the test sets it with each change.
 */
import { eq } from 'drizzle-orm';
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceObjects, users } from '../../db/schema';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { mappingEnvOf } from '../../src/mapping/env';
import { createLdapSource } from '../../src/sources/ldap/ldap-source';
import { runLdapSync } from '../../src/sources/ldap/sync';
import { type SyncType, startSyncRun } from '../../src/sources/ldap/sync-runs';
import { freshDb } from '../support/db';
import { AD_LITE_SCHEMA, peopleLdif, type Slapd, slapdAvailable, startSlapd, userDn } from '../support/slapd';

const available = slapdAvailable();
let slapd: Slapd;
const base = freshDb();
let sourceId: string;

beforeAll(async () => {
  if (!available) return;
  slapd = await startSlapd({
    schemas: [AD_LITE_SCHEMA],
    ldif: peopleLdif({ users: 50, groups: 5, baseDn: 'dc=example,dc=org', flavor: 'ad' }),
  });
}, 60_000);
afterAll(async () => {
  await slapd?.stop();
});

async function sync(type: SyncType) {
  const syncId = startSyncRun(base.db, systemClock, sourceId, type, 'manual');
  const deps = { dir: { ...base.dir, clock: systemClock }, secrets: base.secrets, env: mappingEnvOf(systemClock) };
  return runLdapSync(deps, { syncId, sourceId, type, actor: CLI_ACTOR });
}
const user = (upn: string) => base.db.select().from(users).where(eq(users.userPrincipalName, upn)).get();
const replace = (type: string, values: string[]) =>
  new Change({ operation: 'replace', modification: new Attribute({ type, values }) });

describe.skipIf(!available)('LDAP source, Active Directory flavour', () => {
  it('imports users by objectGUID with AD attributes and managers', async () => {
    sourceId = createLdapSource({ db: base.db, clock: systemClock, secrets: base.secrets }, CLI_ACTOR, {
      type: 'ldap',
      name: 'Corp AD',
      flavor: 'ad',
      url: slapd.url,
      bindDn: slapd.adminDn,
      bindPassword: slapd.adminPassword,
      baseDn: slapd.baseDn,
      schedule: { paused: true },
    }).id;
    const run = await sync('full');
    expect(run).toMatchObject({ state: 'succeeded', counts: { created: 55, failed: 0 } });
    const u11 = user('user00011@example.org');
    expect(u11).toMatchObject({ employeeId: 'E00011', department: 'D4', accountEnabled: true });
    expect(u11?.manager).toBe(user('user00002@example.org')?.id);
    const link = base.db
      .select()
      .from(sourceObjects)
      .where(eq(sourceObjects.objectId, u11?.id ?? ''))
      .get();
    // MS-DTYP 2.3.4: the first three fields of the GUID are little-endian in objectGUID's bytes.
    expect(link?.externalId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  }, 30_000);

  it('follows uSNChanged: a disable (userAccountControl 514) and a rename come in by an incremental poll', async () => {
    const ldap = await slapd.client();
    await ldap.modify(userDn(5, slapd.baseDn, 'ad'), [
      replace('userAccountControl', ['514']),
      replace('uSNChanged', ['1000']),
    ]);
    await ldap.modifyDN(userDn(6, slapd.baseDn, 'ad'), 'cn=renamed6');
    await ldap.modify(`cn=renamed6,ou=people,${slapd.baseDn}`, [
      replace('title', ['Moved']),
      replace('uSNChanged', ['1001']),
    ]);
    // An entry changed before the mark is not read again.
    await ldap.modify(userDn(7, slapd.baseDn, 'ad'), [replace('title', ['Unseen']), replace('uSNChanged', ['3'])]);
    await ldap.unbind();
    const before6 = user('user00006@example.org');
    const run = await sync('incremental');
    expect(run).toMatchObject({ state: 'succeeded', counts: { disabled: 1, failed: 0, created: 0 } });
    expect(user('user00005@example.org')?.accountEnabled).toBe(false);
    const after6 = user('user00006@example.org');
    expect(after6?.id).toBe(before6?.id);
    expect(after6?.jobTitle).toBe('Moved');
    expect(user('user00007@example.org')?.jobTitle).not.toBe('Unseen');
    const link = base.db
      .select()
      .from(sourceObjects)
      .where(eq(sourceObjects.objectId, after6?.id ?? ''))
      .get();
    expect(link?.dn).toBe('cn=renamed6,ou=people,dc=example,dc=org');
  }, 30_000);
});
