/**
 * SCIM attributes ↔ directory attributes, as data (RFC 7643 §4.1 core User, §4.3 enterprise extension), and
 * the pure functions that read a SCIM resource (or a PATCH value at a path) into directory attributes and back.
 * Entries whose directory attribute the directory does not have are dropped at load, so the table can name
 * attributes that land later.
 */
import { USER_ATTRIBUTES } from '../../directory/user-input';
import { getCI, isObject, type Json } from './context';
import { URN } from './protocol';

export interface AttributeMapping {
  /** SCIM path as Entra sends it (`emails[type eq "work"].value`, `urn:…:User:department`). */
  scim: string;
  directory: string;
  kind?: 'boolean';
}

const ENT = `${URN.enterprise}:`;

const USER_MAP_ALL: AttributeMapping[] = [
  { scim: 'userName', directory: 'userPrincipalName' },
  { scim: 'name.givenName', directory: 'givenName' },
  { scim: 'name.familyName', directory: 'surname' },
  { scim: 'displayName', directory: 'displayName' },
  { scim: 'emails[type eq "work"].value', directory: 'mail' },
  { scim: 'title', directory: 'jobTitle' },
  { scim: 'active', directory: 'accountEnabled', kind: 'boolean' },
  { scim: `${ENT}department`, directory: 'department' },
  { scim: `${ENT}employeeNumber`, directory: 'employeeId' },
  { scim: `${ENT}organization`, directory: 'companyName' },
  { scim: 'userType', directory: 'employeeType' },
  { scim: 'preferredLanguage', directory: 'preferredLanguage' },
  { scim: 'phoneNumbers[type eq "work"].value', directory: 'telephoneNumber' },
  { scim: 'phoneNumbers[type eq "mobile"].value', directory: 'mobile' },
  { scim: 'phoneNumbers[type eq "fax"].value', directory: 'facsimileTelephoneNumber' },
  { scim: 'addresses[type eq "work"].streetAddress', directory: 'streetAddress' },
  { scim: 'addresses[type eq "work"].locality', directory: 'city' },
  { scim: 'addresses[type eq "work"].region', directory: 'state' },
  { scim: 'addresses[type eq "work"].postalCode', directory: 'postalCode' },
  { scim: 'addresses[type eq "work"].country', directory: 'country' },
];

const known = new Set<string>(USER_ATTRIBUTES);
export const USER_MAP: readonly AttributeMapping[] = USER_MAP_ALL.filter((m) => known.has(m.directory));
export const GROUP_MAP: readonly AttributeMapping[] = [{ scim: 'displayName', directory: 'displayName' }];

/** A parsed SCIM attribute path (RFC 7644 §3.10): `[urn:]attr[[type eq "x"]][.sub]`. */
interface Path {
  urn: string | null;
  attr: string;
  type: string | null;
  sub: string | null;
}

const PATH_RE = /^([A-Za-z][\w-]*)(?:\[\s*type\s+eq\s+"([^"]*)"\s*\])?(?:\.([A-Za-z][\w-]*))?$/i;

/** Parse a path; URNs are matched case-insensitively (RFC 7643 §2.1). Null when the form is not one we map. */
export function parsePath(raw: string): Path | null {
  let rest = raw.trim();
  let urn: string | null = null;
  for (const u of [URN.enterprise, URN.user, URN.group]) {
    if (rest.toLowerCase().startsWith(`${u.toLowerCase()}:`)) {
      urn = u === URN.enterprise ? u : null;
      rest = rest.slice(u.length + 1);
      break;
    }
  }
  const m = PATH_RE.exec(rest);
  if (!m?.[1]) return null;
  return { urn, attr: m[1], type: m[2] ?? null, sub: m[3] ?? null };
}

const samePath = (a: Path, b: Path) =>
  a.urn === b.urn &&
  a.attr.toLowerCase() === b.attr.toLowerCase() &&
  (a.type ?? '').toLowerCase() === (b.type ?? '').toLowerCase() &&
  (a.sub ?? '').toLowerCase() === (b.sub ?? '').toLowerCase();

/** The mapping a path names exactly, if any. */
export function mappingFor(map: readonly AttributeMapping[], raw: string): AttributeMapping | undefined {
  const p = parsePath(raw);
  return p ? map.find((m) => samePath(parsePath(m.scim) as Path, p)) : undefined;
}

/** The value at a mapping's path in a resource; undefined when the resource does not carry it. */
function readAt(resource: Json, p: Path): unknown {
  const base = p.urn ? getCI(resource, p.urn) : resource;
  if (!isObject(base)) return undefined;
  const v = getCI(base, p.attr);
  if (p.type !== null) {
    if (!Array.isArray(v)) return undefined;
    const typed = v.filter(isObject);
    // One value per type (entra.md §5.1); a lone untyped or primary work value counts as work.
    const el =
      typed.find((e) => String(getCI(e, 'type') ?? '').toLowerCase() === p.type?.toLowerCase()) ??
      (p.type === 'work'
        ? typed.find((e) => getCI(e, 'type') === undefined || getCI(e, 'primary') === true)
        : undefined);
    return el ? getCI(el, p.sub ?? 'value') : undefined;
  }
  if (p.sub !== null) return isObject(v) ? getCI(v, p.sub) : undefined;
  return v;
}

/** SCIM booleans arrive as `"False"`/`"True"` strings from Entra's legacy PATCH (entra.md §5.3). */
function coerce(m: AttributeMapping, v: unknown): unknown {
  if (v === null) return null;
  if (m.kind === 'boolean') {
    if (typeof v === 'string') return v.trim().toLowerCase() === 'true';
    return Boolean(v);
  }
  return typeof v === 'string' ? v : String(v);
}

/** Directory attributes a resource carries (absent ones are left out; explicit nulls kept). */
export function readResource(map: readonly AttributeMapping[], resource: Json): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of map) {
    const v = readAt(resource, parsePath(m.scim) as Path);
    if (v !== undefined) out[m.directory] = coerce(m, v);
  }
  return out;
}

/** Wrap a value given at a path into the resource it stands for, so readResource can read it. */
export function resourceAt(raw: string, value: unknown): Json {
  const p = parsePath(raw);
  if (!p) return {};
  let inner: unknown = value;
  if (p.type !== null) inner = [{ type: p.type, [p.sub ?? 'value']: value }];
  else if (p.sub !== null) inner = { [p.sub]: value };
  const body = { [p.attr]: inner };
  return p.urn ? { [p.urn]: body } : body;
}

/** A path-less PATCH value: keys may be attributes, dotted paths or URN-prefixed paths (entra.md §5.5). */
export function resourceFromPathless(value: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    const wrapped = k.includes('.') || k.includes(':') || k.includes('[') ? resourceAt(k, v) : { [k]: v };
    for (const [wk, wv] of Object.entries(wrapped)) {
      out[wk] = isObject(out[wk]) && isObject(wv) ? { ...(out[wk] as Json), ...wv } : wv;
    }
  }
  return out;
}

/** The object at `key` of `parent`, created when missing. */
function child<T extends Json | Json[]>(parent: Json, key: string, empty: T): T {
  if (parent[key] === undefined) parent[key] = empty;
  return parent[key] as T;
}

/** The SCIM resource body for directory attributes (nulls left out). */
export function writeResource(map: readonly AttributeMapping[], row: Record<string, unknown>): Json {
  const out: Json = {};
  for (const m of map) {
    const v = row[m.directory];
    if (v === null || v === undefined) continue;
    const p = parsePath(m.scim) as Path;
    const base = p.urn ? child<Json>(out, p.urn, {}) : out;
    if (p.type !== null) {
      const list = child<Json[]>(base, p.attr, []);
      let el = list.find((e) => e.type === p.type);
      if (!el) {
        el = { type: p.type, ...(p.attr === 'emails' ? { primary: true } : {}) };
        list.push(el);
      }
      el[p.sub ?? 'value'] = v;
    } else if (p.sub !== null) {
      child<Json>(base, p.attr, {})[p.sub] = v;
    } else base[p.attr] = v;
  }
  return out;
}
