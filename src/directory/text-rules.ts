/**
 * Which characters directory text may hold. Pure.
 *
 * Control characters (C0, DEL, C1) and the bidi formatting characters can make a stored name look like another
 * one (`evil\u202Egpj.exe` shows as `evilexe.jpg`) or cut it short in logs and CSV files. Identifiers, which
 * targets match on, refuse both; free-text fields refuse controls only, because right-to-left names may need
 * the bidi marks. Anything already stored is made harmless at display time by `displaySafe()`.
 */
import type { z } from 'zod';

// C0 (incl. NUL, tab, newline), DEL and C1.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// LRM/RLM, the embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069, and ALM U+061C.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why `value` is not allowed, or null. Names the character and its position so the user can find it. */
export function unsafeCharProblem(value: string, kind: 'identifier' | 'text'): string | null {
  const control = CONTROL.exec(value);
  if (control) {
    return `must not contain control characters (found ${codePoint(control[0])} at position ${control.index + 1})`;
  }
  if (kind === 'identifier') {
    const bidi = BIDI.exec(value);
    if (bidi) {
      return `must not contain bidirectional formatting characters (found ${codePoint(bidi[0])} at position ${bidi.index + 1})`;
    }
  }
  return null;
}

/** A zod refinement for strings: refuse the characters `kind` does not allow, with a message naming them. */
export function safeChars(kind: 'identifier' | 'text') {
  return (value: string | null | undefined, ctx: z.RefinementCtx) => {
    if (typeof value !== 'string') return;
    const problem = unsafeCharProblem(value, kind);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  };
}

/**
 * Text as it may be shown: every control or bidi formatting character is replaced by a visible `[U+XXXX]`,
 * so a value stored before these rules (or written straight to the database) cannot reorder or hide the
 * text around it. Callers still wrap names in `<bdi>` so a legitimate right-to-left name stays isolated.
 */
export function displaySafe(value: string): string;
export function displaySafe(value: string | null | undefined): string | null | undefined;
export function displaySafe(value: string | null | undefined): string | null | undefined {
  if (typeof value !== 'string') return value;
  UNSAFE_ALL.lastIndex = 0;
  if (!UNSAFE_ALL.test(value)) return value;
  return value.replace(UNSAFE_ALL, (ch) => `[${codePoint(ch)}]`);
}
