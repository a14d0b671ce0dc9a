/** String functions. Null in gives null out unless Entra documents otherwise (Left, Word give ""). */
import { int, requiredInt, text } from './coerce';
import { type CallContext, type FunctionDef, fn } from './types';

/**
 * .NET's invariant case mapping is one character to one character, unlike JavaScript's ("ß" → "SS"),
 * so characters whose mapping would change the length are kept as they are.
 */
export function mapCase(s: string, to: 'lower' | 'upper'): string {
  const whole = to === 'lower' ? s.toLowerCase() : s.toUpperCase();
  // Same length: no character's mapping grew, so the bulk conversion is the per-character one, except for
  // the final sigma, the one context rule of JavaScript's lower-casing (.NET maps Σ to σ everywhere).
  if (whole.length === s.length && !(to === 'lower' && s.includes('Σ'))) return whole;
  // ASCII runs always map one to one, so only the other characters go one at a time.
  return s.replace(ONE_BY_ONE, (chunk) => {
    const mapped = to === 'lower' ? chunk.toLowerCase() : chunk.toUpperCase();
    return mapped.length === chunk.length ? mapped : chunk;
  });
}

const ONE_BY_ONE = /[\p{ASCII}]+|[^\p{ASCII}]/gu;

// RFC 4646 as Microsoft describes the argument: a 2- or 3-letter language, then optional subtags (ja-JP, en-US).
const CULTURE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

/**
 * Whether a culture argument asks for Turkish or Azerbaijani casing (dotted and dotless i). No culture, "" and
 * other cultures use the invariant mapping: .NET's culture-aware casing is ICU's simple case mapping, which
 * differs from the invariant one only for those languages. A malformed name is an error, not a silent default.
 */
function isTurkic(culture: string | null, ctx: CallContext): boolean {
  if (culture === null || culture === '') return false;
  let canonical: string | undefined;
  try {
    canonical = CULTURE.test(culture) ? Intl.getCanonicalLocales(culture)[0] : undefined;
  } catch {
    canonical = undefined;
  }
  if (canonical === undefined) {
    ctx.fail(`${ctx.name} expects a culture name such as "en-US" or "tr-TR" but got "${culture}"`);
  }
  const language = canonical.split('-')[0];
  return language === 'tr' || language === 'az';
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
  fn('ToLower', 1, 2, ([source = null, culture = null], ctx) => {
    const s = text(source, ctx);
    const turkic = isTurkic(text(culture, ctx), ctx);
    return s === null ? null : mapCase(turkic ? s.replaceAll('I', 'ı').replaceAll('İ', 'i') : s, 'lower');
  }),
  fn('ToUpper', 1, 2, ([source = null, culture = null], ctx) => {
    const s = text(source, ctx);
    const turkic = isTurkic(text(culture, ctx), ctx);
    return s === null ? null : mapCase(turkic ? s.replaceAll('i', 'İ') : s, 'upper');
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
