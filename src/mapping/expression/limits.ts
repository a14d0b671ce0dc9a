/**
 * Bounds on the work one evaluation may do. The expression tester is open to viewers and JavaScript cannot
 * interrupt a running function, so every costly dimension has a deterministic cap that fails the evaluation
 * with an error naming the limit (the same input always gives the same answer, in the tester, a dry run and
 * a cycle alike). Measured worst cases (docs in the tests): ~60 ms for the whole character budget spent
 * in the slowest per-character function, ~5 ms for a guarded regex over 1,000 characters.
 */

/** Longest value any function may return: characters of a string, or of a list's items plus one per item. */
export const MAX_VALUE_LENGTH = 50_000;
/** Characters all calls of one evaluation may read and write together (arguments plus results). */
export const MAX_EVALUATION_CHARS = 150_000;
/**
 * Longest text a Replace regular expression runs over, and longest pattern: the same bounds as scoping
 * regexes, where the static backtracking guard is fuzz-tested to 50 ms (most patterns stay under 5 ms).
 */
export const MAX_REGEX_INPUT = 1_000;
export const MAX_REGEX_PATTERN = 200;
/** Characters all regular-expression runs of one evaluation may scan together. */
export const MAX_REGEX_CHARS = 10_000;

/** The size a value counts for: string length, list items' lengths plus one per item, 1 for anything else. */
export function sizeOf(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) {
    let size = value.length;
    for (const item of value) size += typeof item === 'string' ? item.length : 1;
    return size;
  }
  return 1;
}

const thousands = (n: number) => n.toLocaleString('en-US');

/** Per-evaluation counters; `fail` throws the caller's expression error. */
export class Budget {
  private chars = 0;
  private regexChars = 0;

  /** Count characters read or written by a call; throws once the evaluation's total passes the cap. */
  spend(n: number, fail: (message: string) => never): void {
    this.chars += n;
    if (this.chars > MAX_EVALUATION_CHARS) {
      fail(`Expression evaluation processes more than the ${thousands(MAX_EVALUATION_CHARS)}-character limit`);
    }
  }

  /** Count characters a regular expression is about to scan, refusing over-long input before it runs. */
  scan(name: string, input: string, fail: (message: string) => never): void {
    if (input.length > MAX_REGEX_INPUT) {
      fail(
        `${name} runs a regular expression over at most ${thousands(MAX_REGEX_INPUT)} characters, but the value has ${thousands(input.length)}`,
      );
    }
    this.regexChars += input.length;
    if (this.regexChars > MAX_REGEX_CHARS) {
      fail(`Expression runs regular expressions over more than the ${thousands(MAX_REGEX_CHARS)}-character limit`);
    }
  }
}

/** Throw when an argument is longer than any function may return: refused before the function reads it. */
export function checkArgument(name: string, length: number, fail: (message: string) => never): void {
  if (length > MAX_VALUE_LENGTH) {
    fail(`${name} accepts values of at most ${thousands(MAX_VALUE_LENGTH)} characters, but got ${thousands(length)}`);
  }
}

/** Throw when a value a function is building grows past MAX_VALUE_LENGTH. */
export function checkLength(name: string, length: number, fail: (message: string) => never): void {
  if (length > MAX_VALUE_LENGTH) {
    fail(`${name} would return more than the ${thousands(MAX_VALUE_LENGTH)}-character limit`);
  }
}
