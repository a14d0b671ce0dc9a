/**
 * App roles on the wire as Entra sends them in updates (entra.md §5.3, Microsoft's "Provisioning a role to a
 * SCIM app"). The diff works on flat values (`roles[primary eq "True"].value: "Admin"`, `roles: ["A", "B"]`)
 * like every other attribute, so links and logs stay uniform; only the request body is reshaped here:
 * - SingleAppRoleAssignment and AppRoleAssignmentsComplex: `add roles` with one entry per role whose
 *   `value` is the role as JSON text, `{"id":…,"value":…,"displayName":…}`; a role is never removed.
 * - AssertiveAppRoleAssignmentsComplex: `replace roles` with the complex entries the create sends, so roles
 *   no longer assigned are removed in the target.
 * Creates need nothing from here: the resource builder gives the POST shapes.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { appRoles } from '../../../db/schema';
import { parseExpression } from '../../mapping/expression/index';
import type { AttributeMapping } from '../../mapping/types';
import type { ScimClient } from '../../scim/client';
import type { PatchOperation } from '../../scim/patch-diff';
import { safeParseScimPath } from '../../scim/paths';
import { ENTRA_ROLE_TYPE } from '../../scim/resource-builder';
import { isCoreSchema } from '../../scim/urns';

export type RoleMode = 'single' | 'complex' | 'assertive';

const MODES: Record<string, RoleMode> = {
  singleapproleassignment: 'single',
  approleassignmentscomplex: 'complex',
  assertiveapproleassignmentscomplex: 'assertive',
};

const isRolesPath = (target: string) => {
  const p = safeParseScimPath(target);
  return (
    p.ok && p.value.attribute.toLowerCase() === 'roles' && (!p.value.schema || isCoreSchema(p.value.schema, 'User'))
  );
};

/** How the user mappings provision roles: by the role function at the top of the `roles` mapping. */
export function roleMode(mappings: readonly AttributeMapping[]): RoleMode | null {
  for (const m of mappings) {
    if (m.type === 'none' || !isRolesPath(m.target)) continue;
    if (m.type === 'expression' && m.expression) {
      try {
        const expr = parseExpression(m.expression);
        const mode = expr.kind === 'call' ? MODES[expr.name.toLowerCase()] : undefined;
        if (mode) return mode;
      } catch {
        // An invalid expression fails each user with its own error.
      }
    }
    if (m.target.includes('[')) return 'single';
  }
  return null;
}

function roleNames(op: Extract<PatchOperation, { op: 'add' | 'replace' }>): string[] {
  const items: unknown[] = Array.isArray(op.value) ? [...op.value] : [op.value];
  // A new primary entry arrives as `[{primary: true, value}]` from the diff; a value as itself.
  const name = (i: unknown) =>
    String(typeof i === 'object' && i !== null ? ((i as { value?: unknown }).value ?? '') : i);
  return items.map(name).filter((n) => n !== '');
}

/** The ops as Entra sends them for `mode`; ops on other attributes, and role removals, are unchanged. */
export function roleWireOps(
  ops: readonly PatchOperation[],
  mode: RoleMode,
  roleIds: ReadonlyMap<string, string>,
): PatchOperation[] {
  return ops.map((op) => {
    if (op.op === 'remove' || !isRolesPath(op.path)) return op;
    // Sub-attributes other than value (roles[primary eq "True"].display) are sent as they are.
    if (/\]\.(?!value$)/i.test(op.path)) return op;
    const names = roleNames(op);
    if (mode === 'assertive') {
      const value = names.map((n) => ({ primary: false, type: ENTRA_ROLE_TYPE, display: n, value: n }));
      return { op: 'replace', path: 'roles', value };
    }
    const value = names.map((n) => {
      const id = roleIds.get(n.toLowerCase());
      return {
        value: JSON.stringify(id === undefined ? { value: n, displayName: n } : { id, value: n, displayName: n }),
      };
    });
    return { op: 'add', path: 'roles', value };
  });
}

/** Role ids by lower-case display name (unique per application): the `id` in Entra's role JSON. */
export function roleIdsOf(db: Pick<Db, 'select'>, appId: string): Map<string, string> {
  const rows = db
    .select({ id: appRoles.id, name: appRoles.displayName })
    .from(appRoles)
    .where(eq(appRoles.appId, appId))
    .all();
  return new Map(rows.map((r) => [r.name.toLowerCase(), r.id]));
}

/** The client with user PATCHes in Entra's role shapes; the same client when no mapping provisions roles. */
export function withRoleWire(
  client: ScimClient,
  mappings: readonly AttributeMapping[],
  roleIds: () => ReadonlyMap<string, string>,
): ScimClient {
  const mode = roleMode(mappings);
  if (!mode) return client;
  let ids: ReadonlyMap<string, string> | null = null;
  // Views taken with observe() (one per object) keep the role shapes and share the role ids read once.
  const wire = (inner: ScimClient): ScimClient => ({
    ...inner,
    patchUser: (id, ops) => {
      ids ??= roleIds();
      return inner.patchUser(id, roleWireOps(ops, mode, ids));
    },
    observe: (onExchange) => wire(inner.observe(onExchange)),
  });
  return wire(client);
}
