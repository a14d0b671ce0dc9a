/**
 * OData `$filter` for GET /api/v1/auditLogs/provisioning: a tokenizer that keeps positions and a recursive
 * descent parser producing a small AST (pure; `graph-sql.ts` turns it into parameterised SQL). Grammar:
 *
 *   expr    := and ('or' and)*
 *   and     := primary ('and' primary)*
 *   primary := '(' expr ')' | fn '(' operand ',' literal ')' | operand cmp literal
 *   operand := path | ('tolower' | 'toupper') '(' path ')'        fn  := contains | startswith | endswith
 *   cmp     := eq | ne | gt | ge | lt | le                        path := name ('/' name)*
 *   literal := 'string' (quote doubled inside) | number | date[Thhh:mm[:ss[.fff]]][Z|±hh:mm] | true | false | null
 *
 * The parser recurses per parenthesis and the compiler per and/or node, so nesting and term count are capped
 * (MAX_FILTER_DEPTH, MAX_FILTER_TERMS): thousands of either overflowed the stack and answered 500.
 */
import { ValidationError } from '../kernel/errors';

export type CmpOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type FnName = 'contains' | 'startswith' | 'endswith';
export type Literal =
  | { type: 'string'; value: string; pos: number }
  | { type: 'number'; value: number; pos: number }
  | { type: 'datetime'; value: number; pos: number }
  | { type: 'boolean'; value: boolean; pos: number }
  | { type: 'null'; pos: number };
export type FilterExpr =
  | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'cmp'; op: CmpOp; path: string; pathPos: number; value: Literal }
  | { kind: 'fn'; fn: FnName; path: string; pathPos: number; value: Literal };

/** A $filter the parser or compiler refuses; `position` is 1-based in the $filter text. */
export class FilterSyntaxError extends ValidationError {
  readonly position: number;
  constructor(message: string, position: number) {
    super(`Invalid $filter at position ${position + 1}: ${message}`, [
      { path: '$filter', message: `${message} (position ${position + 1})` },
    ]);
    this.position = position + 1;
  }
}

type Tok = { t: 'punct' | 'word' | 'string' | 'number' | 'datetime' | 'end'; v: string; pos: number };

const DATETIME = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)?)?/i;

/** Split the text into tokens with their offsets. */
export function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      out.push({ t: 'punct', v: ch, pos: i++ });
    } else if (ch === "'") {
      const start = i++;
      let value = '';
      for (;;) {
        if (i >= text.length) throw new FilterSyntaxError('unterminated string', start);
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (text[i] === "'") {
          i++;
          break;
        } else value += text[i++];
      }
      out.push({ t: 'string', v: value, pos: start });
    } else if (DATETIME.test(text.slice(i))) {
      const m = DATETIME.exec(text.slice(i))?.[0] ?? '';
      out.push({ t: 'datetime', v: m, pos: i });
      i += m.length;
    } else if (/[-\d]/.test(ch)) {
      const m = /^-?\d+(\.\d+)?/.exec(text.slice(i))?.[0];
      if (!m) throw new FilterSyntaxError(`unexpected character "${ch}"`, i);
      out.push({ t: 'number', v: m, pos: i });
      i += m.length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_]\w*(\/[A-Za-z_]\w*)*/.exec(text.slice(i))?.[0] ?? ch;
      out.push({ t: 'word', v: m, pos: i });
      i += m.length;
    } else throw new FilterSyntaxError(`unexpected character "${ch}"`, i);
  }
  out.push({ t: 'end', v: '', pos: text.length });
  return out;
}

/** Parentheses (and tolower/toupper calls) nested deeper than this are refused. */
export const MAX_FILTER_DEPTH = 20;
/** Comparisons and function calls per filter; Graph scripts use a handful. */
export const MAX_FILTER_TERMS = 100;

const CMP = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FNS = new Set(['contains', 'startswith', 'endswith']);

/** Parse a $filter into an AST, or throw FilterSyntaxError with the position of the problem. */
export function parseFilter(text: string): FilterExpr {
  const toks = tokenize(text);
  let k = 0;
  let depth = 0;
  let terms = 0;
  const enter = (tok: Tok) => {
    if (++depth > MAX_FILTER_DEPTH)
      throw new FilterSyntaxError(`parentheses nest deeper than ${MAX_FILTER_DEPTH} levels`, tok.pos);
  };
  const countTerm = (tok: Tok) => {
    if (++terms > MAX_FILTER_TERMS)
      throw new FilterSyntaxError(`more than ${MAX_FILTER_TERMS} comparisons in one filter`, tok.pos);
  };
  const peek = (): Tok => toks[k] ?? { t: 'end', v: '', pos: text.length };
  const next = (): Tok => {
    const tok = peek();
    if (k < toks.length - 1) k++;
    return tok;
  };
  const isWord = (w: string) => peek().t === 'word' && peek().v.toLowerCase() === w;
  const describe = (tok: Tok) => (tok.t === 'end' ? 'the end of the filter' : `"${tok.v}"`);
  const expect = (v: string) => {
    const tok = next();
    if (tok.t !== 'punct' || tok.v !== v)
      throw new FilterSyntaxError(`expected "${v}" but found ${describe(tok)}`, tok.pos);
  };

  function literal(): Literal {
    const tok = next();
    if (tok.t === 'string') return { type: 'string', value: tok.v, pos: tok.pos };
    if (tok.t === 'number') return { type: 'number', value: Number(tok.v), pos: tok.pos };
    if (tok.t === 'datetime') {
      const ms = Date.parse(/T/i.test(tok.v) && !/(Z|[+-]\d\d:\d\d)$/i.test(tok.v) ? `${tok.v}Z` : tok.v);
      if (Number.isNaN(ms)) throw new FilterSyntaxError(`"${tok.v}" is not a valid date`, tok.pos);
      return { type: 'datetime', value: ms, pos: tok.pos };
    }
    const w = tok.t === 'word' ? tok.v.toLowerCase() : '';
    if (w === 'true' || w === 'false') return { type: 'boolean', value: w === 'true', pos: tok.pos };
    if (w === 'null') return { type: 'null', pos: tok.pos };
    throw new FilterSyntaxError(`expected a value but found ${describe(tok)}`, tok.pos);
  }

  function operand(): { path: string; pathPos: number } {
    const tok = next();
    if (tok.t !== 'word') throw new FilterSyntaxError(`expected a property but found ${describe(tok)}`, tok.pos);
    const lower = tok.v.toLowerCase();
    // Comparisons are case-insensitive anyway, so tolower()/toupper() (common in Graph scripts) change nothing.
    if ((lower === 'tolower' || lower === 'toupper') && peek().v === '(') {
      enter(peek());
      expect('(');
      const inner = operand();
      expect(')');
      depth--;
      return inner;
    }
    if (CMP.has(lower) || FNS.has(lower) || lower === 'and' || lower === 'or')
      throw new FilterSyntaxError(`expected a property but found ${describe(tok)}`, tok.pos);
    return { path: tok.v, pathPos: tok.pos };
  }

  function primary(): FilterExpr {
    const tok = peek();
    if (tok.t === 'punct' && tok.v === '(') {
      enter(tok);
      next();
      const e = orExpr();
      expect(')');
      depth--;
      return e;
    }
    countTerm(tok);
    if (tok.t === 'word' && FNS.has(tok.v.toLowerCase()) && toks[k + 1]?.v === '(') {
      next();
      expect('(');
      const o = operand();
      expect(',');
      const value = literal();
      expect(')');
      return { kind: 'fn', fn: tok.v.toLowerCase() as FnName, ...o, value };
    }
    const o = operand();
    const op = next();
    if (op.t !== 'word' || !CMP.has(op.v.toLowerCase()))
      throw new FilterSyntaxError(`expected eq, ne, gt, ge, lt or le but found ${describe(op)}`, op.pos);
    return { kind: 'cmp', op: op.v.toLowerCase() as CmpOp, ...o, value: literal() };
  }

  function andExpr(): FilterExpr {
    let left = primary();
    while (isWord('and')) {
      next();
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  }

  function orExpr(): FilterExpr {
    let left = andExpr();
    while (isWord('or')) {
      next();
      left = { kind: 'or', left, right: andExpr() };
    }
    return left;
  }

  const e = orExpr();
  const rest = peek();
  if (rest.t !== 'end') throw new FilterSyntaxError(`unexpected ${describe(rest)}`, rest.pos);
  return e;
}
