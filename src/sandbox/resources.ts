/**
 * The scimmy resource handlers (ingress/egress/degress) for Users and Groups.
 *
 * scimmy keeps declarations in static, process-wide state: `Resources.declare(User).egress(h)` replaces the
 * handler for every caller in the process. So the handlers are declared once, hold no store, and take the
 * store of the request at hand from the `ctx` argument that scimmy passes from `read/write/patch/dispose`
 * down to them. Several sandboxes in one process (tests, the benchmark, the demo) thus never see each other's
 * data. An explicit argument was preferred over AsyncLocalStorage: same isolation, nothing implicit to trace.
 * The static `basepath` is left unset for the same reason; `meta.location` is built from each request's mount.
 *
 * The handlers are synchronous (better-sqlite3): once a request's body is read, scimmy's read → apply → write
 * of a PATCH runs on microtasks only, so no other request can interleave and lose an update, and the
 * uniqueness check and the insert cannot race.
 */
import crypto from 'node:crypto';
import SCIMMY from 'scimmy';
import { candidateRows, matchRows } from './filter-plan';
import { PAGING, type ResourceKind } from './protocol';
import { nameKeyOf, type ResourceRows, type ScimData, type StoredRow, toScimResource } from './store-rows';

/** Per-request state handed to scimmy as `ctx`; egress reports the list total back through it. */
export interface SandboxContext {
  rows: ResourceRows;
  /** Absolute URL of the mount point, e.g. `http://127.0.0.1:3000/sandbox/scim/v2`. */
  baseUrl: string;
  page: { startIndex: number; count: number };
  total: number;
}

/** Parameters scimmy's resource constructors accept (the subset the sandbox uses). */
export interface ResourceParams {
  attributes?: string;
  excludedAttributes?: string;
  count?: number;
}

type ResourceInstance = { id?: string; filter?: SCIMMY.Types.Filter };
type ResourceCtor = new (id?: string, config?: ResourceParams) => SCIMMY.Types.Resource;
// E10: scimmy's generic handler typings make declare(User | Group).ingress() uncallable; this is the shape used.
interface Declarable {
  ingress(h: (r: ResourceInstance, instance: object, ctx?: unknown) => Promise<object>): Declarable;
  egress(h: (r: ResourceInstance, ctx?: unknown) => Promise<object | object[]>): Declarable;
  degress(h: (r: ResourceInstance, ctx?: unknown) => Promise<void>): Declarable;
}

/** The scimmy resource class of each kind, to instantiate per request. */
export const RESOURCE_CLASSES: Record<ResourceKind, ResourceCtor> = {
  User: SCIMMY.Resources.User,
  Group: SCIMMY.Resources.Group,
};

const scimError = (status: number, scimType: string | null, detail: string) =>
  new SCIMMY.Types.Error(status, scimType as string, detail);
const notFound = (kind: ResourceKind, id: string | undefined) => scimError(404, null, `${kind} ${id} not found`);

let declared = false;

/** Configure scimmy and declare the User and Group handlers; idempotent. */
export function declareSandboxResources(): void {
  if (declared) return;
  declared = true;
  SCIMMY.Config.set({
    patch: true,
    filter: PAGING.maxCount,
    authenticationSchemes: [
      { type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'Bearer token (RFC 6750)', primary: true },
    ],
  });
  SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false);
  // scimmy declares roles.type with an empty canonical list, which refuses every value; RFC 7643 §4.1.2
  // specifies no canonical values for it (any label), and Entra labels roles "WindowsAzureActiveDirectoryRole".
  const roleType = SCIMMY.Schemas.User.definition.attribute('roles.type') as { config: { canonicalValues?: unknown } };
  roleType.config.canonicalValues = false;
  for (const kind of ['User', 'Group'] as const) {
    (SCIMMY.Resources.declare(RESOURCE_CLASSES[kind] as typeof SCIMMY.Resources.User) as unknown as Declarable)
      .ingress((r, instance, ctx) => guard(() => ingress(kind, r, instance, contextOf(ctx))))
      .egress((r, ctx) => guard(() => egress(kind, r, contextOf(ctx))))
      .degress((r, ctx) =>
        guard(() => {
          if (r.id === undefined || !contextOf(ctx).rows.remove(kind, r.id)) throw notFound(kind, r.id);
        }),
      );
  }
}

function contextOf(ctx: unknown): SandboxContext {
  if (typeof ctx === 'object' && ctx !== null && 'rows' in ctx) return ctx as SandboxContext;
  throw scimError(500, null, 'Sandbox resource called without a request context');
}

// scimmy reports any non-SCIM exception from a handler as 404 "not found"; keep real failures 500s.
async function guard<T>(fn: () => T): Promise<T> {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SCIMMY.Types.Error) throw err;
    throw Object.assign(scimError(500, null, 'Internal error in the sandbox store'), { cause: err });
  }
}

function egress(kind: ResourceKind, r: ResourceInstance, c: SandboxContext): object | object[] {
  if (r.id !== undefined) {
    const row = c.rows.get(kind, r.id);
    if (!row) throw notFound(kind, r.id);
    return toScimResource(row, c.baseUrl);
  }
  const offset = c.page.startIndex - 1;
  if (!r.filter) {
    c.total = c.rows.count(kind);
    return c.rows.page(kind, offset, c.page.count).map((row) => toScimResource(row, c.baseUrl));
  }
  const matched = matchRows(candidateRows(c.rows, kind, r.filter), kind, r.filter, c.baseUrl);
  c.total = matched.length;
  return matched.slice(offset, offset + c.page.count);
}

function ingress(kind: ResourceKind, r: ResourceInstance, instance: object, c: SandboxContext): object {
  const { id: _id, meta: _meta, ...data } = JSON.parse(JSON.stringify(instance)) as ScimData;
  if (kind === 'Group') data.members = checkedMembers(c.rows, data.members);
  const existing = r.id === undefined ? undefined : c.rows.get(kind, r.id);
  if (r.id !== undefined && !existing) throw notFound(kind, r.id);
  // Entra matches on these, so two resources sharing one would make its queries ambiguous (RFC 7644 §3.3).
  const clash = c.rows.byName(kind, nameKeyOf(kind, data)).find((other) => other.id !== r.id);
  if (clash) {
    const attr = kind === 'User' ? 'userName' : 'displayName';
    throw scimError(409, 'uniqueness', `${attr} '${String(data[attr])}' is already in use by ${kind} ${clash.id}`);
  }
  // An unchanged PATCH or PUT keeps meta.lastModified: nothing was modified.
  if (existing && JSON.stringify(existing.data) === JSON.stringify(data)) return toScimResource(existing, c.baseUrl);
  const now = new Date().toISOString();
  const row: StoredRow = existing
    ? { ...existing, data, lastModified: now }
    : { id: crypto.randomUUID(), kind, data, created: now, lastModified: now };
  if (existing) c.rows.update(row);
  else c.rows.insert(row);
  return toScimResource(row, c.baseUrl);
}

/** Members deduplicated by `value`; each must be an existing User or Group id. */
function checkedMembers(rows: ResourceRows, members: unknown): ScimData[] | undefined {
  if (!Array.isArray(members) || members.length === 0) return undefined;
  const byValue = new Map<string, ScimData>();
  for (const m of members as ScimData[]) {
    const value = String(m.value);
    if (!rows.get('User', value) && !rows.get('Group', value)) {
      throw scimError(400, 'invalidValue', `Group member '${value}' is not an existing User or Group id`);
    }
    if (!byValue.has(value)) byValue.set(value, m);
  }
  return [...byValue.values()];
}
