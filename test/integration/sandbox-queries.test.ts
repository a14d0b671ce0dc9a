import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ScimServerHandle, scimFetch, startScimServer } from '../support/scim-server';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

type User = { id: string; userName: string; [k: string]: unknown };
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
const query = (filter: string) => scimFetch<List>(s, 'GET', `/Users?filter=${encodeURIComponent(filter)}`);

describe('sandbox queries', () => {
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

  it('answers userName, externalId and displayName equality from the index, scanning only for other filters', async () => {
    for (const n of ['kim', 'lee', 'max']) await create(`${n}@c.example`, { externalId: n, title: 'Eng' });
    await scimFetch(s, 'POST', '/Groups', { body: { displayName: 'Crew' } });
    const scans: string[] = [];
    const all = s.store.all;
    s.store.all = (kind) => {
      scans.push(kind);
      return all(kind);
    };
    const ids = async (filter: string, path = '/Users') =>
      (await scimFetch<List>(s, 'GET', `${path}?filter=${encodeURIComponent(filter)}`)).body.Resources.map(
        (r) => r.userName ?? r.displayName,
      );
    expect(await ids('userName eq "LEE@c.example"')).toEqual(['lee@c.example']);
    expect(await ids('externalId eq "max" and title eq "Eng"')).toEqual(['max@c.example']);
    expect(await ids('userName eq "kim@c.example" or externalId eq "lee"')).toEqual(['kim@c.example', 'lee@c.example']);
    expect(await ids('displayName eq "crew"', '/Groups')).toEqual(['Crew']);
    expect(scans).toEqual([]);
    expect(await ids('title eq "Eng" and userName sw "m"')).toEqual(['max@c.example']);
    expect(await ids('userName eq "kim@c.example" or title eq "Eng"')).toHaveLength(3);
    expect(scans).toEqual(['User', 'User']);
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

  it('returns only the requested attributes, plus id and schemas', async () => {
    await create('ivy@contoso.example', { title: 'Eng', externalId: 'ivy' });
    const list = await scimFetch<List>(s, 'GET', '/Users?attributes=userName');
    expect(Object.keys(list.body.Resources[0] ?? {}).sort()).toEqual(['id', 'schemas', 'userName']);
  });
});
