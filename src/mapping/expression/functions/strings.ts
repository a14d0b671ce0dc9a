/** String functions. Null in gives null out unless Entra documents otherwise (Left, Word give ""). */
import { int, requiredInt, text } from './coerce';
import { type CallContext, type FunctionDef, fn } from './types';

/**
 * .NET's invariant case mapping is one character to one character, unlike JavaScript's ("ß" → "SS"),
 * so characters whose mapping would change the length are kept as they are.
 */
export function mapCase(s: string, to: 'lower' | 'upper'): string {
  let out = '';
  for (const ch of s) {
    const mapped = to === 'lower' ? ch.toLowerCase() : ch.toUpperCase();
    out += mapped.length === ch.length ? mapped : ch;
  }
  return out;
}

function compareMode(value: string | null, ctx: CallContext): 'binary' | 'text' {
  if (value === null) return 'binary';
  const lower = value.toLowerCase();
  if (lower === 'vbbinarycompare' || lower === '0') return 'binary';
  if (lower === 'vbtextcompare' || lower === '1') return 'text';
  return ctx.fail(`${ctx.name} expects vbBinaryCompare or vbTextCompare but got "${value}"`);
}

function mid(source: string, start: number, length: number | null, ctx: CallContext): string {
  if (start < 1) ctx.fail(`${ctx.name} expects a start of 1 or more but got ${start}`);
  if (length !== null && length < 0) ctx.fail(`${ctx.name} expects a length of 0 or more but got ${length}`);
  return source.substring(start - 1, length === null ? undefined : start - 1 + length);
}

/** Append, CStr, InStr, Left, Mid, StripSpaces, ToLower, ToUpper, Word. */
export const STRING_FUNCTIONS: readonly FunctionDef[] = [
  fn('Append', 2, 2, ([source = null, suffix = null], ctx) => {
    const s = text(source, ctx);
    return s === null ? null : s + (text(suffix, ctx) ?? '');
  }),
  fn('CStr', 1, 1, ([value = null], ctx) => text(value, ctx)),
  fn('InStr', 2, 4, ([haystack = null, needle = null, start = null, compare = null], ctx) => {
    const h = text(haystack, ctx);
    const n = text(needle, ctx);
    const from = int(start, ctx, 'start') ?? 1;
    const mode = compareMode(text(compare, ctx), ctx);
    if (from < 1) ctx.fail(`${ctx.name} expects a start of 1 or more but got ${from}`);
    if (h === null || n === null) return null;
    if (from > h.length + 1) return 0;
    const [a, b] = mode === 'text' ? [mapCase(h, 'lower'), mapCase(n, 'lower')] : [h, n];
    return a.indexOf(b, from - 1) + 1;
  }),
  fn('Left', 2, 2, ([source = null, count = null], ctx) => {
    const s = text(source, ctx);
    const n = requiredInt(count, ctx, 'numChars');
    if (s === null) return '';
    return n < 0 ? s : s.slice(0, n);
  }),
  fn('Mid', 3, 3, ([source = null, start = null, length = null], ctx) => {
    const s = text(source, ctx);
    const from = requiredInt(start, ctx, 'start');
    const len = int(length, ctx, 'length');
    return s === null ? null : mid(s, from, len, ctx);
  }),
  fn('StripSpaces', 1, 1, ([source = null], ctx) => text(source, ctx)?.replaceAll(' ', '') ?? null),
  fn('ToLower', 1, 2, ([source = null], ctx) => {
    const s = text(source, ctx);
    return s === null ? null : mapCase(s, 'lower');
  }),
  fn('ToUpper', 1, 2, ([source = null], ctx) => {
    const s = text(source, ctx);
    return s === null ? null : mapCase(s, 'upper');
  }),
  fn('Word', 3, 3, ([source = null, number = null, delimiters = null], ctx) => {
    const s = text(source, ctx);
    const n = requiredInt(number, ctx, 'wordNumber');
    const delims = new Set(text(delimiters, ctx) ?? '');
    if (s === null || n < 1) return '';
    const words: string[] = [];
    let current = '';
    for (const ch of s) {
      if (delims.has(ch)) {
        if (current !== '') words.push(current);
        current = '';
      } else current += ch;
    }
    if (current !== '') words.push(current);
    return words[n - 1] ?? '';
  }),
];
