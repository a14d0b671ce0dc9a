/**
 * SCIM attribute paths as written in attribute mappings (entra.md §7.2): `userName`, `name.givenName`,
 * `emails[type eq "work"].value`, `urn:...:enterprise:2.0:User:department`. Grammar from RFC 7644 §3.5.2
 * (`PATH = attrPath / valuePath [subAttr]`) and §3.4.2.2 (`attrPath = [URI ":"] ATTRNAME *1subAttr`),
 * restricted to what Entra's mappings use: one optional `[type eq "..."]` selector on a multi-valued attribute,
 * or `[primary eq "True"]` (the primary entry: Entra's `roles[primary eq "True"].value` for SingleAppRoleAssignment).
 */
import { AppError } from '../kernel/errors';

/** A parsed path. `schema` is set only when the path was written with its schema URN prefix. */
export interface ScimPath {
  schema?: string;
  attribute: string;
  subAttribute?: string;
  /** `[type eq "work"]`, or `[primary eq "True"]` (value always "True"). */
  filter?: { attribute: 'type' | 'primary'; value: string };
}

/** A path that does not follow the grammar; `problem` says what is wrong in words. */
export class ScimPathError extends AppError {
  readonly path: string;
  readonly problem: string;
  constructor(path: string, problem: string) {
    super('scim_invalid_path', `Invalid SCIM attribute path "${path}": ${problem}`, { context: { path, problem } });
    this.path = path;
    this.problem = problem;
  }
}

// RFC 7643 §2.1: ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA. A leading "$" admits
// `$ref`, which RFC 7643 §2.4 names as a sub-attribute (manager.$ref, members.$ref).
const NAME = '\\$?[A-Za-z][A-Za-z0-9_-]*';
const SHAPE = new RegExp(`^(${NAME})(?:\\[(.*)\\])?(?:\\.(${NAME}))?$`, 's');
// A schema URN (RFC 8141 §2): "urn:" NID ":" NSS. Brackets, quotes and spaces never occur in one.
const URN = /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:[^\s[\]"]+$/i;
// Attribute names and operators are case-insensitive (RFC 7644 §3.4.2.2); the value is a JSON string.
const TYPE_FILTER = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s+eq\s+("(?:[^"\\]|\\.)*")\s*$/is;

/** Parse a path, throwing ScimPathError when it is not one this client can send. */
export function parseScimPath(path: string): ScimPath {
  let rest = path;
  let schema: string | undefined;
  if (/^urn:/i.test(path)) {
    // A URN holds colons and dots but never "[", so the attribute starts after the last ":" before any "[".
    const bracket = path.indexOf('[');
    const head = bracket < 0 ? path : path.slice(0, bracket);
    const colon = head.lastIndexOf(':');
    schema = path.slice(0, colon);
    rest = path.slice(colon + 1);
    if (!URN.test(schema)) throw new ScimPathError(path, `"${schema}" is not a schema URN`);
  }
  const m = SHAPE.exec(rest);
  if (!m) throw new ScimPathError(path, describeShapeProblem(rest));
  const [, attribute = '', rawFilter, subAttribute] = m;
  const parsed: ScimPath = { attribute };
  if (schema !== undefined) parsed.schema = schema;
  if (rawFilter !== undefined) parsed.filter = parseTypeFilter(path, rawFilter);
  if (subAttribute !== undefined) parsed.subAttribute = subAttribute;
  return parsed;
}

/** Like parseScimPath, but returns the error instead of throwing (for validating mapping forms). */
export function safeParseScimPath(path: string): { ok: true; value: ScimPath } | { ok: false; error: ScimPathError } {
  try {
    return { ok: true, value: parseScimPath(path) };
  } catch (err) {
    if (err instanceof ScimPathError) return { ok: false, error: err };
    throw err;
  }
}

/** The canonical text of a path: what PATCH operations send as `path` (RFC 7644 §3.5.2). */
export function formatScimPath(p: ScimPath): string {
  const prefix = p.schema === undefined ? '' : `${p.schema}:`;
  // JSON.stringify gives exactly the JSON string literal the filter grammar expects (same as eqFilter).
  const filter = p.filter === undefined ? '' : `[${p.filter.attribute} eq ${JSON.stringify(p.filter.value)}]`;
  const sub = p.subAttribute === undefined ? '' : `.${p.subAttribute}`;
  return `${prefix}${p.attribute}${filter}${sub}`;
}

// Entra writes the boolean as a string ("True"); the RFC filter grammar's bare `true` is accepted too.
const PRIMARY_FILTER = /^\s*primary\s+eq\s+("true"|true)\s*$/i;

function parseTypeFilter(path: string, raw: string): NonNullable<ScimPath['filter']> {
  if (PRIMARY_FILTER.test(raw)) return { attribute: 'primary', value: 'True' };
  const m = TYPE_FILTER.exec(raw);
  if (!m) throw new ScimPathError(path, `the selector [${raw}] must read [type eq "..."] or [primary eq "True"]`);
  const [, attr = '', literal = '""'] = m;
  if (attr.toLowerCase() !== 'type') {
    throw new ScimPathError(
      path,
      `only [type eq "..."] and [primary eq "True"] selectors are supported, not [${attr} ...]`,
    );
  }
  try {
    const value: unknown = JSON.parse(literal);
    if (typeof value === 'string') return { attribute: 'type', value };
  } catch {
    // fall through: an invalid escape such as \x
  }
  throw new ScimPathError(path, `${literal} is not a valid JSON string`);
}

function describeShapeProblem(rest: string): string {
  if (rest === '') return 'the attribute name is empty';
  if (rest.includes('[') !== rest.includes(']')) return 'a "[" selector is not closed';
  if (/\s/.test(rest.replace(/\[.*\]/s, ''))) return 'attribute names cannot contain spaces';
  if ((rest.match(/\./g) ?? []).length > 1 && !rest.includes('[')) return 'only one level of sub-attribute is allowed';
  return 'expected attribute, attribute.subAttribute or attribute[type eq "..."].subAttribute';
}
