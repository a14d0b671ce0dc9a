/**
 * planUser, the pure decision of one user's action, case by case: every action it returns and why. It never
 * returns `create` itself: an unlinked user in scope gets `match`, and the export step creates when the
 * target has no match (match-or-create.ts).
 */
import { describe, expect, it } from 'vitest';
import { type Link, type Plan, type PlanInput, planUser } from '../../src/engine/sync/plan';

const OUT = 'User is not assigned to the application';
const MANAGED = new Set(['userName', 'displayName', 'active', 'title']);

const link = (exported: Link['exported'], state: Link['state'] = 'active'): Link => ({
  targetId: 't-1',
  exported,
  state,
});

const alice = { userName: 'alice@contoso.example', displayName: 'Alice', active: true, title: 'Engineer' };

const input = (over: Partial<PlanInput>): PlanInput => ({
  exists: true,
  inScope: true,
  outOfScopeReason: OUT,
  link: null,
  desired: alice,
  managedPaths: MANAGED,
  ...over,
});

const CASES: Array<[string, Partial<PlanInput>, Plan]> = [
  // Hard-deleted in the directory.
  ['deleted and linked: delete', { exists: false, desired: null, link: link(alice) }, { action: 'delete' }],
  [
    'deleted, never provisioned: skip',
    { exists: false, desired: null },
    { action: 'skip', reason: 'User was deleted and was never provisioned' },
  ],
  ['deleted wins over an in-scope flag', { exists: false, inScope: true, link: link(alice) }, { action: 'delete' }],
  // Out of scope (unassigned, disabled in the directory, soft-deleted, failing a scoping filter).
  [
    'out of scope, never provisioned: skip with the scope reason',
    { inScope: false, desired: null },
    { action: 'skip', reason: `${OUT}; it was never provisioned, so there is nothing to do` },
  ],
  [
    'out of scope and linked active: disable',
    { inScope: false, desired: null, link: link(alice) },
    { action: 'disable' },
  ],
  [
    'out of scope and already disabled: skip',
    { inScope: false, desired: null, link: link({ ...alice, active: false }, 'disabled') },
    { action: 'skip', reason: `${OUT}; it is already disabled in the target` },
  ],
  // In scope.
  ['in scope, not linked: match (then adopt or create)', { link: null }, { action: 'match' }],
  [
    'in scope and up to date: no-op skip',
    { link: link(alice) },
    { action: 'skip', reason: 'User is already up to date in the target' },
  ],
  [
    'in scope with a changed value: update with the diff',
    { link: link(alice), desired: { ...alice, title: 'Manager' } },
    { action: 'update', ops: [{ op: 'replace', path: 'title', value: 'Manager' }] },
  ],
  [
    'in scope with a changed and a lost value: replace and remove',
    {
      link: link({ ...alice, title: 'Engineer' }),
      desired: { userName: alice.userName, displayName: 'Alice B', active: true },
    },
    {
      action: 'update',
      ops: [
        { op: 'replace', path: 'displayName', value: 'Alice B' },
        { op: 'remove', path: 'title' },
      ],
    },
  ],
  [
    'back in scope after a disable: update sets active again',
    { link: link({ ...alice, active: false }, 'disabled') },
    { action: 'update', ops: [{ op: 'replace', path: 'active', value: true }] },
  ],
  [
    'create-only paths (exported, not managed by updates) are not compared',
    { link: link({ ...alice, password: 'initial', externalId: 'old' }) },
    { action: 'skip', reason: 'User is already up to date in the target' },
  ],
  [
    'a managed path absent from the export is added',
    { link: link({ userName: alice.userName, displayName: 'Alice', active: true }) },
    { action: 'update', ops: [{ op: 'add', path: 'title', value: 'Engineer' }] },
  ],
  [
    'unassigned values ("" and []) count as absent',
    { link: link({ ...alice, title: '' }), desired: { ...alice, title: [] } },
    { action: 'skip', reason: 'User is already up to date in the target' },
  ],
];

describe('planUser', () => {
  it.each(CASES)('%s', (_name, over, expected) => {
    expect(planUser(input(over))).toEqual(expected);
  });
});
