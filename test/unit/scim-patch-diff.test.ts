import { describe, expect, it } from 'vitest';
import { applyOpsToFlat } from '../../src/engine/sync/patch-baseline';
import {
  diffForPatch,
  disableOps,
  flatOps,
  memberOps,
  type PatchOperation,
  patchBody,
  sameValue,
} from '../../src/scim/patch-diff';
import type { FlatValue, FlatValues } from '../../src/scim/resource-builder';
import { PATCH_OP_SCHEMA } from '../../src/scim/urns';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('diffForPatch', () => {
  const cases: Array<{ name: string; old: FlatValues; next: FlatValues; expected: PatchOperation[] }> = [
    { name: 'no change', old: { userName: 'a', active: true }, next: { userName: 'a', active: true }, expected: [] },
    {
      name: 'changed single value is replaced',
      old: { userName: 'a' },
      next: { userName: 'b' },
      expected: [{ op: 'replace', path: 'userName', value: 'b' }],
    },
    {
      name: 'new value is added (Entra sends Add for new single values)',
      old: {},
      next: { nickName: 'Babs' },
      expected: [{ op: 'add', path: 'nickName', value: 'Babs' }],
    },
    {
      name: 'removed value is removed',
      old: { title: 'CEO' },
      next: {},
      expected: [{ op: 'remove', path: 'title' }],
    },
    {
      name: 'cleared to "" or [] counts as removed (RFC 7643 §2.5)',
      old: { title: 'CEO', roles: ['a'] },
      next: { title: '', roles: [] },
      expected: [
        { op: 'remove', path: 'roles' },
        { op: 'remove', path: 'title' },
      ],
    },
    { name: 'absent to "" is no change', old: {}, next: { title: '' }, expected: [] },
    {
      name: 'multi-valued filter path kept as Entra sends it',
      old: { 'emails[type eq "work"].value': 'a@x', 'name.familyName': 'L' },
      next: { 'emails[type eq "work"].value': 'b@x', 'name.familyName': 'M' },
      expected: [
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'b@x' },
        { op: 'replace', path: 'name.familyName', value: 'M' },
      ],
    },
    {
      name: 'new typed entry is added whole (a filter that matches nothing is noTarget)',
      old: {},
      next: { 'phoneNumbers[type eq "mobile"].value': '+1' },
      expected: [{ op: 'add', path: 'phoneNumbers', value: [{ type: 'mobile', value: '+1' }] }],
    },
    {
      name: 'sub-attributes of one new entry go in one add, other entries apart',
      old: { 'emails[type eq "work"].value': 'a@x' },
      next: {
        'addresses[type eq "work"].locality': 'Berlin',
        'addresses[type eq "work"].postalCode': '10115',
        'emails[type eq "work"].value': 'a@x',
        'emails[type eq "other"].value': 'b@x',
      },
      expected: [
        { op: 'add', path: 'addresses', value: [{ type: 'work', locality: 'Berlin', postalCode: '10115' }] },
        { op: 'add', path: 'emails', value: [{ type: 'other', value: 'b@x' }] },
      ],
    },
    {
      name: 'a new sub-attribute of an existing entry keeps the filter path',
      old: { 'addresses[type eq "work"].locality': 'Berlin' },
      next: { 'addresses[type eq "work"].locality': 'Berlin', 'addresses[type eq "work"].postalCode': '10115' },
      expected: [{ op: 'add', path: 'addresses[type eq "work"].postalCode', value: '10115' }],
    },
    {
      name: 'escaped quotes in the filter value are unescaped in the entry',
      old: {},
      next: { 'emails[type eq "a\\"b"].value': 'x@y' },
      expected: [{ op: 'add', path: 'emails', value: [{ type: 'a"b', value: 'x@y' }] }],
    },
    {
      name: 'ops sorted by path whatever the key order',
      old: { [`${ENT}:department`]: 'A', userName: 'u', active: true },
      next: { userName: 'v', active: false, [`${ENT}:department`]: 'B', displayName: 'D' },
      expected: [
        { op: 'replace', path: 'active', value: false },
        { op: 'add', path: 'displayName', value: 'D' },
        { op: 'replace', path: `${ENT}:department`, value: 'B' },
        { op: 'replace', path: 'userName', value: 'v' },
      ],
    },
    {
      name: 'number vs string of the same number is no change',
      old: { [`${ENT}:employeeNumber`]: '42' },
      next: { [`${ENT}:employeeNumber`]: 42 },
      expected: [],
    },
    { name: 'legacy "False" vs false is no change', old: { active: 'False' }, next: { active: false }, expected: [] },
    {
      name: 'case change is a change',
      old: { displayName: 'ada' },
      next: { displayName: 'Ada' },
      expected: [{ op: 'replace', path: 'displayName', value: 'Ada' }],
    },
    {
      name: 'arrays compared order-insensitively',
      old: { roles: ['a', 'b'] },
      next: { roles: ['b', 'a'] },
      expected: [],
    },
    {
      name: 'array content change replaces the whole value',
      old: { roles: ['a', 'b'] },
      next: { roles: ['a', 'a'] },
      expected: [{ op: 'replace', path: 'roles', value: ['a', 'a'] }],
    },
  ];
  it.each(cases)('Should handle: $name', ({ old, next, expected }) => {
    expect(diffForPatch(old, next)).toEqual(expected);
  });
});

describe('sameValue', () => {
  const cases: Array<[FlatValue, FlatValue, boolean]> = [
    ['a', 'a', true],
    ['a', 'A', false],
    ['a ', 'a', false],
    [42, '42', true],
    [42, '42.0', true],
    [42, '042', true],
    [42, '', false],
    [42, 43, false],
    [true, 'true', true],
    [true, 'TRUE', true],
    [false, 'False', true],
    [false, 'no', false],
    [true, false, false],
    [['x'], 'x', true],
    [['x', 'y'], ['y', 'x'], true],
    [['x', 'y'], ['x'], false],
  ];
  it.each(cases)('Should compare %j and %j as %s', (a, b, expected) => {
    expect(sameValue(a, b)).toBe(expected);
    expect(sameValue(b, a)).toBe(expected);
  });
});

describe('patch helpers', () => {
  it('Should wrap ops in a PatchOp body', () => {
    const ops = disableOps();
    expect(patchBody(ops)).toEqual({
      schemas: [PATCH_OP_SCHEMA],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
  });

  it('Should disable with a boolean false', () => {
    expect(disableOps()).toEqual([{ op: 'replace', path: 'active', value: false }]);
  });

  it('Should build member adds and escaped per-member removes, deduplicated and sorted', () => {
    expect(memberOps({ add: ['u2', 'u1', 'u2'], remove: ['x"y', 'a'] }, 'filter')).toEqual([
      { op: 'add', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] },
      { op: 'remove', path: 'members[value eq "a"]' },
      { op: 'remove', path: 'members[value eq "x\\"y"]' },
    ]);
    expect(memberOps({})).toEqual([]);
  });

  it("Should remove members with a value list by default (Entra's default request, entra.md §5.4)", () => {
    expect(memberOps({ remove: ['x"y', 'a', 'a'] })).toEqual([
      { op: 'remove', path: 'members', value: [{ value: 'a' }, { value: 'x"y' }] },
    ]);
  });
});

describe('flatOps and the exported baseline (issue 12)', () => {
  const WORK = 'emails[type eq "work"]';
  it('turns a whole-entry add back into one add per mapped path', () => {
    const ops = diffForPatch({ title: 'a' }, { title: 'b', [`${WORK}.value`]: 'w@x', [`${WORK}.display`]: 'W' });
    expect(ops).toEqual([
      { op: 'add', path: 'emails', value: [{ type: 'work', display: 'W', value: 'w@x' }] },
      { op: 'replace', path: 'title', value: 'b' },
    ]);
    expect(flatOps(ops)).toEqual([
      { op: 'add', path: `${WORK}.display`, value: 'W' },
      { op: 'add', path: `${WORK}.value`, value: 'w@x' },
      { op: 'replace', path: 'title', value: 'b' },
    ]);
  });

  it('keeps a selector with a quote escaped, and passes member adds and other ops through', () => {
    const path = 'phoneNumbers[type eq "a\\"b"].value';
    expect(flatOps(diffForPatch({}, { [path]: '1' }))).toEqual([{ op: 'add', path, value: '1' }]);
    const members = memberOps({ add: ['u1'], remove: ['u2'] });
    expect(flatOps(members)).toEqual(members);
    expect(flatOps(disableOps())).toEqual(disableOps());
  });

  it.each<[string, FlatValues, FlatValues]>([
    ['a late work email', { userName: 'a' }, { userName: 'a', [`${WORK}.value`]: 'late@x' }],
    ['two typed entries at once', {}, { [`${WORK}.value`]: 'w', 'phoneNumbers[type eq "fax"].value': '1' }],
    ['a changed and a removed email', { [`${WORK}.value`]: 'w', title: 't' }, { [`${WORK}.value`]: 'v' }],
  ])('applying the diff to the old values gives the new ones: %s', (_n, old, next) => {
    const after = applyOpsToFlat(old, diffForPatch(old, next));
    expect(after).toEqual(next);
    expect(diffForPatch(after, next)).toEqual([]);
  });
});
