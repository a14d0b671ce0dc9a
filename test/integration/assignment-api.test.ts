/**
 * The assignment picker's API (issue 15 item 6): candidate search, the bulk body (all or none, an audit row
 * each, journal entries for group members), the old single body, refusals with messages, roles.
 */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { appAssignments, auditLog, directoryChanges } from '../../db/schema';
import { createApplication } from '../../src/apps/applications';
import { searchCandidates } from '../../src/apps/assignment-candidates';
import { assignPrincipal } from '../../src/apps/assignments';
import { createGroup } from '../../src/directory/groups';
import { addMembers } from '../../src/directory/memberships';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { webHarness } from '../support/web';

let w: ReturnType<typeof webHarness>;
let appId: string;
let base: string;
const ids: Record<string, string> = {};

beforeEach(() => {
  w = webHarness();
  appId = createApplication({ db: w.db, clock: w.clock, secrets: w.secrets }, CLI_ACTOR, {
    name: 'Target',
    template: 'scim',
  }).id;
  base = `/api/v1/applications/${appId}`;
  const dir = { db: w.db, clock: w.clock, onChange: () => {} };
  const person = (key: string, name: string, upn: string, mail?: string) => {
    ids[key] = createUser(dir, CLI_ACTOR, { userPrincipalName: upn, displayName: name, mail }).id;
  };
  person('anna', 'Anna Smith', 'asmith@contoso.test', 'anna.smith@contoso.test');
  person('andrew', 'Andrew Jones', 'ajones@contoso.test');
  person('bo', 'Bo Lind', 'bo@contoso.test', 'andy.bo@contoso.test');
  person('zed', 'Zed 100%_Special', 'zed@contoso.test');
  ids.sales = createGroup(dir, CLI_ACTOR, { displayName: 'Andes Sales' }).id;
  addMembers(dir, CLI_ACTOR, ids.sales, { memberIds: [ids.zed as string] });
});

type Item = { id: string; kind: string; name: string; assignedRole: string | null; match: string };

describe('GET assignment-candidates', () => {
  it('finds users by name, UPN or email prefix and groups by name, marking those already assigned', async () => {
    const dir = { db: w.db, clock: w.clock, onChange: () => {} };
    assignPrincipal(dir, CLI_ACTOR, appId, { principalId: ids.andrew as string, role: 'Default Access' });
    const res = await w.call('GET', `${base}/assignment-candidates?q=AND`, { token: w.tokens.viewer });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: Item[]; more: boolean };
    expect(body.items.map((c) => [c.name, c.kind, c.assignedRole])).toEqual([
      ['Andes Sales', 'group', null],
      ['Andrew Jones', 'user', 'Default Access'],
      ['Bo Lind', 'user', null], // andy.bo@… : email prefix
    ]);
    expect(body.more).toBe(false);
    // a word inside a name, and % _ as plain text in the substring fill-up
    const smith = (await (await w.call('GET', `${base}/assignment-candidates?q=smi`)).json()) as { items: Item[] };
    expect(smith.items.map((c) => c.id)).toEqual([ids.anna]);
    const special = (await (await w.call('GET', `${base}/assignment-candidates?q=0%25_s`)).json()) as {
      items: Item[];
    };
    expect(special.items.map((c) => c.id)).toEqual([ids.zed]);
  });

  it('is bounded: at most 20, with more=true, and refuses a limit over 20', async () => {
    const dir = { db: w.db, clock: w.clock, onChange: () => {} };
    for (let i = 0; i < 30; i++) {
      createUser(dir, CLI_ACTOR, { userPrincipalName: `temp${i}@contoso.test`, displayName: `Temp ${i}` });
    }
    const list = searchCandidates(w.db, appId, { q: 'temp' });
    expect(list.items).toHaveLength(20);
    expect(list.more).toBe(true);
    const bad = await w.call('GET', `${base}/assignment-candidates?q=temp&limit=500`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('limit');
    const missing = await w.call('GET', '/api/v1/applications/nope/assignment-candidates?q=a');
    expect(missing.status).toBe(404);
  });
});

describe('POST assignments with principals', () => {
  it('assigns users and a group with one role in one go: an audit row and journal entries each', async () => {
    const res = await w.call('POST', `${base}/assignments`, {
      body: { principals: [{ id: ids.anna }, { id: ids.bo }, { id: ids.sales }, { id: ids.anna }], role: 'user' },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { items: { principalId: string; principalType: string; role: string }[] };
    expect(body.items.map((i) => [i.principalType, i.role])).toEqual([
      ['user', 'User'],
      ['user', 'User'],
      ['group', 'User'],
    ]);
    expect(w.db.select().from(appAssignments).all()).toHaveLength(3);
    const audits = w.db.select().from(auditLog).where(eq(auditLog.activity, 'assignment.add')).all();
    expect(audits).toHaveLength(3);
    expect(audits.map((a) => a.actorName)).toEqual(['token:admin', 'token:admin', 'token:admin']);
    // the group's member is journalled for this app's job too
    const journal = w.db.select().from(directoryChanges).where(eq(directoryChanges.appId, appId)).all();
    expect(journal.map((j) => j.objectId).sort()).toEqual([ids.anna, ids.bo, ids.sales, ids.zed].sort());
    expect(w.scheduler.calls.nudges.map((n) => n.objectId)).toEqual([ids.anna, ids.bo, ids.sales]);
  });

  it('writes nothing when one id is unknown or one is already assigned with that role', async () => {
    const unknown = await w.call('POST', `${base}/assignments`, {
      body: { principals: [{ id: ids.anna }, { id: 'ghost' }], role: 'User' },
    });
    expect(unknown.status).toBe(400);
    const err = ((await unknown.json()) as { error: { message: string; details: { path: string }[] } }).error;
    expect(err.message).toBe('No directory user or group has the id "ghost"');
    expect(err.details.map((d) => d.path)).toEqual(['principals.1.id']);
    expect(w.db.select().from(appAssignments).all()).toEqual([]);

    const dir = { db: w.db, clock: w.clock, onChange: () => {} };
    assignPrincipal(dir, CLI_ACTOR, appId, { principalId: ids.bo as string, role: 'User' });
    const twice = await w.call('POST', `${base}/assignments`, {
      body: { principals: [{ id: ids.anna }, { id: ids.bo }], role: 'User' },
    });
    expect(twice.status).toBe(409);
    const conflict = ((await twice.json()) as { error: { code: string; message: string } }).error;
    expect(conflict).toMatchObject({
      code: 'already_assigned',
      message: 'Already assigned with the role User: bo@contoso.test',
    });
    expect(
      w.db
        .select()
        .from(appAssignments)
        .all()
        .map((a) => a.principalId),
    ).toEqual([ids.bo]);
    expect(w.db.select().from(auditLog).where(eq(auditLog.activity, 'assignment.add')).all()).toHaveLength(1);
  });

  it('answers bad bodies with messages an admin understands', async () => {
    const post = async (body: unknown) => {
      const res = await w.call('POST', `${base}/assignments`, { body });
      return { status: res.status, error: ((await res.json()) as { error: { message: string } }).error };
    };
    const empty = await post({ principals: [], role: 'User' });
    expect(empty.status).toBe(400);
    expect(empty.error.message).toContain('Choose at least one user or group');
    const many = await post({ principals: Array.from({ length: 501 }, (_, i) => ({ id: `u${i}` })) });
    expect(many.error.message).toContain('Assign at most 500 users and groups at once');
    const role = await post({ principals: [{ id: ids.anna }], role: 'Owner' });
    expect(role).toMatchObject({ status: 400, error: { message: 'Unknown role "Owner" for this application' } });
    const extra = await post({ principals: [{ id: ids.anna, upn: 'x' }] });
    expect(extra.status).toBe(400);
    expect(w.db.select().from(appAssignments).all()).toEqual([]);
  });

  it('keeps the single body working, and lets only admins assign', async () => {
    const single = await w.call('POST', `${base}/assignments`, { body: { principalId: ids.anna, role: 'User' } });
    expect(single.status).toBe(201);
    expect(await single.json()).toMatchObject({ principalId: ids.anna, principalType: 'user', role: 'User' });
    for (const role of ['viewer', 'operator'] as const) {
      const res = await w.call('POST', `${base}/assignments`, {
        token: w.tokens[role],
        body: { principals: [{ id: ids.bo }], role: 'User' },
      });
      expect(res.status).toBe(403);
    }
    expect(
      w.db
        .select()
        .from(appAssignments)
        .all()
        .map((a) => a.principalId),
    ).toEqual([ids.anna]);
  });
});
