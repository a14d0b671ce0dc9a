/**
 * Settings → Sources with an LDAP source against a real slapd (issue 14): create from the form, field errors
 * next to the field with the input kept, Test connection of typed values (ok and a wrong password), Sync now
 * with its counts on the page, 409 while a sync runs, held deletes offering "Full sync, allow deletes", Save
 * keeping the password, roles, and Delete with the typed name. The bind password never reaches a page.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sources } from '../../db/schema';
import { ldapSourceView } from '../../src/sources/ldap/ldap-admin';
import { sourceSyncStatus } from '../../src/sources/ldap/sync-runs';
import { peopleLdif, type Slapd, slapdAvailable, startSlapd, userDn } from '../support/slapd';
import { cspViolations, type PagesHarness, pagesHarness, type Session } from './pages-harness';

const available = slapdAvailable();
let slapd: Slapd;
let h: PagesHarness;
let admin: Session;
let operator: Session;
let sourceId: string;

beforeAll(async () => {
  if (!available) return;
  slapd = await startSlapd({ ldif: peopleLdif({ users: 20, groups: 2, baseDn: 'dc=example,dc=org' }) });
  h = await pagesHarness();
  admin = await h.signIn('admin');
  operator = await h.signIn('operator');
}, 60_000);
afterAll(async () => {
  await h?.deps.sourceRunner.stop?.();
  await slapd?.stop();
});

const connection = () => ({
  type: 'ldap',
  name: 'Corp LDAP',
  url: slapd.url,
  bindDn: slapd.adminDn,
  bindPassword: slapd.adminPassword,
  baseDn: slapd.baseDn,
  flavor: 'openldap',
});
const htmx = { headers: { 'hx-request': 'true' } };

async function waitForIdle() {
  for (let i = 0; i < 400; i++) {
    if (sourceSyncStatus(h.db, sourceId).state !== 'syncing') return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('sync did not end');
}

async function sync(type: 'incremental' | 'full', extra: Record<string, string> = {}) {
  const res = await h.post(`/settings/sources/${sourceId}/run`, { type, ...extra }, operator);
  expect(res.status).toBe(303);
  await waitForIdle();
}

describe.skipIf(!available)('LDAP source pages against a real slapd', () => {
  it('a bad URL is refused next to its field, the typed values kept and the password not', async () => {
    const res = await h.post('/settings/sources', { ...connection(), url: 'http://ldap.example.org' }, admin);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<p class="field-error" id="url-error">Enter an LDAP URL like/);
    expect(html).toContain('error-summary');
    expect(html).toContain('value="http://ldap.example.org"');
    expect(html).toContain(`value="${slapd.adminDn}"`);
    expect(html).not.toContain(slapd.adminPassword);
    expect(h.db.select().from(sources).all()).toHaveLength(0);
  });

  it('creates the source from the form and opens its page, never showing the password', async () => {
    const res = await h.post('/settings/sources', connection(), admin);
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(/^\/settings\/sources\/[0-9a-f-]{36}\?notice=created$/);
    sourceId = location.split('/')[3]?.split('?')[0] ?? '';
    const page = await h.get(location, admin);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Source created.');
    expect(html).toContain('Never synced');
    // The flavour defaults are the placeholders of the empty filter and anchor fields.
    expect(html).toContain('placeholder="(objectClass=inetOrgPerson)"');
    expect(html).toContain('placeholder="entryUUID"');
    expect(html).not.toContain(slapd.adminPassword);
    expect(cspViolations(html)).toEqual([]);
    const list = await (await h.get('/settings/sources', admin)).text();
    expect(list).toContain(`href="/settings/sources/${sourceId}"`);
    expect(list).toContain('LDAP');
    const again = await h.post('/settings/sources', connection(), admin);
    expect(again.status).toBe(400);
    expect(await again.text()).toMatch(/id="name-error">A source named Corp LDAP already exists/);
  });

  it('tests the typed values: ok, and a wrong typed password gives the detail', async () => {
    const typed = { url: slapd.url, bindDn: slapd.adminDn, baseDn: slapd.baseDn, bindPassword: '' };
    const ok = await h.post(`/settings/sources/${sourceId}/test-connection`, typed, operator, htmx);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Connection OK. Connected to');
    const wrong = await h.post(
      `/settings/sources/${sourceId}/test-connection`,
      { ...typed, bindPassword: 'not-the-password' },
      admin,
      htmx,
    );
    expect(wrong.status).toBe(422);
    const detail = await wrong.text();
    expect(detail).toContain(`Test connection failed: ${slapd.url} refused the bind as ${slapd.adminDn}`);
    expect(detail).toContain('invalid credentials');
    expect(detail).not.toContain('not-the-password');
    const badUrl = await h.post(`/settings/sources/${sourceId}/test-connection`, { ...typed, url: 'x' }, admin, htmx);
    expect(await badUrl.text()).toContain('url: Enter an LDAP URL');
  });

  it('Sync now runs a full sync whose counts the page shows; a second start while one runs is a 409', async () => {
    await sync('full');
    const html = await (await h.get(`/settings/sources/${sourceId}`, operator)).text();
    expect(html).toContain('22 created'); // 20 users and 2 groups
    expect(html).toContain('Idle');
    const list = await (await h.get('/settings/sources', admin)).text();
    expect(list).toContain('22 created');

    const first = await h.post(`/settings/sources/${sourceId}/run`, { type: 'incremental' }, operator);
    expect(first.status).toBe(303);
    const second = await h.post(`/settings/sources/${sourceId}/run`, { type: 'full' }, operator);
    expect(second.status).toBe(409);
    expect(await second.text()).toContain('A sync of this source is running; wait for it to end');
    await waitForIdle();
    const panel = await h.get(`/settings/sources/${sourceId}/status`, operator, { 'hx-request': 'true' });
    const fragment = await panel.text();
    expect(fragment).toMatch(/^<section class="card sync-status stack"/);
    expect(fragment).toContain('no changes');
  });

  it('held deletes offer "Full sync, allow deletes", which deletes them', async () => {
    const form = ldapFormOf();
    const saved = await h.post(`/settings/sources/${sourceId}`, { ...form, deletionThreshold: '1' }, admin);
    expect(saved.status).toBe(303);
    const ldap = await slapd.client();
    for (const n of [18, 19, 20]) await ldap.del(userDn(n, slapd.baseDn));
    await sync('full');
    expect(sourceSyncStatus(h.db, sourceId).state).toBe('held');
    const html = await (await h.get(`/settings/sources/${sourceId}`, operator)).text();
    expect(html).toContain('Deletes held');
    expect(html).toContain('Full sync, allow deletes');
    await sync('full', { allowDeletes: 'on' });
    expect(sourceSyncStatus(h.db, sourceId).lastSync?.counts.deleted).toBe(3);
  });

  it('Save keeps the password when left empty, clears a filter back to the default, and refuses bad values', async () => {
    const form = ldapFormOf();
    const custom = await h.post(`/settings/sources/${sourceId}`, { ...form, userFilter: '(uid=user*)' }, admin);
    expect(custom.status).toBe(303);
    expect(ldapSourceView(h.db, sourceId).settings.userFilter).toBe('(uid=user*)');
    const cleared = await h.post(
      `/settings/sources/${sourceId}`,
      { ...form, userFilter: '', pollSeconds: '30' },
      admin,
    );
    expect(cleared.status).toBe(303);
    const view = ldapSourceView(h.db, sourceId);
    expect(view.settings.userFilter).toBeUndefined();
    expect(view.settings.schedule.pollSeconds).toBe(30);
    expect(view.hasBindPassword).toBe(true);
    const saved = await h.post(`/settings/sources/${sourceId}/test-connection`, {}, admin, htmx);
    expect(await saved.text()).toContain('Connection OK');

    const bad = await h.post(
      `/settings/sources/${sourceId}`,
      { ...form, pollSeconds: 'soon', attributeMap: '[{"type":"direct","source":"mail","target":"nope"}]' },
      admin,
    );
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/id="pollSeconds-error">Enter a whole number/);
    expect(html).toContain('value="soon"');
    const map = await h.post(
      `/settings/sources/${sourceId}`,
      { ...form, attributeMap: '[{"type":"direct","source":"mail","target":"nope","apply":"always"}]' },
      admin,
    );
    expect(map.status).toBe(400);
    expect(await map.text()).toMatch(/id="attributeMap-error">Mapping 1: nope is not a directory attribute/);
  });

  it('operators sync but do not edit; viewers do not see the page; Save is admin only', async () => {
    const html = await (await h.get(`/settings/sources/${sourceId}`, operator)).text();
    expect(html).toContain('<fieldset disabled="">');
    expect(html).not.toContain('Delete source');
    // Test connection stays usable outside the read-only fields; it tests the saved settings.
    expect(html).toMatch(/<\/fieldset><div class="actions"><button type="submit" class="btn test-connection"/);
    const tested = await h.post(`/settings/sources/${sourceId}/test-connection`, {}, operator, htmx);
    expect(await tested.text()).toContain('Connection OK');
    expect((await h.get(`/settings/sources/${sourceId}`, await h.signIn('viewer'))).status).toBe(403);
    expect((await h.post(`/settings/sources/${sourceId}`, ldapFormOf(), operator)).status).toBe(403);
  });

  it('deletes the source only with its name typed', async () => {
    const wrong = await h.post(`/settings/sources/${sourceId}/delete`, { confirmName: 'Corp' }, admin);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Type Corp LDAP exactly');
    const ok = await h.post(`/settings/sources/${sourceId}/delete`, { confirmName: 'Corp LDAP' }, admin);
    expect(ok.status).toBe(303);
    expect(h.db.select().from(sources).where(eq(sources.id, sourceId)).all()).toHaveLength(0);
  });
});

/** The settings form as the page renders it for the saved source (password empty). */
function ldapFormOf(): Record<string, string> {
  const s = ldapSourceView(h.db, sourceId).settings;
  return {
    name: 'Corp LDAP',
    url: s.url,
    bindDn: s.bindDn,
    bindPassword: '',
    baseDn: s.baseDn,
    flavor: s.flavor,
    userFilter: s.userFilter ?? '',
    groupFilter: s.groupFilter ?? '',
    pageSize: String(s.pageSize),
    anchor: s.anchor ?? '',
    enabledExpression: s.enabledExpression ?? '',
    pollSeconds: String(s.schedule.pollSeconds),
    reconcileMinutes: String(s.schedule.reconcileMinutes),
    deletionThreshold: String(s.deletionThreshold),
    caFile: s.caFile ?? '',
    attributeMap: '',
  };
}
