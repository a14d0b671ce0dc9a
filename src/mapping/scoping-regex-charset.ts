/**
 * Sets of UTF-16 code units as sorted, disjoint, inclusive ranges. Scoping regexes are compiled without the
 * `u` flag (so .NET-style identity escapes such as `\@` keep working), which makes code units the alphabet.
 */

/** Inclusive `[lo, hi]` ranges, sorted and non-overlapping. */
export type CharSet = readonly (readonly [number, number])[];

const MAX_UNIT = 0xffff;

/** The set that matches nothing. */
export const EMPTY_SET: CharSet = [];

/** Every code unit: what a backreference or `[^]` may consume. */
export const ANY_SET: CharSet = [[0, MAX_UNIT]];

/** A set from possibly unsorted, overlapping ranges. */
export function charSet(ranges: readonly (readonly [number, number])[]): CharSet {
  const sorted = [...ranges].filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

/** One code unit. */
export function single(unit: number): CharSet {
  return [[unit, unit]];
}

/** Union of any number of sets. */
export function union(...sets: CharSet[]): CharSet {
  return charSet(sets.flat());
}

/** Everything not in `set`. */
export function complement(set: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_UNIT) out.push([next, MAX_UNIT]);
  return out;
}

/** True when some code unit is in both sets. */
export function intersects(a: CharSet, b: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (!x || !y) return false;
    if (x[1] < y[0]) i++;
    else if (y[1] < x[0]) j++;
    else return true;
  }
  return false;
}

const code = (c: string): number => c.charCodeAt(0);

/** `\d`. */
export const DIGIT_SET = charSet([[code('0'), code('9')]]);

/** `\w`: ASCII letters, digits and `_`, as in JavaScript without the `u`/`i` flags. */
export const WORD_SET = charSet([
  [code('a'), code('z')],
  [code('A'), code('Z')],
  [code('0'), code('9')],
  [code('_'), code('_')],
]);

/** `\s`: ECMAScript WhiteSpace and LineTerminator. */
export const SPACE_SET = charSet([
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
]);

/** `.` without the `s` flag: anything but a line terminator. */
export const DOT_SET = complement(
  charSet([
    [0x0a, 0x0a],
    [0x0d, 0x0d],
    [0x2028, 0x2029],
  ]),
);
