/**
 * Validation of attribute mappings as an admin submits them (API or form). Pure. Everything Entra refuses
 * at save time is refused here, so a bad mapping never reaches a provisioning cycle.
 */
import { z } from 'zod';
import { formatScimPath, safeParseScimPath } from '../scim/paths';
import { BUILTIN_SCHEMA_TYPES, targetTypeOf } from '../scim/schema-types';
import { GROUP_SCHEMA, USER_SCHEMA } from '../scim/urns';
import { convertToType } from './convert-type';
import { type Expr, tryParseExpression } from './expression/index';
import {
  absentIfEmpty,
  canonicalAttribute,
  type InputError,
  type MappingObjectType,
  unknownAttribute,
  zodErrors,
} from './input-common';
import { selectUniqueProblem } from './select-unique';
import type { AttributeMapping } from './types';

export type { InputError, MappingObjectType } from './input-common';
export { validateScopingFilters } from './scoping-input';

const text = (what: string) => z.preprocess(absentIfEmpty, z.string({ error: `${what} must be text` }).optional());

/** One mapping as submitted; type-specific requirements are checked after parsing. */
export const mappingInputSchema = z.object(
  {
    target: z.string({ error: 'Target attribute is required' }).trim().min(1, 'Target attribute is required'),
    type: z.enum(['direct', 'constant', 'expression', 'none'], {
      error: 'Mapping type must be one of direct, constant, expression, none',
    }),
    source: text('Source attribute'),
    value: text('Constant value'),
    expression: text('Expression'),
    defaultValue: text('Default value'),
    apply: z.preprocess(
      absentIfEmpty,
      z.enum(['always', 'create'], { error: 'Apply must be "always" or "create"' }).default('always'),
    ),
    matchingPrecedence: z.preprocess(
      (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : absentIfEmpty(v)),
      z
        .number({ error: 'Matching precedence must be a positive integer' })
        .int('Matching precedence must be a positive integer')
        .positive('Matching precedence must be a positive integer')
        .optional(),
    ),
  },
  { error: 'Each mapping must be an object' },
);

type MappingInput = z.infer<typeof mappingInputSchema>;

/** Validate a submitted mapping list; on success the mappings come back normalised (only the fields their type uses). */
export function validateMappings(
  input: unknown,
  objectType: MappingObjectType,
  extra: readonly string[] = [],
): { ok: true; mappings: AttributeMapping[] } | { ok: false; errors: InputError[] } {
  if (!Array.isArray(input))
    return { ok: false, errors: [{ index: -1, field: 'mappings', message: 'Mappings must be a list' }] };
  const errors: InputError[] = [];
  const mappings: AttributeMapping[] = [];
  const targets = new Set<string>();
  const precedences = new Set<number>();
  const required = objectType === 'user' ? 'userName' : 'displayName';
  let requiredMapped = false;
  // An item that fails to parse still counts for the list-level checks, so its own error is the one shown.
  let hasMatching = false;
  input.forEach((raw, index) => {
    const parsed = mappingInputSchema.safeParse(raw);
    if (!parsed.success) {
      const r: Record<string, unknown> = typeof raw === 'object' && raw !== null ? raw : {};
      hasMatching ||= absentIfEmpty(r.matchingPrecedence) !== undefined;
      requiredMapped ||= typeof r.target === 'string' && r.target.trim().toLowerCase() === required.toLowerCase();
      errors.push(...zodErrors(index, parsed.error));
      return;
    }
    const m = parsed.data;
    const fail = (field: string, message: string) => errors.push({ index, field, message });
    const key = targetKey(m.target, objectType);
    if (!key.ok) fail('target', key.message);
    else if (targets.has(key.key)) fail('target', `Target attribute "${m.target}" is mapped more than once`);
    else targets.add(key.key);
    if (key.ok && key.key === required.toLowerCase() && m.type !== 'none') requiredMapped = true;
    if (m.matchingPrecedence !== undefined) {
      hasMatching ||= m.type !== 'none';
      if (m.type === 'none') fail('matchingPrecedence', 'A mapping of type none cannot be used for matching');
      else if (precedences.has(m.matchingPrecedence)) {
        fail('matchingPrecedence', `Matching precedence ${m.matchingPrecedence} is used by more than one mapping`);
      }
      precedences.add(m.matchingPrecedence);
    }
    const mapping = typeSpecific(m, objectType, extra);
    if ('message' in mapping) errors.push({ index, ...mapping });
    else mappings.push(mapping);
  });
  const list = (message: string) => errors.push({ index: -1, field: 'mappings', message });
  if (!requiredMapped) list(`The ${required} attribute must be mapped`);
  if (!hasMatching) {
    list('At least one mapping must be used for matching (give it a matching precedence)');
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, mappings };
}

/** A case-insensitive key for duplicate detection: `userName` and `urn:...:core:2.0:User:username` collide. */
function targetKey(
  target: string,
  objectType: MappingObjectType,
): { ok: true; key: string } | { ok: false; message: string } {
  const parsed = safeParseScimPath(target);
  if (!parsed.ok) return { ok: false, message: parsed.error.message };
  const path = { ...parsed.value };
  const core = objectType === 'user' ? USER_SCHEMA : GROUP_SCHEMA;
  if (path.schema?.toLowerCase() === core.toLowerCase()) delete path.schema;
  if (path.schema === undefined && path.attribute.toLowerCase() === 'id' && path.subAttribute === undefined) {
    return { ok: false, message: 'The id attribute is assigned by the application and cannot be mapped' };
  }
  return { ok: true, key: formatScimPath(path).toLowerCase() };
}

/** The mapping with only the fields its type uses, or what is missing or wrong. */
function typeSpecific(
  m: MappingInput,
  objectType: MappingObjectType,
  extra: readonly string[],
): AttributeMapping | Omit<InputError, 'index'> {
  const out: AttributeMapping = { target: m.target, type: m.type, apply: m.apply };
  if (m.type === 'direct') {
    if (m.source === undefined)
      return { field: 'source', message: 'Source attribute is required for a direct mapping' };
    const source = canonicalAttribute(m.source.trim(), objectType, extra);
    if (!source) return { field: 'source', message: unknownAttribute(m.source, objectType) };
    out.source = source;
  } else if (m.type === 'constant') {
    if (m.value === undefined) return { field: 'value', message: 'Constant value is required for a constant mapping' };
    out.value = m.value;
  } else if (m.type === 'expression') {
    if (m.expression === undefined) {
      return { field: 'expression', message: 'Expression is required for an expression mapping' };
    }
    const parsed = tryParseExpression(m.expression);
    if (!parsed.ok) return { field: 'expression', ...parsed.error };
    const unknown = unknownAttributes(parsed.expr, objectType, extra)[0];
    if (unknown) {
      const message = `${unknownAttribute(unknown.name, objectType)} at column ${unknown.col}`;
      return { field: 'expression', message, column: unknown.col };
    }
    const unique = selectUniqueProblem(parsed.expr, m, objectType);
    if (unique) return unique;
    out.expression = m.expression;
  }
  if (m.defaultValue !== undefined) out.defaultValue = m.defaultValue;
  if (m.matchingPrecedence !== undefined && m.type !== 'none') out.matchingPrecedence = m.matchingPrecedence;
  return staticTypeProblem(out, objectType) ?? out;
}

// Source attributes that are booleans (source.ts): they convert to Boolean and text targets only.
const BOOLEAN_SOURCES = new Set(['accountenabled', 'issoftdeleted']);

/**
 * What is known at save time to fail the type conversion of every run: a constant or default value, or a
 * boolean source attribute, that the target attribute's RFC 7643 type cannot take.
 */
function staticTypeProblem(m: AttributeMapping, objectType: MappingObjectType): Omit<InputError, 'index'> | null {
  const type = targetTypeOf(BUILTIN_SCHEMA_TYPES, m.target, objectType === 'user' ? 'User' : 'Group');
  if (!type) return null;
  const fields = [
    ['value', m.type === 'constant' ? m.value : undefined],
    ['defaultValue', m.defaultValue],
  ] as const;
  for (const [field, v] of fields) {
    const c = v === undefined ? null : convertToType(v, type);
    if (c && !c.ok) return { field, message: `${m.target} expects ${c.expected}, so "${v}" cannot be sent` };
  }
  const source = m.type === 'direct' ? (m.source ?? '').toLowerCase() : '';
  const asBoolean = BOOLEAN_SOURCES.has(source) ? convertToType(true, type) : null;
  if (asBoolean && !asBoolean.ok) {
    return { field: 'source', message: `${m.target} expects ${asBoolean.expected}, but ${m.source} is True or False` };
  }
  return null;
}

/** `[attribute]` references the source object does not have (they would always read as null). */
function unknownAttributes(
  expr: Expr,
  objectType: MappingObjectType,
  extra: readonly string[],
): { name: string; col: number }[] {
  if (expr.kind === 'attr')
    return canonicalAttribute(expr.name, objectType, extra) ? [] : [{ name: expr.name, col: expr.col }];
  if (expr.kind === 'call') return expr.args.flatMap((a) => unknownAttributes(a, objectType, extra));
  if (expr.kind === 'compare')
    return [...unknownAttributes(expr.left, objectType, extra), ...unknownAttributes(expr.right, objectType, extra)];
  return [];
}
