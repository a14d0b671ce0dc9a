/** Roles and who may do what. Viewer reads, operator runs things, admin configures. */
import { ValidationError } from '../errors';
export type Role = 'admin' | 'operator' | 'viewer';
export const ROLES: readonly Role[] = ['admin', 'operator', 'viewer'];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** True when `role` is at least `needed`. */
export function hasRole(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** Who did something: written into audit rows and log rows' initiatedBy. */
export interface Actor {
  type: 'account' | 'token' | 'system' | 'cli';
  id: string | null;
  name: string;
  role: Role;
  ip?: string | undefined;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, name: 'Provisio provisioning service', role: 'admin' };
export const CLI_ACTOR: Actor = { type: 'cli', id: null, name: 'command line', role: 'admin' };

/** Parse a role name; a ValidationError names the allowed ones. */
export function checkRole(role: string): Role {
  if (!ROLES.includes(role as Role)) {
    throw new ValidationError(`role must be one of ${ROLES.join(', ')}`, [{ path: 'role', message: 'unknown role' }]);
  }
  return role as Role;
}
