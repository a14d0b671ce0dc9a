/**
 * The SCIM inbound endpoint's edges: only a source's token gets in (401 SCIM error otherwise), a source cannot
 * touch another source's objects, source-owned objects are read-only in the API (409 naming the source), the
 * sources API and settings page, and inbound log rows in the log pages, search and export.
 */
import { describe, expect, it } from 'vitest';
import { provisioningLog } from '../../db/schema';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { createSource } from '../../src/sources/sources';
import { scimHarness } from '../support/scim-inbound';

const USER = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: 'ada@example.com',
  externalId: 'a-1',
};

describe('SCIM inbound: authentication', () => {
  it('answers 401 with a SCIM error to no token, a wrong token, an API token and a rotated-out token', async () => {
    const h = scimHarness();
    for (const bearer of [null, 'pvsrc_wrong', h.tokens.admin, 'env-admin-token-0123456789abcdef']) {
      const res = await h.scim('GET', '/Users', undefined, bearer);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
    }
    const rotated = await h.call('POST', `/api/v1/sources/${h.source.id}/token`);
    expect(rotated.status).toBe(200);
    const { token } = (await rotated.json()) as { token: string };
    expect((await h.scim('GET', '/Users')).status).toBe(401);
    expect((await h.scim('GET', '/Users', undefined, token)).status).toBe(200);
  });

  it('needs no CSRF token and sets no session', async () => {
    const h = scimHarness();
    const res = await h.scim('POST', '/Users', USER);
    expect(res.status).toBe(201);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('SCIM inbound: ownership', () => {
  it("a source cannot see or change another source's user (404 on read, 409 naming the owner on write)", async () => {
    const h = scimHarness('Entra ID');
    const other = createSource(h.db, h.clock, CLI_ACTOR, { name: 'Okta' });
    const created = await h.scim('POST', '/Users', USER);
    const id = String(created.body?.id);
    const okta = (m: string, p: string, b?: unknown) => h.scim(m, p, b, other.token);
    expect((await okta('GET', `/Users/${id}`)).status).toBe(404);
    expect((await okta('GET', '/Users?filter=userName eq "ada@example.com"')).body).toMatchObject({ totalResults: 0 });
    const patch = await okta('PATCH', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Replace', path: 'active', value: false }],
    });
    expect(patch.status).toBe(409);
    expect(String(patch.body?.detail)).toContain('Entra ID');
    expect((await okta('DELETE', `/Users/${id}`)).status).toBe(409);
    // Creating the same userName again collides with the directory's UPN (uniqueness).
    const dup = await okta('POST', '/Users', USER);
    expect(dup.status).toBe(409);
    expect(dup.body?.scimType).toBe('uniqueness');
    const group = await h.scim('POST', '/Groups', { displayName: 'Staff', members: [{ value: id }] });
    expect(group.status).toBe(201);
    const gpatch = await okta('PATCH', `/Groups/${group.body?.id}`, {
      Operations: [{ op: 'Remove', path: 'members', value: [{ value: id }] }],
    });
    expect(gpatch.status).toBe(409);
  });

  it('source-owned users and groups are read-only in the directory API, with a 409 naming the source', async () => {
    const h = scimHarness('Entra ID');
    const user = await h.scim('POST', '/Users', USER);
    const group = await h.scim('POST', '/Groups', { displayName: 'Staff' });
    const uid = String(user.body?.id);
    const gid = String(group.body?.id);
    const checks = [
      await h.call('PATCH', `/api/v1/directory/users/${uid}`, { body: { department: 'Ops' } }),
      await h.call('DELETE', `/api/v1/directory/users/${uid}`),
      await h.call('PATCH', `/api/v1/directory/groups/${gid}`, { body: { description: 'x' } }),
      await h.call('POST', `/api/v1/directory/groups/${gid}/members`, { body: { memberIds: [uid] } }),
    ];
    for (const res of checks) {
      expect(res.status).toBe(409);
      expect(await res.text()).toContain('Entra ID');
    }
    // The directory API names the owner.
    const one = (await (await h.call('GET', `/api/v1/directory/users/${uid}`)).json()) as { source: unknown };
    // With the source's anchor for it: the SCIM externalId.
    expect(one.source).toEqual({ id: h.source.id, name: 'Entra ID', anchor: 'a-1' });
    const groupsPage = (await (await h.call('GET', '/api/v1/directory/groups')).json()) as {
      items: { id: string; source: unknown }[];
    };
    expect(groupsPage.items.find((g) => g.id === gid)?.source).toEqual({
      id: h.source.id,
      name: 'Entra ID',
      anchor: null,
    });
    // Deleting the source hands its objects to the directory.
    expect((await h.call('DELETE', `/api/v1/sources/${h.source.id}`)).status).toBe(204);
    const local = await h.call('PATCH', `/api/v1/directory/users/${uid}`, { body: { department: 'Ops' } });
    expect(local.status).toBe(200);
    expect(((await local.json()) as { source: unknown }).source).toBeNull();
    expect((await h.scim('GET', '/Users')).status).toBe(401);
  });
});

describe('SCIM inbound: sources API, page and log', () => {
  it('creates, lists, reads and deletes sources (admin only), token shown once', async () => {
    const h = scimHarness();
    const created = await h.call('POST', '/api/v1/sources', { body: { type: 'scim', name: 'Okta' } });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; token: string };
    expect(body.token).toMatch(/^pvsrc_/);
    expect((await h.call('POST', '/api/v1/sources', { body: { name: 'okta' } })).status).toBe(409);
    expect((await h.call('POST', '/api/v1/sources', { body: { name: '' } })).status).toBe(400);
    expect((await h.call('POST', '/api/v1/sources', { token: h.tokens.operator, body: { name: 'X' } })).status).toBe(
      403,
    );
    const list = (await (await h.call('GET', '/api/v1/sources')).json()) as { items: { name: string }[] };
    expect(list.items.map((s) => s.name)).toEqual(['Entra ID', 'Okta']);
    const one = await (await h.call('GET', `/api/v1/sources/${body.id}`)).text();
    expect(one).not.toContain('token');
    expect((await h.call('DELETE', `/api/v1/sources/${body.id}`)).status).toBe(204);
    expect((await h.call('GET', `/api/v1/sources/${body.id}`)).status).toBe(404);
  });

  it('the settings page lists sources and shows a new token once', async () => {
    const h = scimHarness('Entra <ID>');
    const page = await h.call('GET', '/settings/sources');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Entra &lt;ID&gt;');
    expect(html).toContain('/scim/v2');
    expect((await h.call('GET', '/settings/sources', { token: h.tokens.operator })).status).toBe(403);
  });

  it('inbound rows are in the log pages, the API search and the CSV export', async () => {
    const h = scimHarness('Entra ID');
    const user = await h.scim('POST', '/Users', { ...USER, displayName: 'Ada Lovelace' });
    const row = h.db.select().from(provisioningLog).get();
    expect(row).toMatchObject({
      provisioningAction: 'create',
      sourceSystem: 'Entra ID',
      targetSystem: 'Provisio directory',
      targetId: user.body?.id,
      initiatedByType: 'application',
    });
    const list = await h.call('GET', '/logs');
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('Ada Lovelace');
    const detail = await h.call('GET', `/logs/${row?.id}`);
    expect(detail.status).toBe(200);
    expect(await detail.text()).toContain('Entra ID');
    const search = await h.call('GET', '/api/v1/provisioning-logs?q=Lovelace');
    expect(search.status).toBe(200);
    expect(await search.text()).toContain(String(row?.id));
    // Rows without an application do not upset the overview or the reports (their rollups key on appId).
    expect((await h.call('GET', '/')).status).toBe(200);
    expect((await h.call('GET', '/reports')).status).toBe(200);
    const csv = await h.call('GET', '/api/v1/provisioning-logs/export.csv');
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('Entra ID');
  });
});

describe('SCIM inbound: paging and re-creation', () => {
  it('pages with startIndex and count (RFC 7644 §3.4.2.4)', async () => {
    const h = scimHarness();
    for (const n of [1, 2, 3])
      expect((await h.scim('POST', '/Users', { userName: `u${n}@example.com` })).status).toBe(201);
    const page = await h.scim('GET', '/Users?startIndex=2&count=1');
    expect(page.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect((page.body?.Resources as { userName: string }[] | undefined)?.[0]?.userName).toBe('u2@example.com');
    const none = await h.scim('GET', '/Users?count=0');
    expect(none.body).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
    expect((await h.scim('GET', '/Users?count=x')).status).toBe(400);
    const bad = await h.scim('GET', '/Users?filter=userName co "u"');
    expect(bad.status).toBe(400);
    expect(bad.body?.scimType).toBe('invalidFilter');
  });

  it('a POST after a DELETE of the same userName brings the user back (201, same id)', async () => {
    const h = scimHarness();
    const first = await h.scim('POST', '/Users', { ...USER, displayName: 'Ada' });
    expect((await h.scim('DELETE', `/Users/${first.body?.id}`)).status).toBe(204);
    expect((await h.scim('DELETE', `/Users/${first.body?.id}`)).status).toBe(404);
    const again = await h.scim('POST', '/Users', { ...USER, displayName: 'Ada L.' });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: first.body?.id, displayName: 'Ada L.', active: true });
    const actions = h.db
      .select()
      .from(provisioningLog)
      .all()
      .map((r) => r.provisioningAction);
    expect(actions).toEqual(['create', 'delete', 'create']);
  });
});
