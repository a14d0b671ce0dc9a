/** Evaluate a mapping list against a source object into the target values to send. Pure. */
import { BUILTIN_SCHEMA_TYPES, type SchemaTypes, targetTypeOf } from '../scim/schema-types';
import type { ScimResourceType } from '../scim/urns';
import { convertToType, MappingTypeError, shownValue } from './convert-type';
import { compileExpression, isIgnoreFlow, isRedacted, unwrapRedacted } from './expression/index';
import type { AttributeMapping, FlatValues, MappingEnv, SourceObject } from './types';

export interface MappedValues {
  values: FlatValues;
  /** Paths whose values came through Redact(): logged as "[Redact]". */
  redacted: Set<string>;
}

const compiled = new Map<string, ReturnType<typeof compileExpression>>();

function compiledFor(text: string) {
  let fn = compiled.get(text);
  if (!fn) {
    fn = compileExpression(text);
    compiled.set(text, fn);
  }
  return fn;
}

/** Case-insensitive attribute lookup, as Entra's attribute names are. */
export function readSource(source: SourceObject, name: string): unknown {
  // Own keys only: a mapping's source `constructor` must not read Object.prototype's.
  if (Object.hasOwn(source, name)) return source[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(source)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

function normalise(v: unknown): FlatValues[string] | undefined {
  if (isEmpty(v)) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  // App role assignments are objects; a direct mapping of them reads their names, as expressions do.
  if (Array.isArray(v)) return v.map((e) => (isObject(e) ? String(e.displayName ?? e.value ?? '') : String(e)));
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/**
 * Apply mappings. On `update`, mappings marked "only during object creation" are left out, and
 * default values are not used (Entra applies defaults on create only).
 */
export function applyMappings(
  mappings: readonly AttributeMapping[],
  source: SourceObject,
  env: MappingEnv,
  phase: 'create' | 'update',
): MappedValues {
  const values: FlatValues = {};
  const redacted = new Set<string>();
  for (const m of mappings) {
    if (m.type === 'none' || (phase === 'update' && m.apply === 'create')) continue;
    let raw: unknown;
    if (m.type === 'direct') raw = m.source ? readSource(source, m.source) : undefined;
    else if (m.type === 'constant') raw = m.value;
    else raw = m.expression ? compiledFor(m.expression)(source, env) : undefined;
    if (isIgnoreFlow(raw)) continue;
    if (isRedacted(raw)) {
      redacted.add(m.target);
      raw = unwrapRedacted(raw);
    }
    if (isEmpty(raw) && phase === 'create' && m.defaultValue !== undefined) raw = m.defaultValue;
    const v = normalise(raw);
    if (v !== undefined) values[m.target] = m.targetType ? converted(m, v, redacted.has(m.target)) : v;
  }
  return { values, redacted };
}

function converted(m: AttributeMapping, v: FlatValues[string], hidden: boolean): FlatValues[string] {
  const type = m.targetType;
  if (!type) return v;
  const c = convertToType(v, type);
  if (c.ok) return c.value;
  throw new MappingTypeError(m.target, c.expected, hidden ? null : shownValue(v));
}

/**
 * The mappings with the SCIM type of each target attribute, from `types` (the target's `/Schemas` over the
 * built-in RFC 7643 tables). Resolved once per run, so applying them costs a map lookup per value.
 */
export function typedMappings(
  mappings: readonly AttributeMapping[],
  resourceType: ScimResourceType,
  types: SchemaTypes = BUILTIN_SCHEMA_TYPES,
): AttributeMapping[] {
  return mappings.map(({ targetType: _old, ...m }) => {
    const targetType = targetTypeOf(types, m.target, resourceType);
    return targetType ? { ...m, targetType } : m;
  });
}
