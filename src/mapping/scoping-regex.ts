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
 * 4. quantifiers in one sequence can trade characters (`.*.*x`, `\w*\s*\w*`): the second can start with a
 *    character the first can match, and nothing required between them starts with one it cannot. Small bounded ones are allowed
 *    (`(\d{1,3}\.){3}\d{1,3}`), and a final `.*` or `.+` is (`.*Sales.*`), since nothing after it can fail;
 * 5. a lookaround that can read more than 16 characters is repeated, or follows a quantifier that gives back
 *    characters it reads (`.*(?=\w+)x`): it is re-run at every position the engine backtracks to.
 * At evaluation, values longer than 1,000 characters are not tested, so the quadratic cost that any
 * unanchored search has stays bounded.
 *
 * Limits: the rules are conservative (some harmless patterns such as `([a-z]+\.)+[a-z]+$` are refused; an
 * admin can rewrite them), and they are a heuristic, not a proof. A fuzz test holds every pattern that passes
 * to 50 ms on a 1,000-character adversarial value.
 */
import { backtrackingProblem } from './scoping-regex-guard';

/** Longest pattern accepted. */
export const MAX_SCOPING_REGEX_LENGTH = 200;
/** Longest attribute value a pattern is tested against; longer values make the clause false. */
export const MAX_SCOPING_REGEX_INPUT = 1_000;

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
  return backtrackingProblem(pattern);
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
