/** The function table, assembled from the themed files and looked up case-insensitively. */
import { COLLECTION_FUNCTIONS } from './collections';
import { DATE_FUNCTIONS } from './dates';
import { ENCODING_FUNCTIONS } from './encoding';
import { LETTER_FUNCTIONS } from './letters';
import { LOGIC_FUNCTIONS } from './logic';
import { REPLACE_FUNCTIONS } from './replace';
import { ROLE_FUNCTIONS } from './roles';
import { STRING_FUNCTIONS } from './strings';
import type { FunctionDef } from './types';

const ALL: readonly FunctionDef[] = [
  ...COLLECTION_FUNCTIONS,
  ...DATE_FUNCTIONS,
  ...ENCODING_FUNCTIONS,
  ...LETTER_FUNCTIONS,
  ...LOGIC_FUNCTIONS,
  ...REPLACE_FUNCTIONS,
  ...ROLE_FUNCTIONS,
  ...STRING_FUNCTIONS,
];

const BY_NAME: ReadonlyMap<string, FunctionDef> = new Map(ALL.map((f) => [f.name.toLowerCase(), f]));

/** Entra functions Provisio knows by name but does not run (none left; kept for the next one). */
const UNSUPPORTED: ReadonlyMap<string, string> = new Map<string, string>([]);

/** Canonical names of every supported function, sorted, for autocomplete. */
export const FUNCTION_NAMES: readonly string[] = Object.freeze(ALL.map((f) => f.name).sort());

/** The table entry for a function name in any letter case. */
export function lookupFunction(name: string): FunctionDef | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** The canonical name of an Entra function that Provisio deliberately does not support. */
export function unsupportedFunction(name: string): string | undefined {
  return UNSUPPORTED.get(name.toLowerCase());
}
