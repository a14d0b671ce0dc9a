/**
 * "Test expression" (entra.md §6.1, Expression builder): evaluate an expression against one source object
 * and describe the output the way the UI shows it. Pure: time and randomness come from `env`.
 */
import {
  ExpressionError,
  evaluateCandidates,
  evaluateExpression,
  isIgnoreFlow,
  isRedacted,
  type PlainValue,
  tryParseExpression,
  unwrapRedacted,
  type Value,
} from './expression/index';
import type { MappingEnv, SourceObject } from './types';

/** The text shown for a value that came through Redact(), here as in the provisioning log. */
export const REDACTED_TEXT = '[Redact]';

/**
 * What the tester shows: the output, or the parse/evaluation error with its 1-based column. A SelectUniqueValue
 * also lists its `candidates` in order (null: a rule gave no value): with no target to ask, `value` is the
 * first one that has a value, which a create sends when the target does not hold it yet.
 */
export type ExpressionTestResult =
  | { ok: true; value: string | null; redacted: boolean; ignored: boolean; candidates?: (string | null)[] }
  | { ok: false; message: string; column: number };

/** Booleans as .NET prints them; multi-valued output as a JSON array, so its items stay distinguishable. */
function display(value: PlainValue): string | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

/**
 * Evaluate `text` against `source`. `ignored` means IgnoreFlowIfNullOrEmpty dropped the attribute from the
 * flow (value null); `redacted` means the value is hidden as "[Redact]".
 */
export function testExpression(text: string, source: SourceObject, env: MappingEnv): ExpressionTestResult {
  const parsed = tryParseExpression(text);
  if (!parsed.ok) return { ok: false, ...parsed.error };
  try {
    const candidates = evaluateCandidates(parsed.expr, source, env);
    if (!candidates) return shown(evaluateExpression(parsed.expr, source, env));
    const first = candidates.find((v) => {
      const plain = isIgnoreFlow(v) ? null : unwrapRedacted(v);
      return plain !== null && plain !== '' && !(Array.isArray(plain) && plain.length === 0);
    });
    return { ...shown(first ?? null), candidates: candidates.map(candidateText) };
  } catch (err) {
    if (err instanceof ExpressionError) return { ok: false, message: err.message, column: err.column };
    throw err;
  }
}

function candidateText(value: Value): string | null {
  if (isIgnoreFlow(value)) return null;
  if (isRedacted(value)) return value.value === null ? null : REDACTED_TEXT;
  return display(unwrapRedacted(value) as PlainValue);
}

function shown(value: Value): Extract<ExpressionTestResult, { ok: true }> {
  if (isIgnoreFlow(value)) return { ok: true, value: null, redacted: false, ignored: true };
  if (isRedacted(value)) return { ok: true, value: REDACTED_TEXT, redacted: true, ignored: false };
  return { ok: true, value: display(value), redacted: false, ignored: false };
}
