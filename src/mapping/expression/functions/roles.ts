/**
 * Entra's functions for provisioning app roles as complex roles (entra.md §6.2): each gives the names of the
 * user's app role assignments, and the target attribute `roles` turns them into role entries (see
 * resource-builder.ts for the create shape and engine/sync/role-wire.ts for the PATCH shapes, entra.md §5.3).
 * The two differ only in how an update is sent: AppRoleAssignmentsComplex adds (never removes a role),
 * AssertiveAppRoleAssignmentsComplex replaces the whole list.
 */
import { list } from './coerce';
import { type FunctionDef, fn } from './types';

/** AppRoleAssignmentsComplex, AssertiveAppRoleAssignmentsComplex. */
export const ROLE_FUNCTIONS: readonly FunctionDef[] = [
  'AppRoleAssignmentsComplex',
  'AssertiveAppRoleAssignmentsComplex',
].map((name) =>
  fn(name, 1, 1, ([value = null], ctx) => {
    const roles = [...new Set(list(value, ctx))];
    return roles.length === 0 ? null : roles;
  }),
);
