/**
 * Tokenizer. Columns are 1-based character offsets into the whole text, so a column stays meaningful
 * in the one-line input box and in multi-line expressions pasted from Microsoft's docs.
 */
import { describeFound, invalid } from './errors';

export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Token =
  | { kind: 'ident'; text: string; col: number }
  | { kind: 'attr'; text: string; name: string; col: number }
  | { kind: 'str'; text: string; value: string; col: number }
  | { kind: 'num'; text: string; value: number; col: number }
  | { kind: 'bool'; text: string; value: boolean; col: number }
  | { kind: 'op'; text: CompareOp; col: number }
  | { kind: '(' | ')' | ','; text: string; col: number }
  | { kind: 'eof'; text: undefined; col: number };

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const ATTR_CHAR = /[A-Za-z0-9._:-]/;
const DIGIT = /[0-9]/;
const NUMBER = /^-?[0-9]+(\.[0-9]+)?/;
const HEX = /^&H[0-9A-Fa-f]+/;
const OPS: readonly CompareOp[] = ['<>', '<=', '>=', '=', '<', '>'];

/** Split an expression into tokens, ending with one `eof` token. Throws ExpressionError on bad input. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    const col = i + 1;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, text: ch, col });
      i++;
    } else if (ch === '"') {
      i = readString(text, i, tokens);
    } else if (ch === '[') {
      i = readAttribute(text, i, tokens);
    } else if (IDENT_START.test(ch)) {
      let end = i + 1;
      while (end < text.length && IDENT_PART.test(text.charAt(end))) end++;
      const word = text.slice(i, end);
      const lower = word.toLowerCase();
      if (lower === 'true' || lower === 'false')
        tokens.push({ kind: 'bool', text: word, value: lower === 'true', col });
      else tokens.push({ kind: 'ident', text: word, col });
      i = end;
    } else if (DIGIT.test(ch) || (ch === '-' && DIGIT.test(text.charAt(i + 1)))) {
      const match = NUMBER.exec(text.slice(i)) ?? [ch];
      tokens.push({ kind: 'num', text: match[0], value: Number(match[0]), col });
      i += match[0].length;
    } else if (ch === '&' && HEX.test(text.slice(i))) {
      // VBA hex literal, used by Entra's own BitAnd example: BitAnd(&HF, &HF7).
      const match = HEX.exec(text.slice(i)) ?? [ch];
      tokens.push({ kind: 'num', text: match[0], value: Number.parseInt(match[0].slice(2), 16), col });
      i += match[0].length;
    } else {
      const op = OPS.find((o) => text.startsWith(o, i));
      if (!op) throw invalid(`Unexpected character ${describeFound(ch)}`, col);
      tokens.push({ kind: 'op', text: op, col });
      i += op.length;
    }
  }
  tokens.push({ kind: 'eof', text: undefined, col: text.length + 1 });
  return tokens;
}

function readString(text: string, start: number, tokens: Token[]): number {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === '"') {
      tokens.push({ kind: 'str', text: text.slice(start, i + 1), value, col: start + 1 });
      return i + 1;
    }
    if (ch === '\\' && i + 1 < text.length) {
      const next = text.charAt(i + 1);
      // Only \" and \\ are escapes in Entra; a lone backslash before anything else (a regex "\d" written
      // with one backslash) is kept, so both spellings of a pattern work.
      value += next === '"' || next === '\\' ? next : `\\${next}`;
      i += 2;
    } else {
      value += ch;
      i++;
    }
  }
  throw invalid('Unterminated string starting', start + 1);
}

function readAttribute(text: string, start: number, tokens: Token[]): number {
  let i = start + 1;
  while (i < text.length && text.charAt(i) !== ']') {
    if (!ATTR_CHAR.test(text.charAt(i))) {
      throw invalid(`Unexpected character ${describeFound(text.charAt(i))} in attribute name`, i + 1);
    }
    i++;
  }
  if (i >= text.length) throw invalid('Unterminated attribute reference starting', start + 1);
  const name = text.slice(start + 1, i);
  if (name === '') throw invalid('Empty attribute name', start + 1);
  tokens.push({ kind: 'attr', text: text.slice(start, i + 1), name, col: start + 1 });
  return i + 1;
}
