import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ScimServerHandle, scimFetch, startScimServer } from '../support/scim-server';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

type Meta = { resourceType: string; created: string; lastModified: string; location: string };
type User = { id: string; userName: string; active?: boolean; meta: Meta; [k: string]: unknown };

let s: ScimServerHandle;
beforeEach(async () => {
  s = await startScimServer();
});
afterEach(async () => {
  await s.close();
});

const create = (userName: string, extra: Record<string, unknown> = {}) =>
  scimFetch<User>(s, 'POST', '/Users', { body: { schemas: [USER], userName, active: true, ...extra } });
const patch = (id: string, Operations: unknown[]) =>
  scimFetch<User>(s, 'PATCH', `/Users/${id}`, { body: { schemas: [PATCH_OP], Operations } });

describe('sandbox users', () => {
  it('creates a user the way Entra sends it: 201, id, meta, Location', async () => {
    const res = await create('alice@contoso.example', {
      schemas: [USER, ENTERPRISE],
      externalId: 'alice',
      meta: { resourceType: 'User' },
      name: { givenName: 'Alice', familyName: 'Example' },
      emails: [{ primary: true, type: 'work', value: 'alice@contoso.example' }],
      roles: [],
      [ENTERPRISE]: { department: 'R&D' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/scim+json');
    const { id, meta } = res.body;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(meta).toEqual({
      resourceType: 'User',
      created: meta.created,
      lastModified: meta.created,
      location: `${s.baseUrl}/Users/${id}`,
    });
    expect(Date.parse(meta.created)).toBeGreaterThan(Date.now() - 60_000);
    expect(res.headers.get('location')).toBe(`${s.baseUrl}/Users/${id}`);
    expect(res.body).toMatchObject({ userName: 'alice@contoso.example', externalId: 'alice', active: true });
    expect(res.body[ENTERPRISE]).toEqual({ department: 'R&D' });
    expect((await scimFetch<User>(s, 'GET', `/Users/${id}`)).body).toEqual(res.body);
    expect(s.store.countUsers()).toBe(1);
  });

  it('refuses a userName already taken, ignoring case, with 409 uniqueness', async () => {
    expect((await create('bob@contoso.example')).status).toBe(201);
    const dup = await create('BOB@Contoso.example');
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
    expect(s.store.countUsers()).toBe(1);
  });

  it('applies PATCH with capitalised op names and a "False" string, as Entra sends them', async () => {
    const { body: u } = await create('erin@contoso.example', {
      emails: [{ type: 'work', value: 'erin@contoso.example', primary: true }],
      name: { givenName: 'Erin', familyName: 'Old' },
    });
    const res = await patch(u.id, [
      { op: 'Replace', path: 'active', value: 'False' },
      { op: 'Add', path: 'nickName', value: 'Babs' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'erin.new@contoso.example' },
      { op: 'Replace', path: 'name.familyName', value: 'New' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: u.id,
      active: false,
      nickName: 'Babs',
      emails: [{ type: 'work', value: 'erin.new@contoso.example', primary: true }],
      name: { givenName: 'Erin', familyName: 'New' },
    });
    expect(res.body.meta.lastModified >= u.meta.lastModified).toBe(true);
    const removed = await patch(u.id, [
      { op: 'Remove', path: 'nickName' },
      { op: 'replace', path: 'active', value: 'True' },
    ]);
    expect(removed.body.nickName).toBeUndefined();
    expect(removed.body.active).toBe(true);
    const pathless = await patch(u.id, [{ op: 'replace', value: { displayName: 'Erin N.', 'name.givenName': 'E' } }]);
    expect(pathless.body).toMatchObject({ displayName: 'Erin N.', name: { givenName: 'E', familyName: 'New' } });
    expect(s.store.listUsers()[0]).toMatchObject({ active: true, displayName: 'Erin N.' });
  });

  it('refuses PATCH to a taken userName or with a bad op, and PUT replaces the resource', async () => {
    const { body: f } = await create('frank@contoso.example', { title: 'Boss' });
    await create('gina@contoso.example');
    const taken = await patch(f.id, [{ op: 'Replace', path: 'userName', value: 'GINA@contoso.example' }]);
    expect([taken.status, taken.body.scimType]).toEqual([409, 'uniqueness']);
    const bad = await patch(f.id, [{ op: 'Frobnicate', path: 'title', value: 'x' }]);
    expect([bad.status, bad.body.scimType]).toEqual([400, 'invalidSyntax']);
    const put = await scimFetch<User>(s, 'PUT', `/Users/${f.id}`, {
      body: { schemas: [USER], userName: 'frank2@c.example' },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: f.id, userName: 'frank2@c.example' });
    expect(put.body.title).toBeUndefined();
    expect(put.body.meta.created).toBe(f.meta.created);
  });

  it('deletes with 204, then answers 404 with a SCIM error body', async () => {
    const { body: h } = await create('hank@contoso.example');
    const del = await scimFetch(s, 'DELETE', `/Users/${h.id}`);
    expect([del.status, del.text]).toEqual([204, '']);
    const gone = await scimFetch(s, 'GET', `/Users/${h.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ schemas: [ERROR], status: '404', detail: `User ${h.id} not found` });
    expect((await scimFetch(s, 'DELETE', `/Users/${h.id}`)).status).toBe(404);
    expect(s.store.countUsers()).toBe(0);
  });

  it('answers malformed JSON with 400 invalidSyntax and accepts application/json', async () => {
    const bad = await scimFetch(s, 'POST', '/Users', { body: '{"userName": ' });
    expect([bad.status, bad.body.scimType]).toEqual([400, 'invalidSyntax']);
    const plain = await scimFetch(s, 'POST', '/Users', { body: { userName: 'jo' }, contentType: 'application/json' });
    expect(plain.status).toBe(201);
    const missing = await scimFetch(s, 'POST', '/Users', { body: { displayName: 'No userName' } });
    expect([missing.status, missing.body.scimType]).toEqual([400, 'invalidValue']);
  });
});
