import { describe, expect, it } from 'vitest';
import { createsCycle, type Edges, expandMembers, usersToProvision } from '../../src/directory/membership-graph';
import { chunk, memberDelta, memberRequests, planGroup } from '../../src/engine/groups/plan';
import { chooseAssignment } from '../../src/engine/sync/effective-assignment';

const u = (id: string) => ({ id, type: 'user' as const });
const g = (id: string) => ({ id, type: 'group' as const });
const graph = (entries: Record<string, ReturnType<typeof u | typeof g>[]>): Edges => new Map(Object.entries(entries));

describe('transitive expansion', () => {
  const nested = graph({ A: [u('a1'), g('B')], B: [u('b1'), u('a1'), g('C')], C: [u('c1')], D: [g('A')] });
  const loop = graph({ X: [u('x1'), g('Y')], Y: [u('y1'), g('X')] });
  it.each<[string, Edges, string, string[], string[]]>([
    ['direct users only', graph({ A: [u('a1'), u('a2')] }), 'A', ['a1', 'a2'], []],
    ['two levels, a user reached twice counted once', nested, 'A', ['a1', 'b1', 'c1'], ['B', 'C']],
    ['from the top of the chain', nested, 'D', ['a1', 'b1', 'c1'], ['A', 'B', 'C']],
    ['a leaf group', nested, 'C', ['c1'], []],
    ['an unknown group has nobody', nested, 'Z', [], []],
    ['a cycle terminates', loop, 'X', ['x1', 'y1'], ['Y']],
  ])('%s', (_name, edges, root, users, groups) => {
    const r = expandMembers(root, edges);
    expect([...r.users].sort()).toEqual(users);
    expect([...r.groups].sort()).toEqual(groups);
  });

  it.each<[boolean, string[]]>([
    [false, ['a1']],
    [true, ['a1', 'b1', 'c1']],
  ])('users to provision with flatten=%s', (flatten, expected) => {
    expect([...usersToProvision('A', nested, flatten)].sort()).toEqual(expected);
  });

  it.each<[string, string, boolean]>([
    ['C', 'A', true], // A contains C: adding A to C loops
    ['A', 'A', true],
    ['A', 'D', true], // D contains A
    ['D', 'C', false],
    ['B', 'C', false], // already below, no loop
  ])('adding %s to … %s: cycle=%s', (parent, child, loops) => {
    expect(createsCycle(parent, child, nested)).toBe(loops);
  });
});

describe('member deltas and chunking', () => {
  it.each<[string[], string[], string[], string[]]>([
    [[], ['b', 'a'], ['a', 'b'], []],
    [['a', 'b', 'c'], ['b', 'c', 'd', 'e', 'f'], ['d', 'e', 'f'], ['a']],
    [['a', 'b'], [], [], ['a', 'b']],
    [['a'], ['a'], [], []],
  ])('%j → %j adds %j removes %j', (current, desired, add, remove) => {
    expect(memberDelta(current, desired)).toEqual({ add, remove });
  });

  it.each<[number, number, number[]]>([
    [0, 100, []],
    [1, 100, [1]],
    [100, 100, [100]],
    [101, 100, [100, 1]],
    [1000, 100, Array(10).fill(100)],
    [5, 0, [1, 1, 1, 1, 1]],
  ])('%i items in chunks of %i', (n, size, sizes) => {
    expect(
      chunk(
        Array.from({ length: n }, (_, i) => i),
        size,
      ).map((c) => c.length),
    ).toEqual(sizes);
  });

  it('sends removes first, then adds, never more than the limit per request', () => {
    const add = ['t1', 't2', 't3', 't4', 't5'];
    const reqs = memberRequests(add, ['r1', 'r2', 'r3'], 2, 'filter');
    expect(reqs.map((r) => [r.kind, r.ids])).toEqual([
      ['remove', ['r1', 'r2']],
      ['remove', ['r3']],
      ['add', ['t1', 't2']],
      ['add', ['t3', 't4']],
      ['add', ['t5']],
    ]);
    expect(reqs[0]?.ops).toEqual([
      { op: 'remove', path: 'members[value eq "r1"]' },
      { op: 'remove', path: 'members[value eq "r2"]' },
    ]);
    expect(reqs[2]?.ops).toEqual([{ op: 'add', path: 'members', value: [{ value: 't1' }, { value: 't2' }] }]);
    expect(memberRequests([], [], 100, 'value')).toEqual([]);
    expect(memberRequests([], ['r1', 'r2', 'r3'], 2, 'value').map((r) => r.ops)).toEqual([
      [{ op: 'remove', path: 'members', value: [{ value: 'r1' }, { value: 'r2' }] }],
      [{ op: 'remove', path: 'members', value: [{ value: 'r3' }] }],
    ]);
  });
});

describe('group plan', () => {
  const link = {
    targetId: 'T',
    exported: { displayName: 'Old', externalId: 'g1', members: ['u1'] },
    state: 'active' as const,
  };
  it.each<[string, Parameters<typeof planGroup>[0], unknown]>([
    [
      'deleted, linked → delete',
      { exists: false, inScope: false, outOfScopeReason: 'x', link, desired: null },
      { action: 'delete' },
    ],
    [
      'unassigned, linked → delete',
      { exists: true, inScope: false, outOfScopeReason: 'x', link, desired: null },
      { action: 'delete' },
    ],
    [
      'out of scope, never sent → skip',
      { exists: true, inScope: false, outOfScopeReason: 'Group is not assigned', link: null, desired: null },
      { action: 'skip', reason: 'Group is not assigned; it was never provisioned, so there is nothing to do' },
    ],
    [
      'new → match',
      { exists: true, inScope: true, outOfScopeReason: '', link: null, desired: { displayName: 'A' } },
      { action: 'match' },
    ],
    [
      'renamed → replace displayName only (members are not diffed here)',
      { exists: true, inScope: true, outOfScopeReason: '', link, desired: { displayName: 'New', externalId: 'g1' } },
      { action: 'update', ops: [{ op: 'replace', path: 'displayName', value: 'New' }] },
    ],
  ])('%s', (_name, input, expected) => {
    expect(planGroup(input)).toEqual(expected);
  });
});

describe('effective assignment', () => {
  const row = (principalId: string, role: string, isDefaultAccess = false, groupName: string | null = null) => ({
    principalId,
    role,
    isDefaultAccess,
    groupName,
  });
  it.each<[string, ReturnType<typeof row>[], unknown]>([
    ['none', [], null],
    ['direct', [row('me', 'User')], { role: 'User', isDefaultAccess: false, roles: ['User'], viaGroup: null }],
    [
      'through a group',
      [row('g', 'Admin', false, 'Sales')],
      { role: 'Admin', isDefaultAccess: false, roles: ['Admin'], viaGroup: 'Sales' },
    ],
    [
      'Default Access directly, a real role through a group: in scope through the group',
      [row('me', 'Default Access', true), row('g', 'User', false, 'Sales')],
      { role: 'User', isDefaultAccess: false, roles: ['User'], viaGroup: 'Sales' },
    ],
    [
      'only Default Access: excluded',
      [row('g', 'Default Access', true, 'Sales')],
      { role: 'Default Access', isDefaultAccess: true, roles: [], viaGroup: 'Sales' },
    ],
    [
      'direct and group: the direct one is named, both roles count',
      [row('g', 'Admin', false, 'Ops'), row('me', 'User')],
      { role: 'User', isDefaultAccess: false, roles: ['Admin', 'User'], viaGroup: null },
    ],
  ])('%s', (_name, rows, expected) => {
    expect(chooseAssignment(rows, 'me')).toEqual(expected);
  });
});
