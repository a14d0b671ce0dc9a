/** Roles and who may do what. Viewer reads, operator runs things, admin configures. */

import { ROLES, type Role } from '../kernel/actor';
import { ValidationError } from '../kernel/errors';

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** True when `role` is at least `needed`. */
export function hasRole(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** Parse a role name; a ValidationError names the allowed ones. */
export function checkRole(role: string): Role {
  if (!ROLES.includes(role as Role)) {
    throw new ValidationError(`role must be one of ${ROLES.join(', ')}`, [{ path: 'role', message: 'unknown role' }]);
  }
  return role as Role;
}
