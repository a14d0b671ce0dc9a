/**
 * Between flat mapping output (`{ 'name.givenName': 'Ada', 'emails[type eq "work"].value': 'ada@x' }`) and
 * SCIM resource JSON (RFC 7643 §4). Pure: no I/O. `buildResource` makes the POST/PUT body; `readPath` and
 * `flattenResource` read a server's resource back into the same flat shape, for matching and drift checks.
 */
import { parseScimPath, type ScimPath, ScimPathError } from './paths';
import {
  coreSchemaFor,
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  isCoreSchema,
  type ScimResourceType,
  USER_SCHEMA,
} from './urns';

/** One mapped value. */
export type FlatValue = string | number | boolean | string[];

/** Target values keyed by SCIM path; null/undefined are never present (absent means "not sent"). */
export type FlatValues = Record<string, FlatValue>;

/** A SCIM resource as JSON. */
export type ScimResource = Record<string, unknown>;

/** Options for buildResource. */
export interface BuildOptions {
  /** Schema URNs to list even when no attribute of theirs is set (e.g. Entra's ADSCIM Group schema). */
  extraSchemas?: readonly string[];
}

/**
 * Complex attributes that mappings address by their bare name, meaning the `value` sub-attribute:
 * the enterprise `manager` (RFC 7643 §4.3, the manager's id) and group `members` (RFC 7643 §4.2, member ids).
 */
const VALUE_WRAPPED: ReadonlySet<string> = new Set(
  [`${ENTERPRISE_USER_SCHEMA}:manager`, `${GROUP_SCHEMA}:members`].map((k) => k.toLowerCase()),
);

/**
 * Entra's type for app roles it provisions (entra.md §5.3). The core `roles` attribute (RFC 7643 §4.1.2)
 * mapped by its bare name, or through `roles[primary eq "True"]`, is sent in Entra's shapes: one role (a
 * single value, SingleAppRoleAssignment) as `[{primary: true, type, value}]`, several (a list,
 * AppRoleAssignmentsComplex) as `[{primary: false, type, display, value}, ...]`.
 */
export const ENTRA_ROLE_TYPE = 'WindowsAzureActiveDirectoryRole';
const CORE_ROLES = `${USER_SCHEMA}:roles`.toLowerCase();

function roleEntries(value: FlatValue): ScimResource[] {
  if (!Array.isArray(value)) return [{ primary: true, type: ENTRA_ROLE_TYPE, value }];
  return value.map((v) => ({ primary: false, type: ENTRA_ROLE_TYPE, display: v, value: v }));
}

/** `id` and `meta` are readOnly and assigned by the server (RFC 7643 §3.1); a client never sends them. */
const SERVER_ASSIGNED: ReadonlySet<string> = new Set(['id', 'meta']);

/**
 * RFC 7643 §2.5: unassigned, null and an empty multi-valued attribute are the same state. We also count the
 * empty string, so a cleared source attribute is removed rather than sent as "".
 */
export function isUnassigned(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/**
 * The SCIM JSON for flat values: `schemas` lists the core URN plus every extension used; complex attributes
 * are nested; the first entry created in each multi-valued attribute gets `primary: true` (as Entra sends
 * `emails: [{primary: true, type: "work", value}]`); extension attributes sit under their URN; no nulls.
 * Entries follow the key order of `flat`. Throws ScimPathError for an invalid path.
 */
export function buildResource(flat: FlatValues, resourceType: ScimResourceType, opts: BuildOptions = {}): ScimResource {
  const schemas = [coreSchemaFor(resourceType)];
  const resource: ScimResource = { schemas };
  const addSchema = (urn: string) => {
    if (!schemas.some((s) => s.toLowerCase() === urn.toLowerCase())) schemas.push(urn);
  };
  for (const [path, value] of Object.entries(flat)) {
    if (isUnassigned(value)) continue;
    const p = parseScimPath(path);
    const extension = p.schema !== undefined && !isCoreSchema(p.schema, resourceType) ? p.schema : null;
    if (extension === null && SERVER_ASSIGNED.has(p.attribute.toLowerCase())) continue;
    if (extension !== null) addSchema(extension);
    const container = extension === null ? resource : childObject(resource, extension);
    setValue(container, p, value, extension ?? coreSchemaFor(resourceType), path);
  }
  for (const urn of opts.extraSchemas ?? []) addSchema(urn);
  return resource;
}

function setValue(container: ScimResource, p: ScimPath, value: FlatValue, schema: string, path: string): void {
  if (p.filter) {
    if (p.subAttribute === undefined) throw new ScimPathError(path, 'a [type eq "..."] selector needs a .subAttribute');
    const key = existingKey(container, p.attribute);
    const current = container[key];
    const entries: ScimResource[] = Array.isArray(current) ? current : [];
    container[key] = entries;
    let entry = entries.find((e) => matchesFilter(e, p.filter));
    if (!entry && p.filter.attribute === 'primary') {
      entry =
        `${schema}:${p.attribute}`.toLowerCase() === CORE_ROLES
          ? { primary: true, type: ENTRA_ROLE_TYPE }
          : { primary: true };
      entries.push(entry);
    } else if (!entry) {
      entry = entries.length === 0 ? { primary: true, type: p.filter.value } : { type: p.filter.value };
      entries.push(entry);
    }
    entry[p.subAttribute] = copy(value);
  } else if (p.subAttribute !== undefined) {
    childObject(container, p.attribute)[p.subAttribute] = copy(value);
  } else if (`${schema}:${p.attribute}`.toLowerCase() === CORE_ROLES) {
    container[existingKey(container, p.attribute)] = roleEntries(value);
  } else if (VALUE_WRAPPED.has(`${schema}:${p.attribute}`.toLowerCase())) {
    container[existingKey(container, p.attribute)] = Array.isArray(value)
      ? value.map((v) => ({ value: v }))
      : { value };
  } else {
    container[existingKey(container, p.attribute)] = copy(value);
  }
}

/** The value at `path` in a resource returned by a server, flattened like mapping output; undefined if unassigned. */
export function readPath(resource: ScimResource, path: string): FlatValue | undefined {
  const p = parseScimPath(path);
  const { schema } = p;
  const extension = schema !== undefined && !isCoreSchema(schema, 'User') && !isCoreSchema(schema, 'Group');
  let v: unknown = extension ? getCI(resource, schema) : resource;
  v = getCI(v, p.attribute);
  if (p.filter) {
    const filter = p.filter;
    v = Array.isArray(v) ? v.find((e) => matchesFilter(e, filter)) : undefined;
  }
  if (p.subAttribute !== undefined) v = getCI(v, p.subAttribute);
  return toFlat(v);
}

/** The values at `paths`, leaving out unassigned ones. */
export function flattenResource(resource: ScimResource, paths: readonly string[]): FlatValues {
  const out: FlatValues = {};
  for (const path of paths) {
    const v = readPath(resource, path);
    if (v !== undefined) out[path] = v;
  }
  return out;
}

function toFlat(v: unknown): FlatValue | undefined {
  if (typeof v === 'string' || typeof v === 'boolean') return v === '' ? undefined : v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (Array.isArray(v)) {
    // Multi-valued: primitives as text, complex entries by their `value` (members, roles, ...).
    const items = v
      .map((e) => toFlat(isObject(e) ? getCI(e, 'value') : e))
      .filter((e) => e !== undefined && !Array.isArray(e));
    return items.length === 0 ? undefined : items.map(String);
  }
  // A complex attribute read by its bare name (manager) stands for its `value` sub-attribute.
  if (isObject(v)) return toFlat(getCI(v, 'value'));
  return undefined;
}

/** Whether a multi-valued entry is the one a `[type eq "..."]` or `[primary eq "True"]` selector names. */
function matchesFilter(entry: unknown, filter: ScimPath['filter']): boolean {
  if (!filter) return false;
  const v = getCI(entry, filter.attribute);
  if (filter.attribute === 'primary') return v === true || String(v).toLowerCase() === 'true';
  return String(v ?? '').toLowerCase() === filter.value.toLowerCase();
}

function isObject(v: unknown): v is ScimResource {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// RFC 7643 §2.1: attribute names (and schema URNs used as keys) are case-insensitive.
function existingKey(obj: ScimResource, name: string): string {
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower) ?? name;
}

function getCI(obj: unknown, name: string): unknown {
  return isObject(obj) ? obj[existingKey(obj, name)] : undefined;
}

function childObject(parent: ScimResource, name: string): ScimResource {
  const key = existingKey(parent, name);
  const current = parent[key];
  if (isObject(current)) return current;
  const created: ScimResource = {};
  parent[key] = created;
  return created;
}

function copy(v: FlatValue): FlatValue {
  return Array.isArray(v) ? [...v] : v;
}
