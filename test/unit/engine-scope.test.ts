import { describe, expect, it } from 'vitest';
import { evaluateScope, type ScopeInput } from '../../src/engine/sync/scope';

const user = { role: 'User', isDefaultAccess: false };
const defaultAccess = { role: 'Default Access', isDefaultAccess: true };
const base: ScopeInput = { softDeleted: false, accountEnabled: true, appScope: 'assigned', assignment: user };

describe('evaluateScope', () => {
  it.each<[string, Partial<ScopeInput>, boolean, string]>([
    ['assigned active user', {}, true, 'User is assigned to the application with role User'],
    ['unassigned user', { assignment: null }, false, 'User is not assigned to the application'],
    [
      'Default Access role',
      { assignment: defaultAccess },
      false,
      'User is assigned with role Default Access, which is excluded from provisioning',
    ],
    ['soft-deleted', { softDeleted: true }, false, 'User is soft-deleted in the directory'],
    ['disabled', { accountEnabled: false }, false, 'User is disabled in the directory (accountEnabled is false)'],
    ['scope all, unassigned', { appScope: 'all', assignment: null }, true, 'User is active and in scope'],
    [
      'scope all, disabled',
      { appScope: 'all', assignment: null, accountEnabled: false },
      false,
      'User is disabled in the directory (accountEnabled is false)',
    ],
  ])('%s', (_name, patch, inScope, reason) => {
    const r = evaluateScope({ ...base, ...patch });
    expect(r.inScope).toBe(inScope);
    expect(r.reason).toBe(reason);
  });

  it('lists every check with its result, in Entra order', () => {
    expect(evaluateScope({ ...base, assignment: defaultAccess }).checks).toEqual([
      { name: 'Active in the source system', passed: true },
      { name: 'Assigned to the application', passed: true },
      { name: 'User has the required role', passed: false },
    ]);
  });
});
