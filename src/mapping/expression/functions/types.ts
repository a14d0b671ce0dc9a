/** The shape of the function table: every function is data (name, arity) plus an implementation. */
import type { Budget } from '../limits';
import type { PlainValue, Value } from '../values';

/** Time and randomness come from the caller, so evaluation is deterministic under test. */
export interface ExpressionEnv {
  now: () => Date;
  /** A number in [0, 1), like Math.random(). */
  random: () => number;
  guid: () => string;
}

/** What an implementation knows about the call it serves. */
export interface CallContext {
  /** Canonical function name, e.g. "ToLower" even when written "tolower". */
  readonly name: string;
  /** Column of the function name. */
  readonly col: number;
  readonly env: ExpressionEnv;
  /** The evaluation's work counters (limits.ts); functions that scan or build large values charge it. */
  readonly budget: Budget;
  /** Throw `expression_eval_failed`, naming the function and its column. */
  fail(message: string): never;
}

/** A deferred argument: IIF, Switch and Coalesce evaluate only the branch they return. */
export type Thunk = () => Value;

interface Signature {
  name: string;
  minArgs: number;
  /** `Number.POSITIVE_INFINITY` for variadic functions. */
  maxArgs: number;
  /** Arguments from this index on must come in key/value pairs (Switch). Checked at parse time. */
  pairsFrom?: number;
}

/** Receives plain values: sentinels were handled by the evaluator before the call. */
export interface EagerFunction extends Signature {
  lazy?: false;
  call(args: readonly PlainValue[], ctx: CallContext): Value;
}

/** Receives thunks and returns the chosen one's value untouched, so a Redact() branch stays redacted. */
export interface LazyFunction extends Signature {
  lazy: true;
  call(args: readonly Thunk[], ctx: CallContext): Value;
}

export type FunctionDef = EagerFunction | LazyFunction;

/** Shorthand for an eager table entry. */
export function fn(name: string, minArgs: number, maxArgs: number, call: EagerFunction['call']): EagerFunction {
  return { name, minArgs, maxArgs, call };
}
