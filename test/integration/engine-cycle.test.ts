import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cycles } from '../../db/schema';
import { type EngineHarness, engineHarness } from '../support/engine-harness';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function person(n: string, extra: Record<string, unknown> = {}) {
  return {
    userPrincipalName: `${n}@contoso.example`,
    mail: `${n}@contoso.example`,
    mailNickname: n,
    displayName: `${n[0]?.toUpperCase()}${n.slice(1)} Example`,
    givenName: n,
    surname: 'Example',
    jobTitle: 'Engineer',
    department: 'R&D',
    employeeId: `E-${n}`,
    ...extra,
  };
}

let h: EngineHarness;
beforeEach(async () => {
  h = await engineHarness();
});
afterEach(async () => {
  await h.close();
});

const writes = () => h.scim.requests.filter((r) => r.method !== 'GET');

describe('initial cycle', () => {
  it('creates exactly the in-scope users with the mapped attributes', async () => {
    const alice = h.addUser(person('alice'));
    h.addUser(person('dora'), 'Default Access');
    h.addUser(person('ursula'), null); // not assigned
    const disabled = h.addUser(person('dave', { accountEnabled: false }));
    const cycleId = await h.cycle();

    const posts = writes();
    expect(posts.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /Users']);
    expect(posts[0]?.body).toMatchObject({
      schemas: expect.arrayContaining(['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE]),
      userName: 'alice@contoso.example',
      active: true,
      displayName: 'Alice Example',
      title: 'Engineer',
      externalId: 'alice',
      name: { givenName: 'alice', familyName: 'Example' },
      emails: [{ type: 'work', value: 'alice@contoso.example', primary: true }],
      [ENTERPRISE]: { department: 'R&D', employeeNumber: 'E-alice' },
    });
    const stored = h.scim.store.listUsers();
    expect(stored.map((u: { userName: string }) => u.userName)).toEqual(['alice@contoso.example']);
    expect(h.link(alice.id)?.state).toBe('active');

    const rows = h.logs(cycleId);
    const byName = Object.fromEntries(rows.map((r) => [r.sourceDisplayName, r]));
    expect(byName['Alice Example']).toMatchObject({
      provisioningAction: 'create',
      status: 'success',
      targetId: h.link(alice.id)?.targetId,
    });
    expect(byName['Dora Example']).toMatchObject({ provisioningAction: 'other', status: 'skipped' });
    expect(byName['Dora Example']?.steps).toContain('Default Access, which is excluded');
    expect(byName['Dave Example']?.steps).toContain('accountEnabled is false');
    expect(byName['Ursula Example']).toBeUndefined(); // never assigned: not evaluated with scope "assigned"
    expect(h.link(disabled.id)).toBeNull();

    const steps = JSON.parse(byName['Alice Example']?.steps ?? '[]') as {
      provisioningStepType: string;
      status: string;
    }[];
    expect(steps.map((s) => s.provisioningStepType)).toEqual(['import', 'scoping', 'matching', 'export']);
    const props = JSON.parse(byName['Alice Example']?.modifiedProperties ?? '[]') as {
      displayName: string;
      newValue: string;
    }[];
    expect(props).toContainEqual({ displayName: 'userName', oldValue: null, newValue: 'alice@contoso.example' });

    const cycle = h.db.select().from(cycles).where(eq(cycles.id, cycleId)).get();
    expect(cycle).toMatchObject({
      type: 'initial',
      status: 'succeeded',
      total: 3,
      processed: 3,
      created: 1,
      skipped: 2,
    });
  });

  it('matches an existing target user whose userName contains " and \\ instead of creating it', async () => {
    const upn = 'o"brien\\x@contoso.example';
    const res = await fetch(`${h.scim.baseUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.scim.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: upn, active: true }),
    });
    expect(res.status).toBe(201);
    const existing = (await res.json()) as { id: string };
    h.scim.requests.length = 0;
    const u = h.addUser({ userPrincipalName: upn, displayName: 'Quirky' });
    const cycleId = await h.cycle();
    const gets = h.scim.requests.filter((r) => r.method === 'GET');
    expect(gets[0]?.query.filter).toBe('userName eq "o\\"brien\\\\x@contoso.example"');
    expect(writes().map((r) => r.method)).toEqual(['PATCH']); // adopt + send the differing attributes, no POST
    expect(h.link(u.id)?.targetId).toBe(existing.id);
    expect(h.logs(cycleId)[0]).toMatchObject({ provisioningAction: 'update', status: 'success' });
  });

  it('logs a failed request with code and reason and goes on with the cycle', async () => {
    h.setApp({ maxConcurrency: 1 }); // one request at a time, so the first user's attempts take all four faults
    h.addUser(person('first'));
    h.addUser(person('second'));
    // 4 answers of 500 exhaust the client's retries for the first user; the second is created.
    h.scim.faults.add({ method: 'POST', path: '/Users', status: 500, times: 4 });
    const cycleId = await h.cycle();
    const rows = h.logs(cycleId);
    const failed = rows.filter((r) => r.status === 'failure');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ provisioningAction: 'create', errorCode: 'InternalServerError' });
    expect(failed[0]?.errorReason).toBeTruthy();
    expect(rows.filter((r) => r.status === 'success')).toHaveLength(1);
    expect(h.db.select().from(cycles).where(eq(cycles.id, cycleId)).get()?.status).toBe('entry_errors');
  });
});

describe('incremental cycles', () => {
  it('sends one PATCH with only the changed attribute', async () => {
    const alice = h.addUser(person('alice'));
    await h.cycle();
    h.scim.requests.length = 0;
    h.update(alice.id, { jobTitle: 'Staff Engineer' });
    const cycleId = await h.cycle();
    expect(h.scim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH /Users/${h.link(alice.id)?.targetId}`]);
    expect(h.scim.requests[0]?.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'title', value: 'Staff Engineer' }],
    });
    const [row] = h.logs(cycleId);
    expect(row).toMatchObject({ provisioningAction: 'update', status: 'success' });
    expect(JSON.parse(row?.modifiedProperties ?? '[]')).toEqual([
      { displayName: 'title', oldValue: 'Engineer', newValue: 'Staff Engineer' },
    ]);
    const stored = h.scim.store.listUsers().find((u: { userName: string }) => u.userName === 'alice@contoso.example');
    expect(stored?.title).toBe('Staff Engineer');
  });

  it('sends no request at all when nothing changed', async () => {
    const a = h.addUser(person('alice'));
    const outsider = h.addUser(person('olga'), null);
    await h.cycle();
    h.scim.requests.length = 0;
    expect(h.logs(await h.cycle())).toHaveLength(0);
    h.update(a.id, { jobTitle: 'Engineer' }); // same value: no journal entry
    h.update(outsider.id, { jobTitle: 'Boss' }); // not assigned: evaluated, nothing sent
    const cycleId = await h.cycle();
    expect(h.scim.requests).toHaveLength(0);
    expect(h.logs(cycleId)).toHaveLength(0);
  });

  it.each<[string, (h: EngineHarness, id: string) => void]>([
    ['unassigned', (h, id) => h.unassign(id)],
    ['disabled in the directory', (h, id) => h.update(id, { accountEnabled: false })],
    ['soft-deleted', (h, id) => h.remove(id, false)],
    ['re-assigned with Default Access', (h, id) => h.assign(id, 'Default Access')],
  ])('disables a user who is %s (active false), once', async (_name, act) => {
    const u = h.addUser(person('alice'));
    await h.cycle();
    h.scim.requests.length = 0;
    act(h, u.id);
    const cycleId = await h.cycle();
    expect(writes()).toHaveLength(1);
    expect(writes()[0]).toMatchObject({
      method: 'PATCH',
      body: { Operations: [{ op: 'replace', path: 'active', value: false }] },
    });
    expect(h.logs(cycleId)[0]).toMatchObject({ provisioningAction: 'disable', status: 'success' });
    expect(h.link(u.id)?.state).toBe('disabled');
    const again = await h.cycle();
    expect(writes()).toHaveLength(1);
    expect(h.logs(again)).toHaveLength(0);
  });

  it('re-enables a disabled user who comes back into scope', async () => {
    const u = h.addUser(person('alice'));
    await h.cycle();
    h.update(u.id, { accountEnabled: false });
    await h.cycle();
    h.scim.requests.length = 0;
    h.update(u.id, { accountEnabled: true });
    const cycleId = await h.cycle();
    expect(writes()[0]?.body).toMatchObject({ Operations: [{ op: 'replace', path: 'active', value: true }] });
    expect(h.logs(cycleId)[0]).toMatchObject({ provisioningAction: 'update', status: 'success' });
    expect(h.link(u.id)?.state).toBe('active');
  });

  it('deletes a hard-deleted user in the target', async () => {
    const u = h.addUser(person('alice'));
    await h.cycle();
    const targetId = h.link(u.id)?.targetId;
    h.scim.requests.length = 0;
    h.remove(u.id, true);
    const cycleId = await h.cycle();
    expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /Users/${targetId}`]);
    expect(h.logs(cycleId)[0]).toMatchObject({ provisioningAction: 'delete', status: 'success', targetId });
    expect(h.link(u.id)).toBeNull();
    expect(h.scim.store.countUsers()).toBe(0);
  });

  it('writes exactly one log row per write request', async () => {
    const users = ['a1', 'a2', 'a3', 'a4'].map((n) => h.addUser(person(n)));
    await h.cycle();
    const [a1, a2, a3, a4] = users;
    if (!a1 || !a2 || !a3 || !a4) throw new Error('setup');
    h.update(a1.id, { department: 'Sales' });
    h.unassign(a2.id);
    h.remove(a3.id, true);
    h.update(a4.id, { surname: 'Changed', mail: 'new@contoso.example' });
    h.scim.requests.length = 0;
    const cycleId = await h.cycle();
    const rows = h.logs(cycleId);
    expect(rows).toHaveLength(writes().length);
    expect(rows.map((r) => r.provisioningAction).sort()).toEqual(['delete', 'disable', 'update', 'update']);
    const a4row = rows.find((r) => r.sourceId === a4.id);
    expect(JSON.parse(a4row?.modifiedProperties ?? '[]').map((p: { displayName: string }) => p.displayName)).toEqual([
      'emails[type eq "work"].value',
      'name.familyName',
      'name.formatted',
    ]);
  });
});
