/**
 * Entra ID's attribute-mapping expression language, as a pure module.
 *
 * Sentinels the caller must handle (see values.ts):
 * - `isIgnoreFlow(v)`: IgnoreFlowIfNullOrEmpty matched; leave the target attribute out of this flow.
 * - `isRedacted(v)`: the value came through Redact(); send `unwrapRedacted(v)`, log it as "[Redact]".
 */
import { ExpressionError } from './errors';
import { evaluateExpression, type SourceAttributes } from './evaluate';
import type { ExpressionEnv } from './functions/types';
import { type Expr, parse } from './parser';
import type { Value } from './values';

export { ExpressionError, type ExpressionErrorCode } from './errors';
export { evaluateCandidates, evaluateExpression, SELECT_UNIQUE_VALUE, type SourceAttributes } from './evaluate';
export { FUNCTION_NAMES } from './functions/index';
export type { ExpressionEnv } from './functions/types';
export { type Expr, MAX_EXPRESSION_LENGTH } from './parser';
export type { CompareOp } from './tokens';
export {
  type IgnoreFlow,
  isIgnoreFlow,
  isRedacted,
  type PlainValue,
  type Redacted,
  unwrapRedacted,
  type Value,
} from './values';

/** Parse and validate an expression; throws ExpressionError (`expression_invalid`) naming the column. */
export function parseExpression(text: string): Expr {
  return parse(text);
}

/** Parse for a form: errors come back as data, so a UI can show the message next to the column. */
export function tryParseExpression(
  text: string,
): { ok: true; expr: Expr } | { ok: false; error: { message: string; column: number } } {
  try {
    return { ok: true, expr: parse(text) };
  } catch (err) {
    if (err instanceof ExpressionError) return { ok: false, error: { message: err.message, column: err.column } };
    throw err;
  }
}

/** Parse once and return an evaluator to call per source object. */
export function compileExpression(text: string): (source: SourceAttributes, env: ExpressionEnv) => Value {
  const expr = parse(text);
  return (source, env) => evaluateExpression(expr, source, env);
}

/** Attribute names the expression reads, in order of first use, without case-insensitive duplicates. */
export function referencedAttributes(expr: Expr): string[] {
  const seen = new Map<string, string>();
  const walk = (e: Expr): void => {
    if (e.kind === 'attr' && !seen.has(e.name.toLowerCase())) seen.set(e.name.toLowerCase(), e.name);
    else if (e.kind === 'call') e.args.forEach(walk);
    else if (e.kind === 'compare') {
      walk(e.left);
      walk(e.right);
    }
  };
  walk(expr);
  return [...seen.values()];
}
