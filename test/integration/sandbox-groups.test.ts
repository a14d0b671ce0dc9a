import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ScimServerHandle, scimFetch, startScimServer } from '../support/scim-server';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const AD_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

type Group = { id: string; displayName: string; members?: { value: string }[]; meta: Record<string, string> };
type List = { totalResults: number; Resources: Group[] };

let s: ScimServerHandle;
let userIds: string[];
beforeEach(async () => {
  s = await startScimServer();
  userIds = [];
  for (const n of ['ann', 'ben', 'cy']) {
    userIds.push(
      (await scimFetch<{ id: string }>(s, 'POST', '/Users', { body: { userName: `${n}@c.example` } })).body.id,
    );
  }
});
afterEach(async () => {
  await s.close();
});

// Exactly what Entra sends (entra.md §5.4).
const createGroup = (displayName: string) =>
  scimFetch<Group>(s, 'POST', '/Groups', {
    body: {
      schemas: [GROUP, AD_GROUP],
      externalId: `ext-${displayName}`,
      displayName,
      meta: { resourceType: 'Group' },
    },
  });
const patch = (id: string, Operations: unknown[]) =>
  scimFetch(s, 'PATCH', `/Groups/${id}`, { body: { schemas: [PATCH_OP], Operations } });
const memberIds = async (id: string) =>
  ((await scimFetch<Group>(s, 'GET', `/Groups/${id}`)).body.members ?? []).map((m) => m.value);

describe('sandbox groups', () => {
  it('creates a group without members and refuses a second one with the same displayName', async () => {
    const res = await createGroup('Sales');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ displayName: 'Sales', externalId: 'ext-Sales', meta: { resourceType: 'Group' } });
    expect(res.body.members).toBeUndefined();
    const dup = await createGroup('sales');
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    expect(s.store.countGroups()).toBe(1);
  });

  it('adds and removes members with Entra-shaped PATCH operations, answering 204', async () => {
    const { body: g } = await createGroup('Engineering');
    const [ann, ben, cy] = userIds;
    const add = await patch(g.id, [
      {
        op: 'Add',
        path: 'members',
        value: [
          { $ref: null, value: ann },
          { $ref: null, value: ben },
        ],
      },
    ]);
    expect([add.status, add.text]).toEqual([204, '']);
    expect(await memberIds(g.id)).toEqual([ann, ben]);
    await patch(g.id, [{ op: 'Add', path: 'members', value: [{ value: ben }, { value: cy }] }]);
    expect(await memberIds(g.id)).toEqual([ann, ben, cy]); // ben is not listed twice

    await patch(g.id, [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: ann }] }]);
    expect(await memberIds(g.id)).toEqual([ben, cy]);
    await patch(g.id, [{ op: 'remove', path: `members[value eq "${cy}"]` }]);
    expect(await memberIds(g.id)).toEqual([ben]);
    await patch(g.id, [{ op: 'Replace', path: 'displayName', value: 'Eng' }]);
    expect(s.store.listGroups()[0]).toMatchObject({ displayName: 'Eng', members: [{ value: ben }] });
  });

  it('keeps every member when many PATCHes of one group arrive at once', async () => {
    const { body: g } = await createGroup('Busy');
    const more: string[] = [];
    for (let i = 0; i < 12; i++) {
      more.push(
        (await scimFetch<{ id: string }>(s, 'POST', '/Users', { body: { userName: `m${i}@c.example` } })).body.id,
      );
    }
    const adds = await Promise.all(
      more.map((id) => patch(g.id, [{ op: 'Add', path: 'members', value: [{ value: id }] }])),
    );
    expect(adds.map((r) => r.status)).toEqual(more.map(() => 204));
    expect((await memberIds(g.id)).sort()).toEqual([...more].sort());
  });

  it('refuses a member that is not an existing user or group', async () => {
    const { body: g } = await createGroup('Ops');
    const res = await patch(g.id, [{ op: 'Add', path: 'members', value: [{ value: 'no-such-user' }] }]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ scimType: 'invalidValue' });
    expect(await memberIds(g.id)).toEqual([]);
  });

  it('drops a deleted user from every group', async () => {
    const [ann, ben] = userIds;
    const { body: g1 } = await createGroup('One');
    const { body: g2 } = await createGroup('Two');
    await patch(g1.id, [{ op: 'Add', path: 'members', value: [{ value: ann }, { value: ben }] }]);
    await patch(g2.id, [{ op: 'Add', path: 'members', value: [{ value: ann }] }]);
    expect((await scimFetch(s, 'DELETE', `/Users/${ann}`)).status).toBe(204);
    expect(await memberIds(g1.id)).toEqual([ben]);
    expect(await memberIds(g2.id)).toEqual([]);
  });

  it('answers the Entra group query with excludedAttributes=members', async () => {
    const { body: g } = await createGroup('Support');
    await patch(g.id, [{ op: 'Add', path: 'members', value: [{ value: userIds[0] }] }]);
    const filter = encodeURIComponent('displayName eq "Support"');
    const list = await scimFetch<List>(s, 'GET', `/Groups?excludedAttributes=members&filter=${filter}`);
    expect(list.body.totalResults).toBe(1);
    expect(list.body.Resources[0]).toMatchObject({ id: g.id, displayName: 'Support' });
    expect(list.body.Resources[0]?.members).toBeUndefined();
    const one = await scimFetch<Group>(s, 'GET', `/Groups/${g.id}?excludedAttributes=members`);
    expect(one.body.members).toBeUndefined();
    expect((await scimFetch<Group>(s, 'GET', `/Groups/${g.id}`)).body.members).toEqual([{ value: userIds[0] }]);
  });

  it('deletes a group with 204, then 404', async () => {
    const { body: g } = await createGroup('Temp');
    expect((await scimFetch(s, 'DELETE', `/Groups/${g.id}`)).status).toBe(204);
    expect((await scimFetch(s, 'GET', `/Groups/${g.id}`)).status).toBe(404);
    expect(s.store.countGroups()).toBe(0);
  });
});
