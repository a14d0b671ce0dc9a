/**
 * Building the only filters Entra sends: `attribute eq value`, joined with `and` (entra.md §5.1). In RFC
 * 7644 §3.4.2.2 the compared value is a JSON literal (`compValue = false / null / true / number / string`,
 * "rules from JSON"), so a string is written as a JSON string: `"` and `\` are backslash-escaped and control
 * characters become `\n`, `\u0001`, ... Without that, a userName holding a quote breaks the query or
 * injects another condition. URL encoding is a separate, later step (`toQueryString`).
 */
import { parseScimPath, ScimPathError } from './paths';

/** A value that can appear on the right of `eq`. */
export type FilterValue = string | number | boolean;

/** The filter text `attribute eq <JSON literal>`; the attribute must be a valid SCIM path. */
export function eqFilter(attribute: string, value: FilterValue): string {
  // Validating the attribute keeps a caller-supplied name from smuggling in `or` clauses.
  parseScimPath(attribute);
  return `${attribute} eq ${filterLiteral(attribute, value)}`;
}

/** Join filters with `and` (the only logical operator Entra emits); empty parts are not allowed. */
export function andFilter(...filters: string[]): string {
  if (filters.length === 0 || filters.some((f) => f.trim() === '')) {
    throw new ScimPathError(filters.join(' and '), 'an "and" filter needs non-empty parts');
  }
  return filters.join(' and ');
}

/** A JSON literal for a filter value (RFC 7644 §3.4.2.2 compValue). */
export function filterLiteral(attribute: string, value: FilterValue): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new ScimPathError(attribute, `${value} cannot be compared in a filter (JSON has no such number)`);
  }
  // JSON.stringify escapes `"`, `\` and U+0000-U+001F, and (Node >= 12) lone surrogates as \uXXXX.
  return JSON.stringify(value);
}

/**
 * Encode query parameters in order. URLSearchParams writes a space as `+` (form encoding), which some SCIM
 * servers decode literally; `%20` is read as a space by every RFC 3986 decoder, so `+` is rewritten (a
 * literal "+" in a value was already encoded as `%2B`).
 */
export function toQueryString(params: ReadonlyArray<readonly [string, string]>): string {
  return new URLSearchParams(params.map(([k, v]) => [k, v])).toString().replace(/\+/g, '%20');
}
