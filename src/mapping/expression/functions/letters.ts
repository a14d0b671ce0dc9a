/** PCase and NormalizeDiacritics: the two functions that need knowledge of letters beyond ASCII. */
import { text } from './coerce';
import { mapCase } from './strings';
import { type FunctionDef, fn } from './types';

// Letters that are not "base letter + accent" in Unicode, so decomposition alone leaves them as they are.
// The list is Microsoft's table for NormalizeDiacritics (ø → oe, ß → ss, ...), plus plain œ and ı.
const LETTER_MAP: Readonly<Record<string, string>> = {
  æ: 'ae',
  Æ: 'AE',
  ø: 'oe',
  Ø: 'OE',
  œ: 'oe',
  Œ: 'OE',
  ß: 'ss',
  ł: 'l',
  Ł: 'L',
  ı: 'i',
};

// Marks are stripped only after Latin letters: stripping every mark would also turn Cyrillic й into и
// or Japanese が into か, which Entra's table does not do.
const ACCENTS_AFTER_LATIN = /([A-Za-zæÆøØœŒıłŁ])[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+/g;

/** Replace accented Latin letters with unaccented ones (Zoë → Zoe, Æ → AE, ß → ss). */
export function normalizeDiacritics(s: string): string {
  const stripped = s.normalize('NFD').replace(ACCENTS_AFTER_LATIN, '$1');
  let out = '';
  for (const ch of stripped) out += LETTER_MAP[ch] ?? ch;
  return out.normalize('NFC');
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

/**
 * Proper case. Without separators this follows .NET's ToTitleCase on the lower-cased text, which is what
 * Entra's examples show ("PABLO GONSALVES (SECOND)" → "Pablo Gonsalves (Second)"): every character that is
 * not a letter, mark or digit separates words, except an apostrophe inside a word ("o'neil" → "O'neil").
 */
export function properCase(s: string, separators: string | null): string {
  const custom = separators === null || separators === '' ? null : new Set(separators);
  let out = '';
  let atWordStart = true;
  let previous = '';
  for (const ch of s) {
    const inWordApostrophe = ch === "'" && WORD_CHAR.test(previous);
    const isSeparator = custom ? custom.has(ch) : !WORD_CHAR.test(ch) && !inWordApostrophe;
    if (isSeparator) {
      out += ch;
      atWordStart = true;
    } else {
      out += mapCase(ch, atWordStart ? 'upper' : 'lower');
      atWordStart = false;
    }
    previous = ch;
  }
  return out;
}

/** NormalizeDiacritics and PCase. */
export const LETTER_FUNCTIONS: readonly FunctionDef[] = [
  fn('NormalizeDiacritics', 1, 1, ([source = null], ctx) => {
    const s = text(source, ctx);
    return s === null ? null : normalizeDiacritics(s);
  }),
  fn('PCase', 1, 2, ([source = null, separators = null], ctx) => {
    const s = text(source, ctx);
    return s === null ? null : properCase(s, text(separators, ctx));
  }),
];
