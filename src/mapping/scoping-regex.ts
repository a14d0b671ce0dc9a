/**
 * REGEX MATCH / NOT REGEX MATCH patterns, guarded against catastrophic backtracking.
 *
 * JavaScript's engine backtracks and cannot be interrupted, so the guard is static and runs at save time
 * (and again, cached, before evaluation in case stored data predates it). A pattern is refused when:
 * 1. it is longer than 200 characters or does not compile (no flags, so .NET-style `\@` still works);
 * 2. a quantifier repeats a body whose length varies (`(a+)+`, `(.*)*`, `(\w+\s?)+`), unless every iteration
 *    starts or ends with a character the rest of the body cannot match (`(\.\w+)*`), or the bound is tiny;
 * 3. a repeated body holds alternatives that can start with the same character (`(a|a)*`, `(a|.)*`), or
 *    more than 8 such overlapping alternatives are chained outside a repetition (`(a|a)(a|a)(a|a)(a|a)`);
 * 4. quantifiers in one sequence can trade characters (`.*.*x`, `\w*\s*\w*`): they overlap and nothing
 *    between them is a required character the first cannot match. Small bounded ones are allowed
 *    (`(\d{1,3}\.){3}\d{1,3}`), and a final `.*` or `.+` is (`.*Sales.*`), since nothing after it can fail.
 * At evaluation, values longer than 1,000 characters are not tested, so the quadratic cost that any
 * unanchored search has stays bounded.
 *
 * Limits: the rules are conservative (some harmless patterns such as `([a-z]+\.)+[a-z]+$` are refused; an
 * admin can rewrite them), and they are a heuristic, not a proof. A fuzz test holds every pattern that passes
 * to 50 ms on a 1,000-character adversarial value.
 */
import { type RegexNode, parseRegex } from './scoping-regex-ast';
import { ANY_SET, type CharSet, EMPTY_SET, intersects, union } from './scoping-regex-charset';

/** Longest pattern accepted. */
export const MAX_SCOPING_REGEX_LENGTH = 200;
/** Longest attribute value a pattern is tested against; longer values make the clause false. */
export const MAX_SCOPING_REGEX_INPUT = 1_000;
// Product of the choices that overlapping bounded quantifiers (or alternatives) leave the engine to try.
const MAX_CHOICES = 32;
const MAX_ALTERNATIVE_CHOICES = 8;

interface Info {
  min: number;
  max: number;
  chars: CharSet;
  first: CharSet;
}

const mul = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : a * b);

class Guard {
  private readonly infos = new Map<RegexNode, Info>();
  private alternativeChoices = 1;

  info(node: RegexNode): Info {
    let info = this.infos.get(node);
    if (info) return info;
    if (node.kind === 'char') info = { min: 1, max: 1, chars: node.set, first: node.set };
    else if (node.kind === 'backref') info = { min: 0, max: Infinity, chars: ANY_SET, first: ANY_SET };
    else if (node.kind === 'assert' || node.kind === 'look') info = { min: 0, max: 0, chars: EMPTY_SET, first: EMPTY_SET };
    else if (node.kind === 'group') {
      const alts = node.alts.map((alt) => this.sequenceInfo(alt));
      info = {
        min: Math.min(...alts.map((a) => a.min)),
        max: Math.max(...alts.map((a) => a.max)),
        chars: union(...alts.map((a) => a.chars)),
        first: union(...alts.map((a) => a.first)),
      };
    } else {
      const body = this.info(node.body);
      const empty = node.max === 0;
      info = {
        min: mul(body.min, node.min),
        max: mul(body.max, node.max),
        chars: empty ? EMPTY_SET : body.chars,
        first: empty ? EMPTY_SET : body.first,
      };
    }
    this.infos.set(node, info);
    return info;
  }

  sequenceInfo(items: readonly RegexNode[]): Info {
    let min = 0;
    let max = 0;
    const chars: CharSet[] = [];
    const first: CharSet[] = [];
    let open = true;
    for (const item of items) {
      const i = this.info(item);
      min += i.min;
      max += i.max;
      chars.push(i.chars);
      if (open) first.push(i.first);
      if (i.min > 0) open = false;
    }
    return { min, max, chars: union(...chars), first: union(...first) };
  }

  /** First problem found in these alternatives, or null. */
  check(alts: readonly RegexNode[][], root: boolean): string | null {
    if (alts.length > 1 && this.ambiguous(alts)) {
      this.alternativeChoices *= alts.length;
      if (this.alternativeChoices > MAX_ALTERNATIVE_CHOICES) {
        return 'Regular expression chains too many overlapping alternatives; this can take exponential time';
      }
    }
    for (const alt of alts) {
      const items = flatten(alt);
      const problem = this.sequence(items, root) ?? firstOf(items, (item) => this.node(item));
      if (problem) return problem;
    }
    return null;
  }

  private node(node: RegexNode): string | null {
    if (node.kind === 'group' || node.kind === 'look') return this.check(node.alts, false);
    if (node.kind !== 'repeat') return null;
    if (node.max > 1) {
      const body = this.info(node.body);
      if (body.min !== body.max && !this.delimited(node.body) && !this.tiny(body, node.max)) {
        return `Regular expression repeats a variable-length group at column ${node.col}, as in (a+)+; this can take exponential time`;
      }
      const overlap = firstOf(groupsIn(node.body), (g) => (this.ambiguous(g.alts) ? g : null));
      if (overlap) {
        return `Regular expression repeats alternatives that overlap at column ${overlap.col}, as in (a|a)*; this can take exponential time`;
      }
    }
    return this.check([[node.body]], false);
  }

  /** Alternatives are ambiguous when one can match empty or two can start with the same character. */
  private ambiguous(alts: readonly RegexNode[][]): boolean {
    const infos = alts.map((alt) => this.sequenceInfo(alt));
    return infos.some((a, i) => a.min === 0 || infos.slice(i + 1).some((b) => intersects(a.first, b.first)));
  }

  /** Every iteration starts (or ends) with a required character that the rest of the body cannot match. */
  private delimited(body: RegexNode): boolean {
    const items = flatten([body]);
    const edge = (item: RegexNode | undefined, rest: RegexNode[]): boolean =>
      item?.kind === 'char' && !intersects(item.set, this.sequenceInfo(rest).chars);
    return items.length > 1 && (edge(items[0], items.slice(1)) || edge(items.at(-1), items.slice(0, -1)));
  }

  private tiny(body: Info, times: number): boolean {
    return (body.max - body.min + 1) ** times <= MAX_CHOICES;
  }

  /** Overlapping quantifiers with nothing required and disjoint between them (rule 4). */
  private sequence(items: readonly RegexNode[], root: boolean): string | null {
    for (const [a, first] of items.entries()) {
      const fa = this.info(first);
      if (fa.min === fa.max) continue;
      let choices = fa.max - fa.min + 1;
      for (let b = a + 1; b < items.length; b++) {
        const second = items[b];
        if (!second) break;
        const fb = this.info(second);
        if (fb.min > 0 && !intersects(fb.chars, fa.chars)) break; // a separator the first cannot swallow
        if (fb.min === fb.max || !intersects(fa.chars, fb.chars)) continue;
        if (root && b === items.length - 1 && canNotFail(second)) continue;
        choices *= fb.max - fb.min + 1;
        if (choices > MAX_CHOICES) {
          return `Regular expression has overlapping quantifiers at columns ${first.col} and ${second.col}, as in .*.*; this can take polynomial time`;
        }
      }
    }
    return null;
  }
}

/** A trailing `.*` or `x+` always succeeds once reached, so it adds no backtracking. */
function canNotFail(node: RegexNode): boolean {
  return node.kind === 'repeat' && node.body.kind === 'char' && node.min <= 1;
}

/** Inline plain groups with one alternative, so `a(b.*)` reads as the sequence a, b, .*. */
function flatten(items: readonly RegexNode[]): RegexNode[] {
  return items.flatMap((item) => (item.kind === 'group' && item.alts.length === 1 ? flatten(item.alts[0] ?? []) : [item]));
}

/** Groups with alternatives inside a node, not looking into lookarounds (they are atomic). */
function groupsIn(node: RegexNode): Extract<RegexNode, { kind: 'group' }>[] {
  if (node.kind === 'repeat') return groupsIn(node.body);
  if (node.kind !== 'group') return [];
  const inner = node.alts.flat().flatMap(groupsIn);
  return node.alts.length > 1 ? [node, ...inner] : inner;
}

function firstOf<T, R>(items: readonly T[], fn: (item: T) => R | null): R | null {
  for (const item of items) {
    const r = fn(item);
    if (r !== null) return r;
  }
  return null;
}

/** Why a scoping regex cannot be saved, or null when it is fine. Never throws. */
export function validateScopingRegex(pattern: string): string | null {
  if (pattern.length === 0) return 'Regular expression is empty';
  if (pattern.length > MAX_SCOPING_REGEX_LENGTH) {
    return `Regular expression is longer than the ${MAX_SCOPING_REGEX_LENGTH}-character limit`;
  }
  try {
    new RegExp(pattern);
  } catch (err) {
    const reason = err instanceof Error ? (err.message.split(': ').at(-1) ?? err.message) : String(err);
    return `Regular expression does not compile: ${reason}`;
  }
  return new Guard().check(parseRegex(pattern), true);
}

const compiled = new Map<string, RegExp | null>();

/** The pattern compiled, or null when it fails validation. Cached, with a bound on the cache. */
export function compileScopingRegex(pattern: string): RegExp | null {
  const hit = compiled.get(pattern);
  if (hit !== undefined) return hit;
  const re = validateScopingRegex(pattern) === null ? new RegExp(pattern) : null;
  if (compiled.size >= 500) compiled.clear();
  compiled.set(pattern, re);
  return re;
}

/** Whether `value` matches (unanchored, case-sensitive, as .NET's Regex.IsMatch); null when not testable. */
export function scopingRegexMatches(pattern: string, value: string): boolean | null {
  if (value.length > MAX_SCOPING_REGEX_INPUT) return null;
  const re = compileScopingRegex(pattern);
  return re ? re.test(value) : null;
}
