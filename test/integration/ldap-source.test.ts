/**
 * An LDAP source against a real slapd (Debian OpenLDAP, mdb, loopback), through the public API: a full import
 * of 1,000 users in 20 groups, attribute and membership changes, rename keeping the anchor, disable by the
 * enabled expression, delete by reconcile, the deletion threshold holding a mass delete, a clear Test Connection
 * error for a bad bind password, and source-owned objects answering 409 to local edits.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupMembers, groups, provisioningLog, sourceObjects, users } from '../../db/schema';
import { groupDn, userDn } from '../support/people-ldif';
import { peopleLdif, type Slapd, slapdAvailable, startSlapd } from '../support/slapd';
import { webHarness } from '../support/web';

const available = slapdAvailable();
let slapd: Slapd;
let h: ReturnType<typeof webHarness>;
let sourceId: string;

beforeAll(async () => {
  if (!available) return;
  slapd = await startSlapd({ ldif: peopleLdif({ users: 1000, groups: 20, baseDn: 'dc=example,dc=org' }) });
  h = webHarness();
}, 60_000);
afterAll(async () => {
  await slapd?.stop();
});

async function syncAndWait(body: Record<string, unknown>) {
  const started = await h.call('POST', `/api/v1/sources/${sourceId}/syncs`, { body });
  expect(started.status).toBe(202);
  const { syncId } = (await started.json()) as { syncId: string };
  for (let i = 0; i < 600; i++) {
    const status = (await (await h.call('GET', `/api/v1/sources/${sourceId}/status`)).json()) as {
      state: string;
      lastSync: { id: string; state: string; counts: Record<string, number>; error: string | null } | null;
    };
    if (status.state !== 'syncing' && status.lastSync?.id === syncId) return status.lastSync;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('sync did not end');
}

const userByUpn = (upn: string) => h.db.select().from(users).where(eq(users.userPrincipalName, upn)).get();
// modifyTimestamp has one-second resolution: a change in the same second as the last poll's mark is seen by
// the next poll anyway (the filter is >=), but wait so the test reads what a real poll a second later sees.
const nextSecond = () => new Promise((r) => setTimeout(r, 1100));

describe.skipIf(!available)('LDAP source against a real slapd', () => {
  it('creates the source (password never echoed) and imports 1,000 users in 20 groups', async () => {
    const res = await h.call('POST', '/api/v1/sources', {
      body: {
        type: 'ldap',
        name: 'Corp LDAP',
        url: slapd.url,
        bindDn: slapd.adminDn,
        bindPassword: slapd.adminPassword,
        baseDn: slapd.baseDn,
        enabledExpression: 'IIF([employeeType]="Disabled", "False", "True")',
        schedule: { paused: true },
      },
    });
    expect(res.status).toBe(201);
    sourceId = ((await res.json()) as { id: string }).id;
    const view = await (await h.call('GET', `/api/v1/sources/${sourceId}`)).text();
    expect(view).not.toContain(slapd.adminPassword);

    const run = await syncAndWait({ type: 'full' });
    expect(run.state).toBe('succeeded');
    expect(run.counts).toMatchObject({ created: 1020, failed: 0, deleted: 0 });
    expect(h.db.select().from(users).all()).toHaveLength(1000);
    const g1 = h.db.select().from(groups).where(eq(groups.displayName, 'group00001')).get();
    expect(
      h.db
        .select()
        .from(groupMembers)
        .where(eq(groupMembers.groupId, g1?.id ?? ''))
        .all(),
    ).toHaveLength(50);
    // user00011's manager is user00002 (people-ldif), resolved from the DN to the directory id.
    expect(userByUpn('user00011@example.org')?.manager).toBe(userByUpn('user00002@example.org')?.id);
    const api = (await (
      await h.call('GET', `/api/v1/directory/users/${userByUpn('user00011@example.org')?.id}`)
    ).json()) as {
      source: { id: string; name: string; anchor: string };
    };
    expect(api.source).toMatchObject({ id: sourceId, name: 'Corp LDAP' });
    expect(api.source.anchor).toMatch(/^[0-9a-f-]{36}$/);
    const rows = h.db
      .select()
      .from(provisioningLog)
      .where(eq(provisioningLog.appId, `source:${sourceId}`))
      .all();
    // A create per entry (with the manager: people-ldif lists managers first), then the 20 groups' members.
    expect(rows.length).toBe(1020 + 20);
  }, 120_000);

  it('an idle incremental poll changes nothing', async () => {
    const run = await syncAndWait({ type: 'incremental' });
    expect(run.counts).toMatchObject({ created: 0, updated: 0, deleted: 0, failed: 0 });
  });

  it('brings attribute, membership, rename and disable changes in by an incremental poll', async () => {
    await nextSecond();
    const ldap = await slapd.client();
    const before = userByUpn('user00005@example.org');
    await ldap.modify(userDn(5, slapd.baseDn), [
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'title', values: ['Principal Engineer'] }),
      }),
    ]);
    await ldap.modify(groupDn(1, slapd.baseDn), [
      new Change({
        operation: 'add',
        modification: new Attribute({ type: 'member', values: [userDn(2, slapd.baseDn)] }),
      }),
    ]);
    await ldap.modifyDN(userDn(7, slapd.baseDn), 'uid=renamed7');
    // A move to another OU (new superior), as when someone changes department in the tree.
    await ldap.add(`ou=staff,${slapd.baseDn}`, { objectClass: ['top', 'organizationalUnit'], ou: 'staff' });
    const moved = userByUpn('user00006@example.org');
    await ldap.modifyDN(userDn(6, slapd.baseDn), `uid=user00006,ou=staff,${slapd.baseDn}`);
    await ldap.modify(userDn(8, slapd.baseDn), [
      new Change({ operation: 'add', modification: new Attribute({ type: 'employeeType', values: ['Disabled'] }) }),
    ]);
    await ldap.unbind();
    const run = await syncAndWait({ type: 'incremental' });
    expect(run.state).toBe('succeeded');
    expect(run.counts).toMatchObject({ disabled: 1, failed: 0, created: 0 });
    const after = userByUpn('user00005@example.org');
    expect(after?.id).toBe(before?.id);
    expect(after?.jobTitle).toBe('Principal Engineer');
    expect(userByUpn('user00008@example.org')?.accountEnabled).toBe(false);
    const g1 = h.db.select().from(groups).where(eq(groups.displayName, 'group00001')).get();
    const u2 = userByUpn('user00002@example.org');
    expect(
      h.db
        .select()
        .from(groupMembers)
        .where(and(eq(groupMembers.groupId, g1?.id ?? ''), eq(groupMembers.memberId, u2?.id ?? '')))
        .get(),
    ).toBeTruthy();
    // The rename and the move kept the directory users: same UPN (from mail), same id, the link follows the DN.
    expect(userByUpn('user00007@example.org')?.deletedAt).toBeNull();
    expect(userByUpn('user00006@example.org')?.id).toBe(moved?.id);
    const link = h.db
      .select()
      .from(sourceObjects)
      .where(eq(sourceObjects.objectId, moved?.id ?? ''))
      .get();
    expect(link?.dn).toBe('uid=user00006,ou=staff,dc=example,dc=org');
  }, 30_000);

  it('answers 409 naming the source when a source-owned user is edited locally', async () => {
    const u = userByUpn('user00005@example.org');
    const res = await h.call('PATCH', `/api/v1/directory/users/${u?.id}`, { body: { jobTitle: 'x' } });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('Corp LDAP');
  });

  it('deletes by reconcile, and the threshold holds a mass delete until allowed', async () => {
    const ldap = await slapd.client();
    await ldap.del(userDn(9, slapd.baseDn));
    const quiet = await syncAndWait({ type: 'incremental' });
    expect(quiet.counts.deleted).toBe(0);
    const one = await syncAndWait({ type: 'full' });
    expect(one.counts.deleted).toBe(1);
    expect(userByUpn('user00009@example.org')?.deletedAt).not.toBeNull();

    const patched = await h.call('PATCH', `/api/v1/sources/${sourceId}`, { body: { deletionThreshold: 5 } });
    expect(patched.status).toBe(200);
    for (let i = 100; i < 110; i++) await ldap.del(userDn(i, slapd.baseDn));
    await ldap.unbind();
    const held = await syncAndWait({ type: 'full' });
    expect(held.state).toBe('held');
    expect(held.error).toContain('10 deletions held back');
    expect(h.db.select().from(users).where(isNull(users.deletedAt)).all()).toHaveLength(999);
    const allowed = await syncAndWait({ type: 'full', allowDeletes: true });
    expect(allowed).toMatchObject({ state: 'succeeded', counts: { deleted: 10 } });
    expect(h.db.select().from(users).where(isNull(users.deletedAt)).all()).toHaveLength(989);
  }, 60_000);

  it('says clearly when the bind password is wrong, typed before Save', async () => {
    const res = await h.call('POST', `/api/v1/sources/${sourceId}/test-connection`, {
      body: { bindPassword: 'not-the-password' },
    });
    const body = (await res.json()) as { ok: boolean; detail: string };
    expect(body.ok).toBe(false);
    expect(body.detail.toLowerCase()).toContain('invalid credentials');
    expect(body.detail).not.toContain('not-the-password');
    const saved = (await (await h.call('POST', `/api/v1/sources/${sourceId}/test-connection`)).json()) as {
      ok: boolean;
    };
    expect(saved.ok).toBe(true);
  });

  it('answers 409 to LDAP settings or a sync for a SCIM source', async () => {
    const scim = await h.call('POST', '/api/v1/sources', { body: { type: 'scim', name: 'Entra ID' } });
    const { id } = (await scim.json()) as { id: string };
    const patched = await h.call('PATCH', `/api/v1/sources/${id}`, { body: { pageSize: 100 } });
    expect(patched.status).toBe(409);
    expect(await patched.text()).toContain('Entra ID is a SCIM source: it has no LDAP settings');
    expect((await h.call('POST', `/api/v1/sources/${id}/syncs`, { body: { type: 'full' } })).status).toBe(409);
  });

  it('refuses a second sync while one runs, and bad settings with a field message', async () => {
    const first = await h.call('POST', `/api/v1/sources/${sourceId}/syncs`, { body: { type: 'full' } });
    const second = await h.call('POST', `/api/v1/sources/${sourceId}/syncs`, { body: { type: 'full' } });
    expect(first.status).toBe(202);
    expect(second.status).toBe(409);
    const bad = await h.call('PATCH', `/api/v1/sources/${sourceId}`, { body: { userFilter: 'objectClass=person' } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('parentheses');
    for (let i = 0; i < 400; i++) {
      const s = (await (await h.call('GET', `/api/v1/sources/${sourceId}/status`)).json()) as { state: string };
      if (s.state !== 'syncing') break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 30_000);
});
