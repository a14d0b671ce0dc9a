/**
 * Operate pages (issue 6) with the real app, a real SCIM target and browser-style posts: roles, CSRF,
 * escaping of hostile directory values, and what each page shows after its action.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, provisioningLog } from '../../db/schema';
import { createApplication } from '../../src/apps/applications';
import { assignPrincipal } from '../../src/apps/assignments';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { until } from '../support/poll';
import { type ScimServerHandle, startScimServer } from '../support/scim-server';
import { cspViolations, type PagesHarness, pagesHarness } from './pages-harness';

const HOSTILE = '<script>alert(1)</script>';
let h: PagesHarness;
let scim: ScimServerHandle;
let appId: string;
let userId: string;

beforeEach(async () => {
  h = await pagesHarness();
  scim = await startScimServer();
  const app = createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
    name: 'Target',
    template: 'scim',
    tenantUrl: scim.baseUrl,
    secretToken: scim.token,
    allowHttp: true,
  });
  appId = app.id;
  const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
  const u = createUser(dir, CLI_ACTOR, {
    userPrincipalName: 'mallory@contoso.example',
    displayName: `=HYPERLINK("x") ${HOSTILE}`,
    jobTitle: HOSTILE,
  });
  assignPrincipal(dir, CLI_ACTOR, appId, { principalId: u.id, role: 'User' });
  userId = u.id;
});
afterEach(async () => {
  await scim.close();
});

const audits = (activity: string) => h.db.select().from(auditLog).where(eq(auditLog.activity, activity)).all();

describe('provision on demand page', () => {
  it('lets a viewer search but not provision; an operator gets the escaped trace', async () => {
    const viewer = await h.signIn('viewer');
    const page = await (await h.get(`/apps/${appId}/on-demand?q=mallory`, viewer)).text();
    expect(page).toContain('mallory@contoso.example');
    expect(page).not.toContain('>Provision</button>');
    expect(page).not.toContain(HOSTILE);
    expect(cspViolations(page)).toEqual([]);
    expect((await h.post(`/apps/${appId}/on-demand`, { userId }, viewer)).status).toBe(403);

    const op = await h.signIn('operator');
    expect((await h.post(`/apps/${appId}/on-demand`, { userId }, op, { csrf: false })).status).toBe(403);
    expect(scim.writes()).toHaveLength(0);
    const res = await h.post(`/apps/${appId}/on-demand`, { userId, q: 'mallory' }, op);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const t of [
      'Import user',
      'Determine if user is in scope',
      'Match user between source and target',
      'Perform action',
    ])
      expect(html).toContain(t);
    expect(html).not.toContain('Test connection');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain(HOSTILE);
    expect(cspViolations(html)).toEqual([]);
    expect(scim.writes().map((w) => w.method)).toEqual(['POST']);
    expect(h.db.select().from(provisioningLog).all()).toHaveLength(1);
    expect(audits('provisioning.on_demand')).toHaveLength(1);
  });
});

describe('dry run pages', () => {
  it('plans without writing, filters, exports guarded CSV, and applies', async () => {
    const op = await h.signIn('operator');
    const viewer = await h.signIn('viewer');
    expect((await h.post(`/apps/${appId}/dry-runs`, { mode: 'next' }, viewer)).status).toBe(403);
    const made = await h.post(`/apps/${appId}/dry-runs`, { mode: 'next' }, op);
    expect(made.status).toBe(303);
    expect(scim.writes()).toHaveLength(0);
    const url = made.headers.get('location') ?? '';
    expect(url).toMatch(new RegExp(`^/apps/${appId}/dry-runs/[0-9a-f-]+$`));
    // Planned in the background: the page polls /progress, which answers 204 + HX-Refresh once it has ended.
    const ended = await until(
      () => h.get(`${url}/progress`, viewer),
      (r) => r.status === 204,
    );
    expect(ended.headers.get('hx-refresh')).toBe('true');
    expect((await h.post(`${url}/cancel`, {}, op)).status).toBe(409);

    const page = await (await h.get(url, viewer)).text();
    expect(page).toContain('Plan of the next cycle');
    expect(page).not.toContain(HOSTILE);
    expect(page).toContain('&lt;script&gt;');
    expect(page).not.toContain(`${url}/apply`); // viewers get no Apply
    expect(cspViolations(page)).toEqual([]);
    const none = await (await h.get(`${url}?action=delete`, viewer)).text();
    expect(none).toContain('0 objects');

    const csv = await h.get(`${url}/export.csv`, viewer);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain(`"'=HYPERLINK(""x"")`);
    expect(text).toContain('userName,,mallory@contoso.example');

    expect((await h.post(`${url}/apply`, {}, viewer)).status).toBe(403);
    const applied = await h.post(`${url}/apply`, {}, op);
    expect(applied.status).toBe(303);
    expect(scim.writes().map((w) => w.method)).toEqual(['POST']);
    const after = await (await h.get(`${url}?notice=applied`, op)).text();
    expect(after).toContain('1 executed');
    expect(audits('dry_run.create')).toHaveLength(1);
    expect(audits('dry_run.apply')).toHaveLength(1);
  });
});

describe('drift pages', () => {
  it('reports without writing and acts on a finding only for operators', async () => {
    await fetch(`${scim.baseUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${scim.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `x${HOSTILE}` }),
    });
    scim.clearRequests();
    const op = await h.signIn('operator');
    const viewer = await h.signIn('viewer');
    expect((await h.post(`/apps/${appId}/drift`, {}, viewer)).status).toBe(403);
    const made = await h.post(`/apps/${appId}/drift`, {}, op);
    expect(made.status).toBe(303);
    expect(scim.writes()).toHaveLength(0);
    const url = made.headers.get('location') ?? '';
    await until(
      () => h.get(`${url}/progress`, viewer),
      (r) => r.status === 204,
    );
    const page = await (await h.get(url, viewer)).text();
    expect(page).toContain('orphan');
    expect(page).not.toContain(HOSTILE);
    expect(cspViolations(page)).toEqual([]);
    expect((await h.post(`${url}/0/ignore`, {}, viewer)).status).toBe(403);
    expect((await h.post(`${url}/0/ignore`, {}, op, { csrf: false })).status).toBe(403);
    const ignored = await h.post(`${url}/0/ignore`, {}, op);
    expect(ignored.status).toBe(303);
    expect(audits('drift.ignore')).toHaveLength(1);
    expect((await h.post(`${url}/0/bogus`, {}, op)).status).toBe(400);
  });
});

describe('application page actions', () => {
  it('shows the operate bar by role', async () => {
    const viewerPage = await (await h.get(`/apps/${appId}`, await h.signIn('viewer'))).text();
    expect(viewerPage).toContain(`/apps/${appId}/on-demand`);
    expect(viewerPage).not.toContain('Start provisioning');
    const adminPage = await (await h.get(`/apps/${appId}`, await h.signIn('admin'))).text();
    expect(adminPage).toContain('Start provisioning');
    expect(adminPage).toContain('Also forget links');
    expect(adminPage).not.toContain('Stop now');
    const admin = await h.signIn('admin');
    const restarted = await h.post(`/apps/${appId}/restart`, { forgetLinks: 'on' }, admin);
    expect(restarted.headers.get('location')).toContain('notice=restarted_forgot');
    expect(JSON.parse(audits('provisioning.restart')[0]?.after ?? '{}')).toMatchObject({ forgetLinks: true });
    const stopped = await h.post(`/apps/${appId}/stop-now`, {}, admin);
    expect(stopped.headers.get('location')).toContain('notice=stopped_now');
    expect(audits('provisioning.stop_now')).toHaveLength(1);
  });
});

describe('group on demand page', () => {
  it('finds a group, lets an operator pick members (at most five) and shows each trace', async () => {
    const { createGroup } = await import('../../src/directory/groups');
    const { addMembers } = await import('../../src/directory/memberships');
    const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
    const others = ['o1', 'o2', 'o3', 'o4', 'o5'].map((n) =>
      createUser(dir, CLI_ACTOR, { userPrincipalName: `${n}@contoso.example` }),
    );
    const g = createGroup(dir, CLI_ACTOR, { displayName: `Pilot ${HOSTILE}` });
    addMembers(dir, CLI_ACTOR, g.id, { memberIds: [userId, ...others.map((o) => o.id)] });
    assignPrincipal(dir, CLI_ACTOR, appId, { principalId: g.id, role: 'User' });
    const op = await h.signIn('operator');
    const search = await (await h.get(`/apps/${appId}/on-demand?q=Pilot`, op)).text();
    expect(search).toContain(`/apps/${appId}/on-demand/groups/${g.id}`);
    expect(search).not.toContain(HOSTILE);
    const picker = await (await h.get(`/apps/${appId}/on-demand/groups/${g.id}`, op)).text();
    expect(picker.match(/name="memberIds"/g)).toHaveLength(6);
    expect(cspViolations(picker)).toEqual([]);

    const body = new URLSearchParams({ _csrf: op.csrf });
    for (const id of [userId, ...others.map((o) => o.id)]) body.append('memberIds', id);
    const tooMany = await h.app.request(`/apps/${appId}/on-demand/groups/${g.id}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: op.cookie },
    });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain('at most 5');
    expect(scim.writes()).toHaveLength(0);

    const viewer = await h.signIn('viewer');
    expect((await h.post(`/apps/${appId}/on-demand/groups/${g.id}`, { memberIds: userId }, viewer)).status).toBe(403);
    const res = await h.post(`/apps/${appId}/on-demand/groups/${g.id}`, { memberIds: userId }, op);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/class="card on-demand-result"/g)).toHaveLength(2);
    expect(html).not.toContain(HOSTILE);
    // The chosen member, the group, then the member reference (a PATCH adding exactly that one user).
    const writes = scim.writes();
    expect(writes.map((w) => `${w.method} ${w.path.replace(/\/Groups\/.+/, '/Groups/{id}')}`)).toEqual([
      'POST /Users',
      'POST /Groups',
      'PATCH /Groups/{id}',
    ]);
    expect(JSON.stringify(writes[2]?.body)).toContain(String((writes[0] && scim.store.listUsers()[0]?.id) ?? 'none'));
    expect(audits('provisioning.on_demand')).toHaveLength(2);
  });
});
