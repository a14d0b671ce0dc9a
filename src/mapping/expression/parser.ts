/**
 * Recursive-descent parser. Everything that can be known without data is checked here — unknown
 * functions, argument counts, Switch's key/value pairs — so a bad mapping is refused when it is saved,
 * not when the first user flows through it.
 */
import { describeFound, invalid } from './errors';
import { lookupFunction, unsupportedFunction } from './functions/index';
import type { FunctionDef } from './functions/types';
import { type CompareOp, type Token, tokenize } from './tokens';

/** The expression tree. `col` is the 1-based column where the node starts (a comparison: its operator). */
export type Expr =
  | { kind: 'call'; name: string; args: readonly Expr[]; col: number }
  | { kind: 'attr'; name: string; col: number }
  | { kind: 'str'; value: string; col: number }
  | { kind: 'num'; value: number; col: number }
  | { kind: 'bool'; value: boolean; col: number }
  | { kind: 'null'; col: number }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr; col: number };

/** Entra's documented limit. */
export const MAX_EXPRESSION_LENGTH = 10_000;
// Deep enough for any real mapping, shallow enough that recursion cannot exhaust the stack.
const MAX_DEPTH = 64;
// VBA constants that Microsoft's InStr example writes bare: InStr("repEated", "e", 3, vbBinaryCompare).
const CONSTANTS = new Set(['vbbinarycompare', 'vbtextcompare']);

/** Parse and validate an expression. Throws ExpressionError (`expression_invalid`) with a column. */
export function parse(text: string): Expr {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw invalid('Expression is longer than the 10,000-character limit', MAX_EXPRESSION_LENGTH + 1);
  }
  const parser = new Parser(tokenize(text));
  if (parser.peek().kind === 'eof') throw invalid('Expression is empty', 1);
  const expr = parser.argument(0, false);
  const end = parser.peek();
  if (end.kind !== 'eof') throw expected('end of expression', end);
  const nested = nestedSelectUnique(expr, true);
  if (nested) {
    throw invalid(
      'SelectUniqueValue must be the whole expression, not part of one (a top-level function in Entra)',
      nested.col,
    );
  }
  return expr;
}

/** A SelectUniqueValue call anywhere but at the root: its choice needs the target, so nothing may use it. */
function nestedSelectUnique(e: Expr, root: boolean): Expr | null {
  if (e.kind === 'compare') return nestedSelectUnique(e.left, false) ?? nestedSelectUnique(e.right, false);
  if (e.kind !== 'call') return null;
  if (e.name === 'SelectUniqueValue' && !root) return e;
  for (const arg of e.args) {
    const found = nestedSelectUnique(arg, false);
    if (found) return found;
  }
  return null;
}

function expected(what: string, found: Token): never {
  throw invalid(`Expected ${what} but found ${describeFound(found.text)}`, found.col, what);
}

function plural(n: number): string {
  return `${n} argument${n === 1 ? '' : 's'}`;
}

function arityText(def: FunctionDef): string {
  if (def.maxArgs === 0) return 'no arguments';
  if (def.minArgs === def.maxArgs) return plural(def.minArgs);
  if (def.maxArgs === Number.POSITIVE_INFINITY) return `at least ${plural(def.minArgs)}`;
  return `${def.minArgs} to ${def.maxArgs} arguments`;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  peek(): Token {
    return this.tokens[this.pos] ?? { kind: 'eof', text: undefined, col: 1 };
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.pos++;
    return token;
  }

  /** One argument: a value, optionally compared with another. Empty (`f(a, , b)`) is a null literal. */
  argument(depth: number, allowEmpty = true): Expr {
    const first = this.peek();
    if (allowEmpty && (first.kind === ',' || first.kind === ')')) return { kind: 'null', col: first.col };
    const left = this.operand(depth);
    const op = this.peek();
    if (op.kind !== 'op') return left;
    this.next();
    return { kind: 'compare', op: op.text, left, right: this.operand(depth), col: op.col };
  }

  private operand(depth: number): Expr {
    const token = this.next();
    switch (token.kind) {
      case 'attr':
        return { kind: 'attr', name: token.name, col: token.col };
      case 'str':
        return { kind: 'str', value: token.value, col: token.col };
      case 'num':
        return { kind: 'num', value: token.value, col: token.col };
      case 'bool':
        return { kind: 'bool', value: token.value, col: token.col };
      case 'ident':
        if (this.peek().kind === '(') return this.call(token.text, token.col, depth);
        if (CONSTANTS.has(token.text.toLowerCase())) return { kind: 'str', value: token.text, col: token.col };
        if (lookupFunction(token.text)) return expected('"("', this.peek());
        throw invalid(
          `Unknown name "${token.text}" (write attributes as [${token.text}], strings as "${token.text}")`,
          token.col,
        );
      default:
        return expected('a value', token);
    }
  }

  private call(name: string, col: number, depth: number): Expr {
    if (depth >= MAX_DEPTH) throw invalid(`Expression nests function calls more than ${MAX_DEPTH} deep`, col);
    const def = lookupFunction(name);
    if (!def) {
      const unsupported = unsupportedFunction(name);
      if (unsupported) throw invalid(`Function "${unsupported}" is not supported by Provisio`, col);
      throw invalid(`Unknown function "${name}"`, col);
    }
    this.next();
    const args: Expr[] = [];
    if (this.peek().kind === ')') this.next();
    else {
      for (;;) {
        args.push(this.argument(depth + 1));
        const sep = this.next();
        if (sep.kind === ')') break;
        // Past the last allowed argument only ")" can follow, which points at the extra comma.
        const atMax = args.length >= def.maxArgs;
        if (sep.kind !== ',' || atMax) expected(atMax ? '")"' : '"," or ")"', sep);
      }
    }
    validateArity(def, args.length, col);
    return { kind: 'call', name: def.name, args, col };
  }
}

function validateArity(def: FunctionDef, count: number, col: number): void {
  const from = def.pairsFrom;
  if (from !== undefined && count > from && (count - from) % 2 === 1) {
    throw invalid(`${def.name} expects an even number of key/value arguments after the default,`, col);
  }
  if (count < def.minArgs || count > def.maxArgs) {
    throw invalid(`${def.name} expects ${arityText(def)} but got ${count},`, col);
  }
}
