/**
 * Tree-walking evaluator. Pure: time, randomness and GUIDs come from `env`, attributes from `source`.
 * Sentinels are handled here once, not in every function: IgnoreFlow short-circuits the calls that
 * receive it, and a Redacted argument taints the result of the call it flows into.
 */
import { ExpressionError } from './errors';
import { text } from './functions/coerce';
import { lookupFunction } from './functions/index';
import type { CallContext, ExpressionEnv } from './functions/types';
import { Budget, checkArgument, checkLength, sizeOf } from './limits';
import type { Expr } from './parser';
import type { CompareOp } from './tokens';
import { fromSource, isIgnoreFlow, isRedacted, type PlainValue, plainOf, redact, type Value } from './values';

/** Attribute name → value; names are matched case-insensitively, as Entra's are. */
export type SourceAttributes = Record<string, unknown>;

/** Evaluate a parsed expression against one source object. Throws ExpressionError (`expression_eval_failed`). */
export function evaluateExpression(expr: Expr, source: SourceAttributes, env: ExpressionEnv): Value {
  return new Evaluator(source, env).evaluate(expr);
}

/**
 * The candidates of a top-level SelectUniqueValue, each rule evaluated in order (one shared budget), or null
 * when the expression is something else. Choosing among them needs the target, so it is the engine's job.
 */
export function evaluateCandidates(expr: Expr, source: SourceAttributes, env: ExpressionEnv): Value[] | null {
  if (expr.kind !== 'call' || expr.name !== SELECT_UNIQUE_VALUE) return null;
  const evaluator = new Evaluator(source, env);
  return expr.args.map((arg) => evaluator.evaluate(arg));
}

const MAX_MESSAGE = 300;

/** The canonical name of the one function that is only allowed as the whole expression. */
export const SELECT_UNIQUE_VALUE = 'SelectUniqueValue';

function contextFor(name: string, col: number, env: ExpressionEnv, budget: Budget): CallContext {
  return {
    name,
    col,
    env,
    budget,
    fail(message: string): never {
      // Messages quote values, which may be long: keep the answer readable (and small).
      const clipped = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
      throw new ExpressionError('expression_eval_failed', `${clipped} at column ${col}`, col);
    },
  };
}

class Evaluator {
  private lowerCased: Map<string, unknown> | undefined;
  private readonly budget = new Budget();

  constructor(
    private readonly source: SourceAttributes,
    private readonly env: ExpressionEnv,
  ) {}

  evaluate(expr: Expr): Value {
    switch (expr.kind) {
      case 'attr': {
        const raw = this.read(expr.name);
        // Converting a multi-valued attribute costs per item, however often it is read.
        if (Array.isArray(raw))
          this.budget.spend(raw.length, contextFor(`[${expr.name}]`, expr.col, this.env, this.budget).fail);
        return fromSource(raw);
      }
      case 'str':
      case 'num':
      case 'bool':
        return expr.value;
      case 'null':
        return null;
      case 'compare':
        return this.compare(expr.op, expr.left, expr.right, expr.col);
      case 'call':
        return this.call(expr.name, expr.args, expr.col);
    }
  }

  private read(name: string): unknown {
    if (Object.hasOwn(this.source, name)) return this.source[name];
    this.lowerCased ??= new Map(Object.entries(this.source).map(([k, v]) => [k.toLowerCase(), v]));
    return this.lowerCased.get(name.toLowerCase());
  }

  private call(name: string, args: readonly Expr[], col: number): Value {
    const def = lookupFunction(name);
    const ctx = contextFor(def?.name ?? name, col, this.env, this.budget);
    if (!def) return ctx.fail(`Unknown function "${name}"`);
    try {
      if (def.lazy) {
        const thunks = args.map((arg) => () => this.evaluate(arg));
        return def.call(thunks, ctx);
      }
      return this.withSentinels(args, ctx, (plain) => def.call(plain, ctx));
    } catch (err) {
      if (err instanceof ExpressionError) throw err;
      // A bug or a host limit (a regex too large, say) still reports as this call's failure.
      const reason = err instanceof Error ? err.message : String(err);
      throw new ExpressionError('expression_eval_failed', `${def.name} failed: ${reason} at column ${col}`, col, {
        cause: err,
      });
    }
  }

  /**
   * Run an eager call on plain values. Its arguments are charged to the budget before it runs (a large input
   * is refused before a slow function reads it) and its result after, with the per-value cap as a backstop
   * behind the functions that check while they build (Replace, Join).
   */
  private withSentinels(args: readonly Expr[], ctx: CallContext, run: (plain: PlainValue[]) => Value): Value {
    const values = args.map((arg) => this.evaluate(arg));
    const ignore = values.find(isIgnoreFlow);
    if (ignore) return ignore;
    const tainted = values.some(isRedacted);
    const plain = values.map(plainOf);
    let size = 0;
    for (const value of plain) {
      const n = sizeOf(value);
      checkArgument(ctx.name, n, ctx.fail);
      size += n;
    }
    this.budget.spend(size, ctx.fail);
    const result = run(plain);
    const resultSize = sizeOf(plainOf(result));
    checkLength(ctx.name, resultSize, ctx.fail);
    this.budget.spend(resultSize, ctx.fail);
    if (!tainted || isIgnoreFlow(result) || isRedacted(result)) return result;
    return redact(result);
  }

  private compare(op: CompareOp, left: Expr, right: Expr, col: number): Value {
    const ctx = contextFor(`The comparison "${op}"`, col, this.env, this.budget);
    return this.withSentinels([left, right], ctx, ([a = null, b = null]) => compareValues(op, a, b, ctx));
  }
}

/**
 * Comparisons follow VBA: anything compared with Null is Null, which IIF reads as False. Booleans compare as
 * booleans ("True" = true), numbers numerically when both sides are numeric, everything else as
 * case-sensitive ordinal strings, like Switch's keys.
 */
function compareValues(op: CompareOp, a: PlainValue, b: PlainValue, ctx: CallContext): boolean {
  const x = text(a, ctx);
  const y = text(b, ctx);
  if (x === null || y === null) return false;
  const p = asBoolean(x);
  const q = asBoolean(y);
  let order = x < y ? -1 : x > y ? 1 : 0;
  if ((typeof a === 'boolean' || typeof b === 'boolean') && p !== undefined && q !== undefined) order = p - q;
  else if ((typeof a === 'number' || typeof b === 'number') && isNumeric(x) && isNumeric(y))
    order = Number(x) - Number(y);
  if (op === '=') return order === 0;
  if (op === '<>') return order !== 0;
  if (op === '<') return order < 0;
  if (op === '<=') return order <= 0;
  if (op === '>') return order > 0;
  return order >= 0;
}

function asBoolean(s: string): number | undefined {
  const lower = s.toLowerCase();
  return lower === 'true' ? 1 : lower === 'false' ? 0 : undefined;
}

function isNumeric(s: string): boolean {
  return /^\s*[-+]?(\d+(\.\d*)?|\.\d+)\s*$/.test(s);
}
