/**
 * A small parser for JavaScript regex syntax (no flags), just detailed enough for the backtracking guard in
 * scoping-regex.ts: what each atom can consume, and how groups, alternatives and quantifiers nest. It runs
 * only on patterns `new RegExp` already accepted, and it never throws: anything odd reads as a literal.
 */
import {
  type CharSet,
  charSet,
  complement,
  DIGIT_SET,
  DOT_SET,
  SPACE_SET,
  single,
  union,
  WORD_SET,
} from './scoping-regex-charset';

/** A regex node; `col` is the 1-based column where it starts. */
export type RegexNode =
  | { kind: 'char'; set: CharSet; col: number }
  | { kind: 'assert'; col: number }
  | { kind: 'backref'; col: number }
  | { kind: 'group'; alts: RegexNode[][]; col: number }
  | { kind: 'look'; alts: RegexNode[][]; col: number }
  | { kind: 'repeat'; body: RegexNode; min: number; max: number; col: number };

/** Parse a pattern into its top-level alternatives. */
export function parseRegex(pattern: string): RegexNode[][] {
  return new RegexParser(pattern).alternatives(true);
}

const CLASS_ESCAPES: Record<string, CharSet> = {
  d: DIGIT_SET,
  D: complement(DIGIT_SET),
  w: WORD_SET,
  W: complement(WORD_SET),
  s: SPACE_SET,
  S: complement(SPACE_SET),
};
const CONTROL: Record<string, number> = { n: 10, r: 13, t: 9, v: 11, f: 12 };
const QUANTIFIER = /^\{(\d+)(,(\d*))?\}/;

/** An escape or class member: its set, and its code unit when it is a single character (a range end). */
interface Member {
  set: CharSet;
  unit?: number;
}

class RegexParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  alternatives(root: boolean): RegexNode[][] {
    const alts: RegexNode[][] = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      alts.push(this.sequence());
    }
    // An unbalanced ")" cannot compile, but a stray one at the top level must not stop the loop.
    if (root && this.pos < this.src.length) {
      this.pos++;
      alts.push(...this.alternatives(true));
    }
    return alts;
  }

  private sequence(): RegexNode[] {
    const items: RegexNode[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      items.push(this.quantified(this.atom()));
    }
    return items;
  }

  private quantified(atom: RegexNode): RegexNode {
    const c = this.src[this.pos];
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      this.pos++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else {
      const m = c === '{' ? QUANTIFIER.exec(this.src.slice(this.pos)) : null;
      if (!m) return atom;
      this.pos += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
    }
    if (this.src[this.pos] === '?') this.pos++; // lazy: backtracks just the same
    return this.quantified({ kind: 'repeat', body: atom, min, max, col: atom.col });
  }

  private atom(): RegexNode {
    const col = this.pos + 1;
    const c = this.src[this.pos++] ?? '';
    if (c === '^' || c === '$') return { kind: 'assert', col };
    if (c === '.') return { kind: 'char', set: DOT_SET, col };
    if (c === '[') return { kind: 'char', set: this.charClass(), col };
    if (c === '(') return this.group(col);
    if (c !== '\\') return { kind: 'char', set: single(c.charCodeAt(0)), col };
    const e = this.src[this.pos] ?? '';
    if (e === 'b' || e === 'B') {
      this.pos++;
      return { kind: 'assert', col };
    }
    if (/[1-9]/.test(e) || (e === 'k' && this.src[this.pos + 1] === '<' && this.src.includes('>', this.pos))) {
      while (/\d/.test(this.src[this.pos] ?? '')) this.pos++;
      if (e === 'k') this.pos = this.src.indexOf('>', this.pos) + 1;
      return { kind: 'backref', col };
    }
    return { kind: 'char', set: this.escape(false).set, col };
  }

  private group(col: number): RegexNode {
    let look = false;
    if (this.src[this.pos] === '?') {
      const head = this.src.slice(this.pos, this.pos + 3);
      look = /^\?[=!]|^\?<[=!]/.test(head);
      if (head.startsWith('?<') && !look) this.pos = Math.max(this.src.indexOf('>', this.pos) + 1, this.pos + 2);
      else this.pos += look ? (head[1] === '<' ? 3 : 2) : 2;
    }
    const alts = this.alternatives(false);
    if (this.src[this.pos] === ')') this.pos++;
    return { kind: look ? 'look' : 'group', alts, col };
  }

  private charClass(): CharSet {
    const negate = this.src[this.pos] === '^';
    if (negate) this.pos++;
    const parts: CharSet[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== ']') {
      const from = this.member();
      if (this.src[this.pos] === '-' && this.pos + 1 < this.src.length && this.src[this.pos + 1] !== ']') {
        this.pos++;
        const to = this.member();
        if (from.unit !== undefined && to.unit !== undefined) parts.push(charSet([[from.unit, to.unit]]));
        else parts.push(from.set, single(45), to.set); // "[\d-z]": the dash is literal
      } else {
        parts.push(from.set);
      }
    }
    this.pos++;
    const set = union(...parts);
    return negate ? complement(set) : set;
  }

  private member(): Member {
    const c = this.src[this.pos++] ?? '';
    if (c !== '\\') return { set: single(c.charCodeAt(0)), unit: c.charCodeAt(0) };
    return this.escape(true);
  }

  /** After a backslash: a class escape, a control or hex escape, or the character itself. */
  private escape(inClass: boolean): Member {
    const e = this.src[this.pos++];
    if (e === undefined) return { set: single(92), unit: 92 };
    const cls = CLASS_ESCAPES[e];
    if (cls) return { set: cls };
    const hex = e === 'x' ? /^[0-9a-fA-F]{2}/ : e === 'u' ? /^[0-9a-fA-F]{4}/ : null;
    const digits = hex?.exec(this.src.slice(this.pos))?.[0];
    let unit = e.charCodeAt(0);
    if (digits) {
      this.pos += digits.length;
      unit = Number.parseInt(digits, 16);
    } else if (CONTROL[e] !== undefined) unit = CONTROL[e] ?? unit;
    else if (e === 'b' && inClass) unit = 8;
    else if (/[0-7]/.test(e)) unit = this.octal(e);
    else if (e === 'c' && /[A-Za-z]/.test(this.src[this.pos] ?? '')) unit = this.src.charCodeAt(this.pos++) % 32;
    return { set: single(unit), unit };
  }

  /** Annex B legacy octal escapes (`\0`, `[\12]`): up to three digits, at most 0o377. */
  private octal(first: string): number {
    let value = Number(first);
    for (let i = 0; i < 2 && /[0-7]/.test(this.src[this.pos] ?? '') && value * 8 < 256; i++) {
      value = value * 8 + Number(this.src[this.pos++]);
    }
    return value;
  }
}
