/**
 * Attribute types of the SCIM schemas, as data: the core User and Group schemas (RFC 7643 §4.1, §4.2), the
 * enterprise User extension (§4.3) and the common attributes (§3.1), plus whatever a target's `/Schemas`
 * endpoint serves (§7). Mapped values are converted to these types before they are sent, as Entra does.
 */
import { parseScimPath } from './paths';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, isCoreSchema, type ScimResourceType, USER_SCHEMA } from './urns';

/** RFC 7643 §2.3 data types. */
export type ScimAttributeType =
  | 'string'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'dateTime'
  | 'binary'
  | 'reference'
  | 'complex';

export interface AttributeShape {
  type: ScimAttributeType;
  multiValued: boolean;
  /** Sub-attributes of a complex attribute, keyed by lower-case name. */
  sub?: ReadonlyMap<string, AttributeShape>;
}

/** Attributes per schema: lower-case URN → lower-case attribute name → shape. */
export type SchemaTypes = ReadonlyMap<string, ReadonlyMap<string, AttributeShape>>;

/** What a mapping's target path resolves to: the type a value must have and whether it holds several. */
export interface TargetType {
  type: ScimAttributeType;
  multiValued: boolean;
}

// Compact notation for the built-in tables: "name:type" with a trailing "*" for multi-valued.
type Spec = string | [string, readonly string[]];
const TYPES: Record<string, ScimAttributeType> = {
  s: 'string',
  b: 'boolean',
  i: 'integer',
  d: 'decimal',
  t: 'dateTime',
  x: 'binary',
  r: 'reference',
  c: 'complex',
};

function shape(spec: Spec): [string, AttributeShape] {
  const [head, subs] = typeof spec === 'string' ? [spec, undefined] : spec;
  const [name = '', code = 's'] = head.replace('*', '').split(':');
  const s: AttributeShape = { type: TYPES[code] ?? 'string', multiValued: head.endsWith('*') };
  if (subs) s.sub = new Map(subs.map(shape));
  return [name.toLowerCase(), s];
}

const table = (specs: readonly Spec[]) => new Map(specs.map(shape));
// RFC 7643 §4.1.2: the sub-attributes every multi-valued attribute of User shares.
const MULTI = ['value:s', 'display:s', 'type:s', 'primary:b'];
// §3.1 common attributes.
const COMMON: Spec[] = ['id:s', 'externalId:s'];

/** RFC 7643 §4.1 (User), §4.2 (Group), §4.3 (enterprise User). */
export const BUILTIN_SCHEMA_TYPES: SchemaTypes = new Map([
  [
    USER_SCHEMA.toLowerCase(),
    table([
      ...COMMON,
      'userName:s',
      [
        'name:c',
        ['formatted:s', 'familyName:s', 'givenName:s', 'middleName:s', 'honorificPrefix:s', 'honorificSuffix:s'],
      ],
      'displayName:s',
      'nickName:s',
      'profileUrl:r',
      'title:s',
      'userType:s',
      'preferredLanguage:s',
      'locale:s',
      'timezone:s',
      'active:b',
      'password:s',
      ['emails:c*', MULTI],
      ['phoneNumbers:c*', MULTI],
      ['ims:c*', MULTI],
      ['photos:c*', ['value:r', 'display:s', 'type:s', 'primary:b']],
      [
        'addresses:c*',
        [
          'formatted:s',
          'streetAddress:s',
          'locality:s',
          'region:s',
          'postalCode:s',
          'country:s',
          'type:s',
          'primary:b',
        ],
      ],
      ['groups:c*', ['value:s', '$ref:r', 'display:s', 'type:s']],
      ['entitlements:c*', MULTI],
      ['roles:c*', MULTI],
      ['x509Certificates:c*', ['value:x', 'display:s', 'type:s', 'primary:b']],
    ]),
  ],
  [
    GROUP_SCHEMA.toLowerCase(),
    table([...COMMON, 'displayName:s', ['members:c*', ['value:s', '$ref:r', 'display:s', 'type:s']]]),
  ],
  [
    ENTERPRISE_USER_SCHEMA.toLowerCase(),
    table([
      'employeeNumber:s',
      'costCenter:s',
      'organization:s',
      'division:s',
      'department:s',
      ['manager:c', ['value:s', '$ref:r', 'displayName:s']],
    ]),
  ],
]);

/**
 * The type at a mapping's target path, or null when no schema knows it (a custom extension the target does
 * not describe): such values are sent as the mapping produced them. Invalid paths are null too; the path
 * check reports them.
 */
export function targetTypeOf(types: SchemaTypes, path: string, resourceType: ScimResourceType): TargetType | null {
  let p: ReturnType<typeof parseScimPath>;
  try {
    p = parseScimPath(path);
  } catch {
    return null;
  }
  const core = resourceType === 'User' ? USER_SCHEMA : GROUP_SCHEMA;
  const urn = p.schema === undefined || isCoreSchema(p.schema, resourceType) ? core : p.schema;
  const attr = types.get(urn.toLowerCase())?.get(p.attribute.toLowerCase());
  if (!attr) return null;
  if (p.subAttribute === undefined) return { type: attr.type, multiValued: attr.multiValued };
  const sub = attr.sub?.get(p.subAttribute.toLowerCase());
  // A sub-attribute of a multi-valued entry selected by a filter holds one value of its own type.
  return sub ? { type: sub.type, multiValued: sub.multiValued } : null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readAttributes(list: unknown): Map<string, AttributeShape> {
  const out = new Map<string, AttributeShape>();
  if (!Array.isArray(list)) return out;
  for (const a of list) {
    if (!isObject(a) || typeof a.name !== 'string' || typeof a.type !== 'string') continue;
    const type = Object.values(TYPES).find((t) => t.toLowerCase() === String(a.type).toLowerCase());
    if (!type) continue;
    const s: AttributeShape = { type, multiValued: a.multiValued === true };
    if (type === 'complex') s.sub = readAttributes(a.subAttributes);
    out.set(a.name.toLowerCase(), s);
  }
  return out;
}

/**
 * Schema types from a `/Schemas` answer (RFC 7643 §7: a ListResponse of Schema resources, or a bare array as
 * some servers send), layered over the built-in ones: a schema the target describes replaces the built-in
 * table of that URN, others stay. Anything unreadable is skipped rather than trusted.
 */
export function schemaTypesFrom(answer: unknown, base: SchemaTypes = BUILTIN_SCHEMA_TYPES): SchemaTypes {
  const resources = Array.isArray(answer) ? answer : isObject(answer) ? answer.Resources : undefined;
  const out = new Map(base);
  if (!Array.isArray(resources)) return out;
  for (const r of resources) {
    if (!isObject(r) || typeof r.id !== 'string') continue;
    const attrs = readAttributes(r.attributes);
    if (attrs.size > 0) out.set(r.id.toLowerCase(), attrs);
  }
  return out;
}
