/**
 * Scoping filters (entra.md §6.3): clauses AND within a filter, filters OR. Pure; every clause is evaluated
 * (no short-circuit) so the provisioning log can show each one, e.g. `{"Sales only": {"department EQUALS Sales": true}}`.
 *
 * Value rules, as Entra documents them: a null or empty attribute makes every clause false except IS NULL;
 * multi-valued attributes (arrays), dates and objects are not supported and make every clause false.
 * String comparisons are case-sensitive (EQUALS, Includes = String.Contains, ENDS_WITH, `&`, regexes).
 */
import { readSource } from './apply';
import { scopingRegexMatches } from './scoping-regex';
import type { ScopingClause, ScopingFilter, ScopingOperator, SourceObject } from './types';

/** Operators that take no value. */
export const UNARY_SCOPING_OPERATORS: readonly ScopingOperator[] = ['IS TRUE', 'IS FALSE', 'IS NULL', 'IS NOT NULL'];

/** Per filter name, per clause text, whether it held. */
export type ScopingResults = Record<string, Record<string, boolean>>;

/** True for IS TRUE, IS FALSE, IS NULL and IS NOT NULL. */
export function isUnaryOperator(op: ScopingOperator): boolean {
  return UNARY_SCOPING_OPERATORS.includes(op);
}

/** A clause as the log shows it: `department EQUALS Sales`, `accountEnabled IS TRUE`. */
export function clauseText(clause: ScopingClause): string {
  if (isUnaryOperator(clause.operator)) return `${clause.attribute} ${clause.operator}`;
  return `${clause.attribute} ${clause.operator} ${clause.value ?? ''}`;
}

/** A scalar attribute value; 'null' for null/empty; 'unsupported' for multi-valued and other shapes. */
type Scalar =
  | { kind: 'string'; text: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'unsupported' };

function scalarOf(raw: unknown): Scalar {
  if (raw === null || raw === undefined || raw === '') return { kind: 'null' };
  if (typeof raw === 'string') return { kind: 'string', text: raw };
  if (typeof raw === 'boolean') return { kind: 'boolean', value: raw };
  if (typeof raw === 'number') return Number.isFinite(raw) ? { kind: 'string', text: String(raw) } : { kind: 'null' };
  return { kind: 'unsupported' };
}

const INTEGER = /^[+-]?\d+$/;

/** Greater_Than(_OR_EQUALS): both sides must be integers; BigInt keeps long employee numbers exact. */
function compareIntegers(text: string, value: string): number | null {
  if (!INTEGER.test(text) || !INTEGER.test(value)) return null;
  const a = BigInt(text);
  const b = BigInt(value);
  return a === b ? 0 : a > b ? 1 : -1;
}

/** "true"/"false" in any case, as .NET's Boolean.Parse reads them. */
function parseBool(text: string): boolean | null {
  const lower = text.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : null;
}

/** Evaluate one clause against a source object. */
export function evaluateClause(clause: ScopingClause, source: SourceObject): boolean {
  const v = scalarOf(readSource(source, clause.attribute));
  if (v.kind === 'unsupported') return false;
  if (clause.operator === 'IS NULL') return v.kind === 'null';
  if (clause.operator === 'IS NOT NULL') return v.kind !== 'null';
  if (v.kind === 'null') return false;
  if (clause.operator === 'IS TRUE' || clause.operator === 'IS FALSE') {
    const b = v.kind === 'boolean' ? v.value : parseBool(v.text);
    return b === (clause.operator === 'IS TRUE');
  }
  const value = clause.value;
  if (value === undefined) return false;
  if (v.kind === 'boolean') {
    // A boolean attribute compares as a boolean: `accountEnabled EQUALS true` holds for true, in any case.
    if (clause.operator === 'EQUALS') return parseBool(value) === v.value;
    if (clause.operator === 'NOT EQUALS') return parseBool(value) !== v.value;
  }
  const text = v.kind === 'boolean' ? (v.value ? 'True' : 'False') : v.text;
  switch (clause.operator) {
    case 'EQUALS':
      return text === value;
    case 'NOT EQUALS':
      return text !== value;
    case 'Includes':
      return text.includes(value);
    case 'ENDS_WITH':
      return text.endsWith(value);
    case '&':
      return value.includes(text);
    case '!&':
      return !value.includes(text);
    case 'Greater_Than':
      return (compareIntegers(text, value) ?? -1) > 0;
    case 'Greater_Than_OR_EQUALS':
      return (compareIntegers(text, value) ?? -1) >= 0;
    case 'REGEX MATCH':
      return scopingRegexMatches(value, text) === true;
    case 'NOT REGEX MATCH':
      return scopingRegexMatches(value, text) === false;
    default:
      return false;
  }
}

/**
 * Evaluate scoping filters: in scope when no filters are set, or when every clause of some filter holds.
 * A filter without clauses holds for no one (it cannot be saved; failing closed keeps scope narrow).
 */
export function evaluateScoping(
  filters: readonly ScopingFilter[],
  source: SourceObject,
): { passed: boolean; results: ScopingResults } {
  if (filters.length === 0) return { passed: true, results: {} };
  const results: ScopingResults = {};
  let passed = false;
  for (const filter of filters) {
    const clauses: Record<string, boolean> = {};
    let all = filter.clauses.length > 0;
    for (const clause of filter.clauses) {
      const ok = evaluateClause(clause, source);
      clauses[clauseText(clause)] = ok;
      all &&= ok;
    }
    results[uniqueName(results, filter.name)] = clauses;
    passed ||= all;
  }
  return { passed, results };
}

/** Names are unique once validated; stored data that predates validation still must not overwrite a result. */
function uniqueName(results: ScopingResults, name: string): string {
  let key = name;
  for (let n = 2; Object.hasOwn(results, key); n++) key = `${name} (${n})`;
  return key;
}
