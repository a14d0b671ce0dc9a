import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ScimServerHandle, scimFetch, startScimServer } from '../support/scim-server';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

type User = { id: string; userName: string; active?: boolean; meta: Record<string, string>; [k: string]: unknown };
type List = { totalResults: number; itemsPerPage: number; startIndex: number; Resources: User[] };

let s: ScimServerHandle;
beforeEach(async () => {
  s = await startScimServer();
});
afterEach(async () => {
  await s.close();
});

const create = (userName: string, extra: Record<string, unknown> = {}) =>
  scimFetch<User>(s, 'POST', '/Users', { body: { schemas: [USER], userName, active: true, ...extra } });
const query = (filter: string, more = '') =>
  scimFetch<List>(s, 'GET', `/Users?filter=${encodeURIComponent(filter)}${more}`);
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
    expect(Date.parse(meta.created ?? '')).toBeGreaterThan(Date.now() - 60_000);
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

  it('finds a userName with " and \\ through a JSON-escaped filter value, case-insensitively', async () => {
    const { body: quirky } = await create('o"brien\\x@contoso.example');
    await create('obrien@contoso.example');
    const found = await query('userName eq "O\\"Brien\\\\x@contoso.example"');
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ totalResults: 1, itemsPerPage: 1, startIndex: 1 });
    expect(found.body.Resources.map((u) => u.id)).toEqual([quirky.id]);
    expect(found.body.Resources[0]?.userName).toBe('o"brien\\x@contoso.example');
    expect((await query('userName eq "o\\"brien"')).body.totalResults).toBe(0);
  });

  it('answers Entra matching queries: externalId, an empty result, and "and" conditions', async () => {
    const { body: carol } = await create('carol@contoso.example', { externalId: 'c-1' });
    await create('dave@contoso.example', { externalId: 'd-1', active: false });
    expect((await query('externalId eq "c-1"')).body.Resources.map((u) => u.id)).toEqual([carol.id]);
    expect((await query('externalId eq "C-1"')).body.totalResults).toBe(0); // externalId is caseExact
    const none = await query('userName eq "0b6e4a6f-0000-4000-8000-000000000000"');
    expect(none.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      itemsPerPage: 0,
      startIndex: 1,
      Resources: [],
    });
    expect((await query('userName eq "dave@contoso.example" and active eq true')).body.totalResults).toBe(0);
    expect((await query('active eq false')).body.Resources.map((u) => u.userName)).toEqual(['dave@contoso.example']);
  });

  it.each([
    ['a comparison without a value', 'userName eq'],
    ['a dangling operator', 'userName eq "a" and'],
    ['an unknown operator', 'userName xx "a"'],
    ['an unclosed group', '(userName eq "a"'],
    ['an unknown attribute', 'usrName eq "a"'],
    ['a bad escape', 'userName eq "a\\qb"'],
  ])('rejects a malformed filter (%s) with 400 invalidFilter', async (_name, filter) => {
    const res = await query(filter);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidFilter' });
  });

  it('pages with startIndex and count, totalResults staying the full count', async () => {
    for (let i = 1; i <= 7; i++) await create(`user${i}@contoso.example`, { title: i % 2 ? 'odd' : 'even' });
    const page = async (qs: string) => (await scimFetch<List>(s, 'GET', `/Users?${qs}`)).body;
    const names = (l: List) => l.Resources.map((u) => u.userName.slice(0, 5));
    const p1 = await page('startIndex=1&count=3');
    expect([p1.totalResults, p1.itemsPerPage, p1.startIndex, names(p1)]).toEqual([
      7,
      3,
      1,
      ['user1', 'user2', 'user3'],
    ]);
    const p2 = await page('startIndex=4&count=3');
    expect([p2.totalResults, p2.itemsPerPage, p2.startIndex, names(p2)]).toEqual([
      7,
      3,
      4,
      ['user4', 'user5', 'user6'],
    ]);
    const p3 = await page('startIndex=7&count=3');
    expect([p3.totalResults, p3.itemsPerPage, names(p3)]).toEqual([7, 1, ['user7']]);
    const odd = await page(`filter=${encodeURIComponent('title eq "odd"')}&startIndex=2&count=2`);
    expect([odd.totalResults, names(odd)]).toEqual([4, ['user3', 'user5']]);
    expect((await page('count=0')).totalResults).toBe(7);
    expect((await page('startIndex=0&count=1')).startIndex).toBe(1);
    expect((await scimFetch(s, 'GET', '/Users?count=abc')).status).toBe(400);
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

  it('returns only the requested attributes, plus id and schemas', async () => {
    await create('ivy@contoso.example', { title: 'Eng', externalId: 'ivy' });
    const list = await scimFetch<List>(s, 'GET', '/Users?attributes=userName');
    expect(Object.keys(list.body.Resources[0] ?? {}).sort()).toEqual(['id', 'schemas', 'userName']);
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
