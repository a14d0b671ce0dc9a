import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { cycles, provisioningLog } from '../../db/schema';
import { setScoping } from '../../src/apps/mappings';
import { createGroup, deleteGroup, updateGroup } from '../../src/directory/groups';
import { addMembers, removeMember } from '../../src/directory/memberships';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import type { RecordedRequest } from '../support/scim-server';

let h: EngineHarness;
afterEach(async () => {
  await h?.close();
});

const dir = () => ({ db: h.db, clock: systemClock, onChange: () => {} });
const newUsers = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) =>
    createUser(dir(), CLI_ACTOR, { userPrincipalName: `${prefix}${i}@c.example`, displayName: `${prefix} ${i}` }),
  );
const group = (displayName: string, members: string[] = []) => {
  const g = createGroup(dir(), CLI_ACTOR, { displayName });
  for (let i = 0; i < members.length; i += 1000)
    addMembers(dir(), CLI_ACTOR, g.id, { memberIds: members.slice(i, i + 1000) });
  return g;
};
type Op = { op: string; path: string; value?: { value: string }[] };
const groupPatches = (requests: RecordedRequest[]) =>
  requests.filter((r) => r.method === 'PATCH' && r.path.startsWith('/Groups/'));
const opsOf = (r: RecordedRequest) => (r.body as { Operations: Op[] }).Operations;
const membersSent = (r: RecordedRequest) =>
  opsOf(r).reduce((n, op) => n + (op.path === 'members' ? (op.value?.length ?? 0) : 1), 0);
const targetGroup = (name: string) => h.scim.store.listGroups().find((g) => g.displayName === name);
const targetMemberNames = (name: string) => {
  const byId = new Map(h.scim.store.listUsers().map((u) => [u.id, u.userName]));
  return (targetGroup(name)?.members ?? []).map((m) => byId.get(m.value)).sort();
};
const groupRows = (cycleId: string) => h.logs(cycleId).filter((r) => r.sourceType === 'group');

describe('group provisioning', () => {
  it('creates a group of 1,000 members without members, then fills it in chunks of 100', async () => {
    h = await engineHarness({ maxConcurrency: 8 });
    const people = newUsers(1000, 'big');
    const g = group(
      'Everyone',
      people.map((u) => u.id),
    );
    h.assign(g.id, 'User');
    const cycleId = await h.cycle();

    const posts = h.scim.requests.filter((r) => r.method === 'POST' && r.path === '/Groups');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ displayName: 'Everyone', externalId: g.id });
    expect(posts[0]?.body).not.toHaveProperty('members');
    // Every user exists before the first member PATCH: groups follow users.
    const firstPatch = h.scim.requests.findIndex((r) => r.method === 'PATCH' && r.path.startsWith('/Groups/'));
    const lastUserPost = h.scim.requests.map((r) => r.method === 'POST' && r.path === '/Users').lastIndexOf(true);
    expect(firstPatch).toBeGreaterThan(lastUserPost);
    const patches = groupPatches(h.scim.requests);
    expect(patches).toHaveLength(10);
    for (const p of patches) {
      expect(membersSent(p)).toBe(100);
      expect(opsOf(p).every((o) => o.op === 'add' && o.path === 'members')).toBe(true);
    }
    expect(targetGroup('Everyone')?.members).toHaveLength(1000);
    const [row] = groupRows(cycleId);
    expect(row).toMatchObject({ provisioningAction: 'create', status: 'success', sourceId: g.id });
    const modified = JSON.parse(row?.modifiedProperties ?? '[]') as { displayName: string; newValue: string }[];
    expect(modified.find((m) => m.displayName === 'members (added)')?.newValue.split('; ')).toHaveLength(1000);
  }, 60_000);

  // Entra's default removal (entra.md §5.4) and its aadOptscim062020 form (§5.5), chosen per application.
  const removals = {
    value: (ids: string[]) => [{ op: 'remove', path: 'members', value: ids.map((value) => ({ value })) }],
    filter: (ids: string[]) => ids.map((id) => ({ op: 'remove', path: `members[value eq "${id}"]` })),
  };
  it.each([
    ['default (value)', undefined, removals.value],
    ['value', 'value', removals.value],
    ['filter', 'filter', removals.filter],
  ] as const)(
    'sends exactly the delta when 3 members join and 2 leave (member removal form: %s), and disables those who lost their only assignment',
    async (_name, memberRemovalForm, removal) => {
      h = await engineHarness(memberRemovalForm ? { memberRemovalForm } : {});
      const people = newUsers(8, 'm');
      const g = group(
        'Sales',
        people.slice(0, 5).map((u) => u.id),
      );
      h.assign(g.id, 'User');
      await h.cycle();
      const gone = people.slice(0, 2);
      const joined = people.slice(5, 8);
      // m1 keeps a direct assignment: leaving the group must not disable it.
      h.assign(gone[1]?.id as string, 'User');
      addMembers(dir(), CLI_ACTOR, g.id, { memberIds: joined.map((u) => u.id) });
      for (const u of gone) removeMember(dir(), CLI_ACTOR, g.id, u.id);
      h.scim.clearRequests();
      const cycleId = await h.cycle();

      const patches = groupPatches(h.scim.requests);
      const ops = patches.flatMap(opsOf);
      const targetIdOf = (id: string) => h.link(id)?.targetId;
      expect(ops.filter((o) => o.op === 'add')).toEqual([
        {
          op: 'add',
          path: 'members',
          value: joined
            .map((u) => ({ value: targetIdOf(u.id) }))
            .sort((a, b) => (a.value as string).localeCompare(b.value as string)),
        },
      ]);
      // Removes go first, in one request (both fit in one chunk), target ids in code-unit order.
      expect(opsOf(patches[0] as RecordedRequest)).toEqual(
        removal(gone.map((u) => targetIdOf(u.id) as string).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))),
      );
      expect(targetMemberNames('Sales')).toEqual([
        'm2@c.example',
        'm3@c.example',
        'm4@c.example',
        'm5@c.example',
        'm6@c.example',
        'm7@c.example',
      ]);
      // m0 was only in scope through Sales: disabled. m1 stays active through its direct assignment.
      const target = new Map(h.scim.store.listUsers().map((u) => [u.userName, u]));
      expect(target.get('m0@c.example')?.active).toBe(false);
      expect(target.get('m1@c.example')?.active).toBe(true);
      expect(h.link(gone[0]?.id as string)?.state).toBe('disabled');
      const [row] = groupRows(cycleId);
      const modified = JSON.parse(row?.modifiedProperties ?? '[]') as {
        displayName: string;
        oldValue: string;
        newValue: string;
      }[];
      expect(row?.provisioningAction).toBe('update');
      expect(modified.find((m) => m.displayName === 'members (added)')?.newValue).toBe(
        'm5@c.example; m6@c.example; m7@c.example',
      );
      expect(modified.find((m) => m.displayName === 'members (removed)')?.oldValue).toBe('m0@c.example; m1@c.example');
    },
  );

  it('sends nested members when flattening is on, and only direct users when it is off', async () => {
    h = await engineHarness({ flattenNestedGroups: true });
    const [a, b, c] = newUsers(3, 'n');
    const inner = group('Inner', [b?.id as string, c?.id as string]);
    const outer = group('Outer', [a?.id as string, inner.id]);
    h.assign(outer.id, 'User');
    await h.cycle();
    // Nested users are in scope through the outer group, and the outer group carries them.
    expect(h.scim.store.countUsers()).toBe(3);
    expect(targetMemberNames('Outer')).toEqual(['n0@c.example', 'n1@c.example', 'n2@c.example']);
    // Only assigned groups are provisioned; Inner was not assigned.
    expect(targetGroup('Inner')).toBeUndefined();
    // Incremental: a user joining the nested group reaches the outer group's members with one add.
    const [e] = newUsers(1, 'nested');
    addMembers(dir(), CLI_ACTOR, inner.id, { memberIds: [e?.id as string] });
    h.scim.clearRequests();
    await h.cycle();
    expect(targetMemberNames('Outer')).toContain('nested0@c.example');
    expect(groupPatches(h.scim.requests).flatMap(opsOf)).toEqual([
      { op: 'add', path: 'members', value: [{ value: h.link(e?.id as string)?.targetId }] },
    ]);

    h.setApp({ flattenNestedGroups: false });
    const [d] = newUsers(1, 'late');
    addMembers(dir(), CLI_ACTOR, inner.id, { memberIds: [d?.id as string] });
    await h.cycle();
    // The late user is provisioned (in scope through Outer) but not sent as a member of Outer.
    expect(h.scim.store.countUsers()).toBe(5);
    expect(targetMemberNames('Outer')).not.toContain('late0@c.example');
  });

  it('assigning a group provisions its members; renaming PATCHes displayName; unassigning DELETEs the group', async () => {
    h = await engineHarness();
    const people = newUsers(3, 'g');
    const g = group(
      'Support',
      people.map((u) => u.id),
    );
    await h.cycle();
    expect(h.scim.store.countUsers()).toBe(0);
    h.assign(g.id, 'User');
    await h.cycle();
    expect(
      h.scim.store
        .listUsers()
        .map((u) => u.userName)
        .sort(),
    ).toEqual(['g0@c.example', 'g1@c.example', 'g2@c.example']);

    updateGroup(dir(), CLI_ACTOR, g.id, { displayName: 'Customer Support' });
    h.scim.clearRequests();
    await h.cycle();
    const patch = groupPatches(h.scim.requests);
    expect(patch.map(opsOf)).toEqual([[{ op: 'replace', path: 'displayName', value: 'Customer Support' }]]);
    expect(targetGroup('Customer Support')?.members).toHaveLength(3);

    const targetId = h.link(g.id)?.targetId;
    h.unassign(g.id);
    h.scim.clearRequests();
    const cycleId = await h.cycle();
    expect(h.scim.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`/Groups/${targetId}`]);
    expect(h.link(g.id)).toBeNull();
    expect(h.scim.store.countGroups()).toBe(0);
    expect(groupRows(cycleId)[0]).toMatchObject({ provisioningAction: 'delete', sourceType: 'group' });
    // The members lost their only assignment: disabled.
    expect(h.scim.store.listUsers().every((u) => u.active === false)).toBe(true);
  });

  it('matches an existing target group by displayName instead of creating it', async () => {
    h = await engineHarness();
    const [u] = newUsers(1, 'x');
    const g = group('Finance', [u?.id as string]);
    h.assign(g.id, 'User');
    const existing = await fetch(`${h.scim.baseUrl}/Groups`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${h.scim.token}`, 'Content-Type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Finance' }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    h.scim.clearRequests();
    await h.cycle();
    const query = h.scim.requests.find((r) => r.method === 'GET' && r.path === '/Groups');
    expect(query?.query).toMatchObject({ excludedAttributes: 'members', filter: 'displayName eq "Finance"' });
    expect(h.scim.requests.filter((r) => r.method === 'POST' && r.path === '/Groups')).toHaveLength(0);
    expect(h.link(g.id)?.targetId).toBe(existing.id);
    expect(targetMemberNames('Finance')).toEqual(['x0@c.example']);
  });

  it('logs a warning row naming a member whose user failed to provision, and adds it once it is retried', async () => {
    h = await engineHarness({ maxConcurrency: 1 }, { escrowPolicy: { baseMs: 0, maxMs: 0 } });
    const people = newUsers(3, 'w');
    const g = group(
      'Ops',
      people.map((u) => u.id),
    );
    h.assign(g.id, 'User');
    h.scim.faults.add({ method: 'POST', path: '/Users', status: 400, body: { detail: 'rejected' } });
    const cycleId = await h.cycle();
    const failed = h.logs(cycleId).filter((r) => r.status === 'failure');
    expect(failed).toHaveLength(1);
    const failedUpn = people.find((u) => u.id === failed[0]?.sourceId)?.userPrincipalName as string;
    const [row] = groupRows(cycleId);
    expect(row).toMatchObject({ status: 'warning', errorCode: 'UnableToResolveReferenceAttributeValue' });
    expect(row?.errorReason).toContain(failedUpn);
    const steps = JSON.parse(row?.steps ?? '[]') as {
      provisioningStepType: string;
      status: string;
      description: string;
    }[];
    expect(steps.find((s) => s.provisioningStepType === 'referenceResolution')).toMatchObject({ status: 'warning' });
    expect(targetGroup('Ops')?.members).toHaveLength(2);

    // The next cycle retries the user from its escrow; the group comes along and sends just that member.
    h.scim.clearRequests();
    await h.cycle();
    expect(targetMemberNames('Ops')).toEqual(people.map((u) => u.userPrincipalName).sort());
    expect(groupPatches(h.scim.requests).flatMap(opsOf)).toEqual([
      { op: 'add', path: 'members', value: [{ value: h.link(failed[0]?.sourceId as string)?.targetId }] },
    ]);
  });

  it('deletes a soft-deleted group and sends no group requests when group provisioning is off', async () => {
    h = await engineHarness();
    const [u] = newUsers(1, 'd');
    const g = group('Temp', [u?.id as string]);
    h.assign(g.id, 'User');
    await h.cycle();
    expect(h.scim.store.countGroups()).toBe(1);
    deleteGroup(dir(), CLI_ACTOR, g.id, false);
    await h.cycle();
    expect(h.scim.store.countGroups()).toBe(0);

    h.setApp({ provisionGroups: false });
    const other = group('Other', [u?.id as string]);
    h.assign(other.id, 'User');
    h.scim.clearRequests();
    await h.cycle();
    expect(h.scim.requests.filter((r) => r.path.startsWith('/Groups'))).toEqual([]);
    const rows = h.db.select().from(provisioningLog).where(eq(provisioningLog.sourceId, other.id)).all();
    expect(rows).toEqual([]);
  });

  it('processes only the changed group and member in an incremental cycle', async () => {
    h = await engineHarness();
    const people = newUsers(60, 'inc');
    const big = group(
      'Big',
      people.slice(0, 50).map((u) => u.id),
    );
    const other = group(
      'Other',
      people.slice(50, 59).map((u) => u.id),
    );
    h.assign(big.id, 'User');
    h.assign(other.id, 'User');
    await h.cycle();
    const late = people[59] as { id: string };
    addMembers(dir(), CLI_ACTOR, other.id, { memberIds: [late.id] });
    h.scim.clearRequests();
    const cycleId = await h.cycle();
    const cycle = h.db.select().from(cycles).where(eq(cycles.id, cycleId)).get();
    expect(cycle?.total).toBe(2); // the new member and its group, not Big's 50 members
    expect(h.scim.writes().map((r) => `${r.method} ${r.path.split('/')[1]}`)).toEqual(['POST Users', 'PATCH Groups']);
  });

  it('applies the group scoping filters: a group that fails them is not provisioned (its members still are)', async () => {
    h = await engineHarness();
    const [a, b] = newUsers(2, 'f');
    const team = group('Team Blue', [a?.id as string]);
    const other = group('Staff', [b?.id as string]);
    h.assign(team.id, 'User');
    h.assign(other.id, 'User');
    setScoping(h.appsDeps, CLI_ACTOR, h.app.id, 'group', [
      { name: 'Teams only', clauses: [{ attribute: 'displayName', operator: 'REGEX MATCH', value: '^Team' }] },
    ]);
    const cycleId = await h.cycle();
    expect(h.scim.store.listGroups().map((g) => g.displayName)).toEqual(['Team Blue']);
    expect(h.scim.store.countUsers()).toBe(2);
    const skipped = groupRows(cycleId).find((r) => r.sourceId === other.id);
    expect(skipped?.status).toBe('skipped');
    expect(skipped?.steps).toContain('Group does not pass any scoping filter (Teams only: displayName REGEX MATCH');
  });
});
