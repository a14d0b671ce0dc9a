import { beforeEach, describe, expect, it } from 'vitest';
import { createApplication } from '../../src/apps/applications';
import { assignPrincipal } from '../../src/apps/assignments';
import { createGroup } from '../../src/directory/groups';
import { addMembers, listMembers } from '../../src/directory/memberships';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { cspViolations, type PagesHarness, pagesHarness } from './pages-harness';

let h: PagesHarness;
let ids: { sales: string; inner: string; ann: string; appId: string };

beforeEach(async () => {
  h = await pagesHarness();
  const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
  const ann = createUser(dir, CLI_ACTOR, { userPrincipalName: 'ann@contoso.test', displayName: 'Ann <b>A</b>' });
  createUser(dir, CLI_ACTOR, { userPrincipalName: 'ben@contoso.test' });
  const sales = createGroup(dir, CLI_ACTOR, { displayName: '<script>Sales</script>', description: 'Sellers' });
  const inner = createGroup(dir, CLI_ACTOR, { displayName: 'Inner' });
  addMembers(dir, CLI_ACTOR, sales.id, { memberIds: [ann.id, inner.id] });
  const app = createApplication({ ...dir, secrets: h.secrets }, CLI_ACTOR, { name: 'Target', template: 'scim' });
  assignPrincipal(dir, CLI_ACTOR, app.id, { principalId: sales.id, role: 'User' });
  ids = { sales: sales.id, inner: inner.id, ann: ann.id, appId: app.id };
});

describe('directory groups pages', () => {
  it('lists groups with member counts and answers the htmx search with the results block', async () => {
    const s = await h.signIn('viewer');
    const html = await (await h.get('/directory/groups', s)).text();
    expect(html).toContain('&lt;script&gt;Sales&lt;/script&gt;');
    expect(html).not.toContain('<script>Sales');
    expect(html).toContain(`href="/directory/groups/${ids.sales}"`);
    expect(html).toMatch(
      /Sales&lt;\/script&gt;<\/bdi><\/a><\/td><td class="mono"><span class="muted">—<\/span><\/td><td>2<\/td>/,
    );
    expect(cspViolations(html)).toEqual([]);
    const partial = await (await h.get('/directory/groups?q=inn', s, { 'hx-request': 'true' })).text();
    expect(partial.startsWith('<div id="group-results">')).toBe(true);
    expect(partial).toContain('Inner');
    expect(partial).not.toContain('Sales');
  });

  it('shows a group with its members, parents and app assignments; a viewer gets no forms', async () => {
    const s = await h.signIn('viewer');
    const html = await (await h.get(`/directory/groups/${ids.sales}`, s)).text();
    expect(html).toContain('ann@contoso.test');
    expect(html).toContain('Ann &lt;b&gt;A&lt;/b&gt;');
    expect(html).toContain(`href="/directory/groups/${ids.inner}"`);
    expect(html).toContain(`href="/apps/${ids.appId}"`);
    expect(html).not.toContain('add-member-form');
    const inner = await (await h.get(`/directory/groups/${ids.inner}`, s)).text();
    expect(inner).toContain(`href="/directory/groups/${ids.sales}"`); // member of
    expect((await h.post(`/directory/groups/${ids.sales}/members`, { member: 'ben@contoso.test' }, s)).status).toBe(
      403,
    );
    expect((await h.get('/directory/groups/nope', s)).status).toBe(404);
  });

  it('lets an admin add and remove members, with the error next to the field', async () => {
    const s = await h.signIn('admin');
    const added = await h.post(`/directory/groups/${ids.inner}/members`, { member: 'ben@contoso.test' }, s);
    expect(added.status).toBe(303);
    expect(listMembers(h.db, ids.inner, { limit: 10 }).items.map((m) => m.name)).toEqual(['ben@contoso.test']);
    const loop = await h.post(`/directory/groups/${ids.inner}/members`, { member: '<script>Sales</script>' }, s);
    expect(loop.status).toBe(400);
    expect(await loop.text()).toContain('nesting would loop');
    const unknown = await h.post(`/directory/groups/${ids.inner}/members`, { member: 'ghost@contoso.test' }, s);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('No user with UPN or group named');
    const removed = await h.post(`/directory/groups/${ids.sales}/members/${ids.ann}/remove`, {}, s);
    expect(removed.status).toBe(303);
    expect(listMembers(h.db, ids.sales, { limit: 10 }).items.map((m) => m.name)).toEqual(['Inner']);
    expect((await h.post(`/directory/groups/${ids.sales}/delete`, {}, s)).status).toBe(303);
    expect(await (await h.get(`/directory/groups/${ids.sales}`, s)).text()).toContain('Restore group');
  });

  it('shows group assignments and the group settings on the app page; admins save them', async () => {
    const s = await h.signIn('admin');
    const html = await (await h.get(`/apps/${ids.appId}`, s)).text();
    expect(html).toContain('Its members are in scope');
    expect(html).toContain('id="group-settings-form"');
    const bad = await h.post(
      `/apps/${ids.appId}/group-settings`,
      { provisionGroups: 'on', groupMembersPerRequest: '0' },
      s,
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('groupMembersPerRequest-error');
    const ok = await h.post(
      `/apps/${ids.appId}/group-settings`,
      { flattenNestedGroups: 'on', groupMembersPerRequest: '25' },
      s,
    );
    expect(ok.status).toBe(303);
    const after = await (await h.get(`/apps/${ids.appId}`, s)).text();
    expect(after).toMatch(/name="provisionGroups"(?! checked)/);
    expect(after).toMatch(/name="flattenNestedGroups" checked/);
    expect(after).toContain('value="25"');
    const assign = await h.post(`/apps/${ids.appId}/assignments`, { upn: 'Inner', role: 'User' }, s);
    expect(assign.status).toBe(303);
  });
});
