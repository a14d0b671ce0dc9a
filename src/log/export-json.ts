/**
 * The few fields the CSV export reads from a row's steps and modified properties, without JSON.parse: parsing
 * every step (details included) into objects was a tenth of a million-row export (issue 16). The scanner takes
 * the compact form JSON.stringify writes (a string with escapes is decoded by JSON.parse of that string alone);
 * anything else (whitespace, a wanted value that is not a string or null, text after the list) returns null
 * and the caller parses the whole JSON as before, so the cells are the same either way. Values under keys it
 * does not read are skipped, not validated: the log writer stores JSON.stringify's output only.
 * A test holds the two to it.
 */

/** A value as JSON.parse would give it: a string, null, or undefined when the key is absent. */
export type ScannedValue = string | null | undefined;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Index of the quote closing the string that opens at `i`, or -1 (a quote after an odd run of backslashes is text). */
function stringEnd(json: string, i: number): number {
  let end = json.indexOf('"', i + 1);
  while (end > 0) {
    let slashes = 0;
    while (json.charCodeAt(end - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return end;
    end = json.indexOf('"', end + 1);
  }
  return -1;
}

/** The string between `i` and `end` (its quotes), decoded; undefined when an escape is not valid JSON. */
function stringAt(json: string, i: number, end: number): string | undefined {
  const raw = json.slice(i + 1, end);
  if (raw.indexOf('\\') === -1) return raw;
  try {
    return JSON.parse(json.slice(i, end + 1)) as string;
  } catch {
    return undefined;
  }
}

/** Index after the nested object or array starting at `i`, or -1. */
function skipNested(json: string, i: number): number {
  let depth = 0;
  for (let j = i; j < json.length; j++) {
    const c = json.charCodeAt(j);
    if (c === QUOTE) {
      j = stringEnd(json, j);
      if (j < 0) return -1;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

/** Index after a scalar other than a string (number, true, false, null) starting at `i`, or -1. */
function skipScalar(json: string, i: number): number {
  for (const word of ['true', 'false', 'null']) if (json.startsWith(word, i)) return i + word.length;
  NUMBER.lastIndex = i;
  return NUMBER.test(json) ? NUMBER.lastIndex : -1;
}

/**
 * The `keys` of each object of a JSON list of objects, in order, or null when the text is not in the form this
 * scanner reads (then JSON.parse decides).
 */
export function scanObjectList(json: string, keys: readonly string[]): ScannedValue[][] | null {
  if (json.charCodeAt(0) !== 0x5b) return null;
  const out: ScannedValue[][] = [];
  let i = 1;
  if (json.charCodeAt(i) === 0x5d) return i + 1 === json.length ? out : null;
  for (;;) {
    if (json.charCodeAt(i) !== 0x7b) return null;
    i++;
    const values: ScannedValue[] = new Array(keys.length);
    if (json.charCodeAt(i) === 0x7d) i++;
    else
      for (;;) {
        if (json.charCodeAt(i) !== QUOTE) return null;
        const keyEnd = stringEnd(json, i);
        if (keyEnd < 0 || json.charCodeAt(keyEnd + 1) !== 0x3a) return null;
        const key = stringAt(json, i, keyEnd);
        if (key === undefined) return null;
        const k = keys.indexOf(key);
        i = keyEnd + 2;
        const c = json.charCodeAt(i);
        if (c === QUOTE) {
          const end = stringEnd(json, i);
          if (end < 0) return null;
          if (k >= 0) {
            const value = stringAt(json, i, end);
            if (value === undefined) return null;
            values[k] = value;
          }
          i = end + 1;
        } else if (k >= 0) {
          if (!json.startsWith('null', i)) return null; // a number or object where text is expected: parse it
          values[k] = null;
          i += 4;
        } else {
          i = c === 0x7b || c === 0x5b ? skipNested(json, i) : skipScalar(json, i);
          if (i < 0) return null;
        }
        const next = json.charCodeAt(i++);
        if (next === 0x7d) break;
        if (next !== 0x2c) return null;
      }
    out.push(values);
    const next = json.charCodeAt(i++);
    if (next === 0x5d) return i === json.length ? out : null;
    if (next !== 0x2c) return null;
  }
}
