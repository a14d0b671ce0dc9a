/**
 * The SCIM filters Entra sends (entra.md §5.1: only `eq` and `and`), parsed into attribute/value pairs.
 * Anything else answers 400 `invalidFilter` (RFC 7644 §3.12) rather than being guessed at.
 */
import { ValidationError } from '../../kernel/errors';

export interface EqClause {
  attribute: string;
  value: string | boolean | null;
}

const CLAUSE_RE =
  /^\s*([A-Za-z][\w.:-]*(?:\[[^\]]*\])?(?:\.[A-Za-z][\w-]*)?)\s+eq\s+("(?:[^"\\]|\\.)*"|true|false|null)\s*$/i;

/** Split on ` and ` outside quotes and brackets. */
function splitAnd(filter: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < filter.length; i++) {
    const ch = filter[i];
    if (ch === '\\' && quoted) i++;
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '[') depth++;
    else if (!quoted && ch === ']') depth--;
    else if (!quoted && depth === 0 && /\s/.test(ch ?? '')) {
      const m = /^\s+and\s+/i.exec(filter.slice(i));
      if (m) {
        parts.push(filter.slice(start, i));
        i += m[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(filter.slice(start));
  return parts;
}

/** Parse `a eq "x" and b eq "y"`; throws ValidationError (code invalid filter) on anything else. */
export function parseFilter(filter: string): EqClause[] {
  if (filter.length > 1000) throw new ValidationError('The filter is too long', [{ path: 'filter', message: 'long' }]);
  return splitAnd(filter).map((clause) => {
    const m = CLAUSE_RE.exec(clause);
    if (!m?.[1] || m[2] === undefined) {
      throw new ValidationError(`Unsupported filter "${clause.trim()}": only "attribute eq value" joined by "and"`, [
        { path: 'filter', message: 'invalidFilter' },
      ]);
    }
    const raw = m[2];
    const value = raw.startsWith('"')
      ? (JSON.parse(raw) as string)
      : raw.toLowerCase() === 'null'
        ? null
        : raw.toLowerCase() === 'true';
    return { attribute: m[1], value };
  });
}
