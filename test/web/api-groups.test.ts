import { desc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, directoryChanges } from '../../db/schema';
import { webHarness } from '../support/web';

type Group = { id: string; displayName: string; deletedAt: number | null };
type Members = { items: { id: string; type: string; name: string }[]; nextOffset: number | null };

async function setup() {
  const h = webHarness();
  const json = async <T>(res: Response) => (await res.json()) as T;
  const user = async (upn: string) =>
    json<{ id: string }>(await h.call('POST', '/api/v1/directory/users', { body: { userPrincipalName: upn } }));
  const group = async (displayName: string) =>
    json<Group>(await h.call('POST', '/api/v1/directory/groups', { body: { displayName } }));
  return { ...h, json, user, group };
}

describe('groups API', () => {
  it('creates, reads, lists, renames and deletes groups, with audit rows and journal entries', async () => {
    const h = await setup();
    const sales = await h.group('Sales');
    expect(sales.displayName).toBe('Sales');
    const dup = await h.call('POST', '/api/v1/directory/groups', { body: { displayName: 'sales' } });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toMatchObject({ error: { code: 'group_exists' } });
    const bad = await h.call('POST', '/api/v1/directory/groups', { body: { displayName: '', colour: 'red' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('displayName');

    await h.group('Engineering');
    const list = await h.json<{ items: Group[] }>(await h.call('GET', '/api/v1/directory/groups?q=eng'));
    expect(list.items.map((g) => g.displayName)).toEqual(['Engineering']);
    const renamed = await h.call('PATCH', `/api/v1/directory/groups/${sales.id}`, {
      body: { displayName: 'Sales EU' },
    });
    expect(await h.json<Group>(renamed)).toMatchObject({ displayName: 'Sales EU' });
    expect((await h.call('GET', `/api/v1/directory/groups/${sales.id}`)).status).toBe(200);

    expect((await h.call('DELETE', `/api/v1/directory/groups/${sales.id}`)).status).toBe(204);
    expect(await h.json<Group>(await h.call('GET', `/api/v1/directory/groups/${sales.id}`))).toMatchObject({
      deletedAt: expect.any(Number),
    });
    expect((await h.call('POST', `/api/v1/directory/groups/${sales.id}/restore`)).status).toBe(200);
    expect((await h.call('DELETE', `/api/v1/directory/groups/${sales.id}?hard=true`)).status).toBe(204);
    expect((await h.call('GET', `/api/v1/directory/groups/${sales.id}`)).status).toBe(404);
    expect((await h.call('DELETE', `/api/v1/directory/groups/${sales.id}?hard=maybe`)).status).toBe(400);

    const activities = h.db
      .select()
      .from(auditLog)
      .all()
      .map((a) => a.activity);
    expect(activities).toEqual(
      expect.arrayContaining([
        'directory.group.create',
        'directory.group.update',
        'directory.group.soft_delete',
        'directory.group.restore',
        'directory.group.hard_delete',
      ]),
    );
    const kinds = h.db
      .select()
      .from(directoryChanges)
      .all()
      .filter((c) => c.objectId === sales.id)
      .map((c) => c.kind);
    expect(kinds).toEqual(['create', 'update', 'soft_delete', 'restore', 'hard_delete']);
  });

  it('adds users and nested groups as members, refuses unknown ids and cycles, removes one', async () => {
    const h = await setup();
    const [ann, ben] = [await h.user('ann@c.example'), await h.user('ben@c.example')];
    const outer = await h.group('Outer');
    const inner = await h.group('Inner');
    const add = await h.call('POST', `/api/v1/directory/groups/${outer.id}/members`, {
      body: { memberIds: [ann.id, inner.id] },
    });
    expect(await add.json()).toEqual({ added: 2, alreadyMembers: 0 });
    await h.call('POST', `/api/v1/directory/groups/${inner.id}/members`, { body: { memberIds: [ben.id] } });
    // Ben joined Inner, which sits in Outer: Outer's flattened members changed, so it is journalled too.
    const last = h.db.select().from(directoryChanges).orderBy(desc(directoryChanges.seq)).limit(3).all();
    expect(last.map((c) => [c.objectType, c.objectId]).sort()).toEqual(
      [
        ['group', inner.id],
        ['group', outer.id],
        ['user', ben.id],
      ].sort(),
    );

    const unknown = await h.call('POST', `/api/v1/directory/groups/${outer.id}/members`, {
      body: { memberIds: ['nope'] },
    });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain('nope');
    const loop = await h.call('POST', `/api/v1/directory/groups/${inner.id}/members`, {
      body: { memberIds: [outer.id] },
    });
    expect(loop.status).toBe(409);
    expect(await loop.json()).toMatchObject({ error: { code: 'membership_cycle' } });
    const empty = await h.call('POST', `/api/v1/directory/groups/${outer.id}/members`, { body: { memberIds: [] } });
    expect(empty.status).toBe(400);

    const members = await h.json<Members>(await h.call('GET', `/api/v1/directory/groups/${outer.id}/members`));
    expect(members.items.map((m) => [m.type, m.name])).toEqual([
      ['group', 'Inner'],
      ['user', 'ann@c.example'],
    ]);
    expect((await h.call('DELETE', `/api/v1/directory/groups/${outer.id}/members/${ann.id}`)).status).toBe(204);
    expect((await h.call('DELETE', `/api/v1/directory/groups/${outer.id}/members/${ann.id}`)).status).toBe(404);
    const viewer = await h.call('POST', `/api/v1/directory/groups/${outer.id}/members`, {
      token: h.tokens.viewer,
      body: { memberIds: [ann.id] },
    });
    expect(viewer.status).toBe(403);
  });

  it('imports groups and memberships from CSV, reporting bad rows by line', async () => {
    const h = await setup();
    await h.user('ann@c.example');
    const groups = await h.call('POST', '/api/v1/directory/import/groups', {
      type: 'text/csv',
      body: 'displayName,description\nSales,Sellers\nEng,\nSales,again\n',
    });
    expect(await groups.json()).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
      errors: [{ line: 4, message: 'Group Sales appears twice in the file' }],
    });
    const memberships = await h.call('POST', '/api/v1/directory/import/memberships', {
      type: 'text/csv',
      body: 'group,member\nSales,ann@c.example\nSales,Eng\nEng,Sales\nNope,ann@c.example\nSales,ghost@c.example\n',
    });
    const r = await h.json<{ created: number; errors: { line: number; message: string }[] }>(memberships);
    expect(r.created).toBe(2);
    expect(r.errors.map((e) => e.line)).toEqual([4, 5, 6]);
    expect(r.errors[0]?.message).toContain('nesting would loop');
    const bad = await h.call('POST', '/api/v1/directory/import/memberships', {
      type: 'text/csv',
      body: 'group,user\nA,b\n',
    });
    expect(bad.status).toBe(400);
  });
});
