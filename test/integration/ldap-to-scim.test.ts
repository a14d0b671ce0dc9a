/**
 * The whole path from a real LDAP server to a SCIM target: an LDAP source polling slapd on its default
 * schedule (every 10 s) feeds the directory, the application is assigned an LDAP group, and a change made in
 * LDAP (an attribute of a member, a new member) reaches the SCIM target within 30 s, with an inbound log row
 * (source → directory) and an outbound one (directory → app).
 */
import { and, eq } from 'drizzle-orm';
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groups, provisioningLog } from '../../db/schema';
import { assignPrincipal } from '../../src/apps/assignments';
import { Scheduler } from '../../src/engine/cycle/scheduler';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { createLdapSource } from '../../src/sources/ldap/ldap-source';
import { wireSources } from '../../src/wiring';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { groupDn, userDn } from '../support/people-ldif';
import { peopleLdif, type Slapd, slapdAvailable, startSlapd } from '../support/slapd';

const available = slapdAvailable();
let slapd: Slapd;
let h: EngineHarness;
let scheduler: Scheduler;
let runner: ReturnType<typeof wireSources>;

beforeAll(async () => {
  if (!available) return;
  slapd = await startSlapd({ ldif: peopleLdif({ users: 30, groups: 3, baseDn: 'dc=example,dc=org' }) });
  h = await engineHarness();
  scheduler = new Scheduler(h.engine, { debounceMs: 1000 });
  runner = wireSources(h.engine, scheduler, h.secrets);
}, 60_000);
afterAll(async () => {
  await runner?.stop();
  await scheduler?.stop();
  await h?.close();
  await slapd?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, probe: () => T | undefined | null | false, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
const targetUser = (upn: string) =>
  h.scim.store.listUsers().find((u) => u.userName === upn) as Record<string, unknown> | undefined;

describe.skipIf(!available)('LDAP → directory → SCIM target', () => {
  it('a change in LDAP reaches the target through an assigned group within 30 s', async () => {
    const deps = {
      db: h.db,
      clock: h.engine.clock,
      secrets: h.secrets,
      onSourceChanged: (id: string) => runner.refresh(id),
    };
    const source = createLdapSource(deps, CLI_ACTOR, {
      type: 'ldap',
      name: 'Corp LDAP',
      url: slapd.url,
      bindDn: slapd.adminDn,
      bindPassword: slapd.adminPassword,
      baseDn: slapd.baseDn,
    });
    runner.start();
    const group = await until(
      'the initial import',
      () => h.db.select().from(groups).where(eq(groups.displayName, 'group00001')).get(),
      20_000,
    );
    assignPrincipal({ db: h.db, clock: h.engine.clock, onChange: () => {} }, CLI_ACTOR, h.app.id, {
      principalId: group.id,
      role: 'User',
    });
    await h.cycle();
    // Group 1 holds users 1, 4, 7, … 28 (people-ldif deals users round-robin).
    expect(targetUser('user00004@example.org')).toBeTruthy();
    scheduler.refresh(h.app.id);

    const ldap = await slapd.client();
    const changedAt = Date.now();
    await ldap.modify(userDn(4, slapd.baseDn), [
      new Change({ operation: 'replace', modification: new Attribute({ type: 'title', values: ['Head of LDAP'] }) }),
    ]);
    await ldap.add(`uid=newhire,ou=people,${slapd.baseDn}`, {
      objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
      uid: 'newhire',
      cn: 'New Hire',
      sn: 'Hire',
      mail: 'newhire@example.org',
    });
    await ldap.modify(groupDn(1, slapd.baseDn), [
      new Change({
        operation: 'add',
        modification: new Attribute({ type: 'member', values: [`uid=newhire,ou=people,${slapd.baseDn}`] }),
      }),
    ]);
    await ldap.unbind();

    await until(
      'the new title at the target',
      () => targetUser('user00004@example.org')?.title === 'Head of LDAP',
      30_000,
    );
    const titleMs = Date.now() - changedAt;
    await until('the new hire at the target', () => targetUser('newhire@example.org'), 30_000);
    const hireMs = Date.now() - changedAt;
    expect(titleMs).toBeLessThan(30_000);
    expect(hireMs).toBeLessThan(30_000);

    const inbound = h.db
      .select()
      .from(provisioningLog)
      .where(eq(provisioningLog.appId, `source:${source.id}`))
      .all()
      .filter((r) => JSON.stringify(r).includes('newhire@example.org'));
    expect(inbound.some((r) => r.provisioningAction === 'create' && r.status === 'success')).toBe(true);
    const outbound = h.db
      .select()
      .from(provisioningLog)
      .where(and(eq(provisioningLog.appId, h.app.id), eq(provisioningLog.provisioningAction, 'create')))
      .all()
      .filter((r) => JSON.stringify(r).includes('newhire@example.org'));
    expect(outbound.length).toBeGreaterThan(0);
    console.log(`LDAP → SCIM target: title change ${titleMs} ms, new group member ${hireMs} ms`);
  }, 90_000);
});
