import { describe, expect, it } from 'vitest';
import { roleMode, roleWireOps } from '../../src/engine/sync/role-wire';
import type { AttributeMapping } from '../../src/mapping/types';
import { parseScimPath } from '../../src/scim/paths';
import { buildResource, readPath } from '../../src/scim/resource-builder';

const expr = (target: string, expression: string): AttributeMapping => ({
  target,
  type: 'expression',
  expression,
  apply: 'always',
});

describe('role paths and shapes (entra.md §5.3)', () => {
  it.each(['roles[primary eq "True"].value', 'roles[primary eq true].value', 'roles[PRIMARY eq "true"].display'])(
    'parses %s as the primary entry',
    (path) => {
      expect(parseScimPath(path).filter).toEqual({ attribute: 'primary', value: 'True' });
    },
  );

  it('refuses [primary eq "False"], which names no single entry', () => {
    expect(() => parseScimPath('roles[primary eq "False"].value')).toThrow(
      /only \[type eq "..."\] and \[primary eq "True"\]/,
    );
  });

  it('builds and reads back the primary role entry', () => {
    const body = buildResource({ 'roles[primary eq "True"].value': 'Admin', userName: 'a' }, 'User');
    expect(body.roles).toEqual([{ primary: true, type: 'WindowsAzureActiveDirectoryRole', value: 'Admin' }]);
    expect(readPath(body, 'roles[primary eq "True"].value')).toBe('Admin');
    expect(readPath(body, 'roles')).toEqual(['Admin']);
  });

  it.each<[AttributeMapping[], ReturnType<typeof roleMode>]>([
    [[expr('roles[primary eq "True"].value', 'SingleAppRoleAssignment([appRoleAssignments])')], 'single'],
    [[expr('roles', 'SingleAppRoleAssignment([appRoleAssignments])')], 'single'],
    [[expr('roles', 'appRoleAssignmentsComplex([appRoleAssignments])')], 'complex'],
    [
      [
        expr(
          'urn:ietf:params:scim:schemas:core:2.0:User:roles',
          'AssertiveAppRoleAssignmentsComplex([appRoleAssignments])',
        ),
      ],
      'assertive',
    ],
    [[expr('roles', 'Join(",", [appRoleAssignments])')], null],
    [[expr('title', 'SingleAppRoleAssignment([appRoleAssignments])')], null],
  ])('%j provisions roles as %s', (mappings, mode) => {
    expect(roleMode(mappings)).toBe(mode);
  });

  it('reshapes only role ops; removals and other attributes stay', () => {
    const ids = new Map([['admin', 'r-1']]);
    const ops = [
      { op: 'replace' as const, path: 'roles[primary eq "True"].value', value: 'Admin' },
      { op: 'replace' as const, path: 'title', value: 'x' },
      { op: 'remove' as const, path: 'roles' },
    ];
    expect(roleWireOps(ops, 'single', ids)).toEqual([
      { op: 'add', path: 'roles', value: [{ value: '{"id":"r-1","value":"Admin","displayName":"Admin"}' }] },
      ops[1],
      ops[2],
    ]);
    // A role the application does not know (a constant mapping) goes without an id.
    const add = [{ op: 'add' as const, path: 'roles', value: [{ primary: true, value: 'Guest' }] }];
    expect(roleWireOps(add, 'single', ids)).toEqual([
      { op: 'add', path: 'roles', value: [{ value: '{"value":"Guest","displayName":"Guest"}' }] },
    ]);
  });
});
