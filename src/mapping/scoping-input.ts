/** Validation of scoping filters as an admin submits them (API or form). Pure. */
import { z } from 'zod';
import {
  absentIfEmpty,
  canonicalAttribute,
  type InputError,
  type MappingObjectType,
  MULTI_VALUED_ATTRIBUTES,
  unknownAttribute,
  zodErrors,
} from './input-common';
import { isUnaryOperator } from './scoping';
import { validateScopingRegex } from './scoping-regex';
import { SCOPING_OPERATORS, type ScopingClause, type ScopingFilter, type ScopingOperator } from './types';

const OPERATOR_LIST = SCOPING_OPERATORS.join(', ');

/** One clause as submitted; the operator is matched case-insensitively, numbers are accepted as values. */
export const clauseInputSchema = z.object(
  {
    attribute: z.string({ error: 'Attribute is required' }).trim().min(1, 'Attribute is required'),
    operator: z.string({ error: `Operator must be one of ${OPERATOR_LIST}` }).trim(),
    value: z.preprocess(
      (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : absentIfEmpty(v)),
      z.string({ error: 'Value must be text' }).optional(),
    ),
  },
  { error: 'Each clause must be an object' },
);

/** One filter as submitted: a name and at least one clause. */
export const filterInputSchema = z.object(
  {
    name: z.string({ error: 'Filter name is required' }).trim().min(1, 'Filter name is required'),
    clauses: z
      .array(clauseInputSchema, { error: 'Clauses must be a list' })
      .min(1, 'A filter needs at least one clause'),
  },
  { error: 'Each filter must be an object' },
);

/** Validate submitted scoping filters; on success they come back normalised (canonical names, unary values dropped). */
export function validateScopingFilters(
  input: unknown,
  objectType: MappingObjectType,
  extra: readonly string[] = [],
): { ok: true; filters: ScopingFilter[] } | { ok: false; errors: InputError[] } {
  if (!Array.isArray(input)) {
    return { ok: false, errors: [{ index: -1, field: 'filters', message: 'Scoping filters must be a list' }] };
  }
  const errors: InputError[] = [];
  const filters: ScopingFilter[] = [];
  const names = new Set<string>();
  input.forEach((raw, index) => {
    const parsed = filterInputSchema.safeParse(raw);
    if (!parsed.success) {
      errors.push(...zodErrors(index, parsed.error));
      return;
    }
    const { name } = parsed.data;
    if (names.has(name.toLowerCase()))
      errors.push({ index, field: 'name', message: `Filter name "${name}" is used more than once` });
    names.add(name.toLowerCase());
    const clauses: ScopingClause[] = [];
    parsed.data.clauses.forEach((c, i) => {
      const clause = checkClause(c, objectType, extra);
      if ('message' in clause) errors.push({ index, field: `clauses.${i}.${clause.field}`, message: clause.message });
      else clauses.push(clause);
    });
    filters.push({ name, clauses });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, filters };
}

function checkClause(
  c: z.infer<typeof clauseInputSchema>,
  objectType: MappingObjectType,
  extra: readonly string[],
): ScopingClause | { field: string; message: string } {
  const attribute = canonicalAttribute(c.attribute, objectType, extra);
  if (!attribute) return { field: 'attribute', message: unknownAttribute(c.attribute, objectType) };
  if (MULTI_VALUED_ATTRIBUTES.includes(attribute)) {
    return { field: 'attribute', message: `${attribute} is multi-valued and cannot be used in a scoping filter` };
  }
  const operator = SCOPING_OPERATORS.find((op) => op.toLowerCase() === c.operator.toLowerCase());
  if (!operator) return { field: 'operator', message: `Operator must be one of ${OPERATOR_LIST}` };
  if (isUnaryOperator(operator)) return { attribute, operator };
  const problem = valueProblem(operator, c.value);
  return problem ? { field: 'value', message: problem } : { attribute, operator, value: c.value };
}

function valueProblem(operator: ScopingOperator, value: string | undefined): string | null {
  if (value === undefined) return `A value is required for ${operator}`;
  if ((operator === 'Greater_Than' || operator === 'Greater_Than_OR_EQUALS') && !/^[+-]?\d+$/.test(value)) {
    return `The value for ${operator} must be an integer`;
  }
  if (operator === 'REGEX MATCH' || operator === 'NOT REGEX MATCH') return validateScopingRegex(value);
  return null;
}
