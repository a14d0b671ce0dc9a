/**
 * SelectUniqueValue mappings (entra.md §6.2: "first value unique in target; top-level only; create-only").
 * Pure: which target attributes a create must check for uniqueness, with their candidates in order, and the
 * save-time rules. The engine asks the target (engine/sync/select-unique.ts).
 */
import {
  type Expr,
  ExpressionError,
  evaluateCandidates,
  isIgnoreFlow,
  isRedacted,
  parseExpression,
  SELECT_UNIQUE_VALUE,
  unwrapRedacted,
} from './expression/index';
import type { AttributeMapping, MappingEnv, SourceObject } from './types';

/** One target attribute whose value must be one the target does not hold yet. */
export interface UniqueChoice {
  target: string;
  /** Candidate values in the order of the rules; rules that gave no value are left out. */
  candidates: string[];
  /** A rule went through Redact(): log "[Redact]" instead of the candidates. */
  redacted: boolean;
}

const parsed = new Map<string, Expr>();

function parsedOf(text: string): Expr {
  let expr = parsed.get(text);
  if (!expr) {
    expr = parseExpression(text);
    if (parsed.size >= 500) parsed.clear();
    parsed.set(text, expr);
  }
  return expr;
}

function isSelectUnique(expr: Expr): boolean {
  return expr.kind === 'call' && expr.name === SELECT_UNIQUE_VALUE;
}

/** The SelectUniqueValue mappings applied on create, with their candidates for this source object. */
export function uniqueChoices(
  mappings: readonly AttributeMapping[],
  source: SourceObject,
  env: MappingEnv,
): UniqueChoice[] {
  const choices: UniqueChoice[] = [];
  for (const m of mappings) {
    if (m.type !== 'expression' || !m.expression) continue;
    const expr = parsedOf(m.expression);
    const values = evaluateCandidates(expr, source, env);
    if (!values) continue;
    const candidates: string[] = [];
    let redacted = false;
    for (const value of values) {
      if (isIgnoreFlow(value)) continue;
      redacted ||= isRedacted(value);
      const plain = unwrapRedacted(value);
      if (Array.isArray(plain) && plain.length > 1) {
        const col = expr.kind === 'call' ? expr.col : 1;
        const message = `${SELECT_UNIQUE_VALUE} expects each rule to give one value, but one gave ${plain.length} at column ${col}`;
        throw new ExpressionError('expression_eval_failed', message, col);
      }
      const single = Array.isArray(plain) ? (plain[0] ?? null) : plain;
      if (single === null || isIgnoreFlow(single) || single === '') continue;
      candidates.push(typeof single === 'boolean' ? (single ? 'True' : 'False') : String(single));
    }
    choices.push({ target: m.target, candidates, redacted });
  }
  return choices;
}

/**
 * Why a mapping may not use SelectUniqueValue, or null. As in Entra: only for object creation (an update must
 * not re-pick a value the user already has), never a matching attribute (matching by the first candidate
 * would adopt whoever holds it), and for users only (Provisio's group create does not query candidates).
 */
export function selectUniqueProblem(
  expr: Expr,
  m: Pick<AttributeMapping, 'apply' | 'matchingPrecedence'>,
  objectType: 'user' | 'group',
): { field: string; message: string } | null {
  if (!isSelectUnique(expr)) return null;
  if (objectType !== 'user') {
    return { field: 'expression', message: `${SELECT_UNIQUE_VALUE} can only be used in user mappings` };
  }
  if (m.apply !== 'create') {
    return {
      field: 'apply',
      message: `${SELECT_UNIQUE_VALUE} picks a value on create only: set "Apply this mapping" to "Only during object creation"`,
    };
  }
  if (m.matchingPrecedence !== undefined) {
    return {
      field: 'matchingPrecedence',
      message: `${SELECT_UNIQUE_VALUE} cannot be used on a matching attribute: match on an attribute whose value does not depend on the target`,
    };
  }
  return null;
}
