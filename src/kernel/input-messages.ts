/**
 * Sentences an admin understands for zod's built-in checks ("must be at most 32", not "Too big: expected
 * number to be <=32"; issue 15). Installed once as zod's global error map (kernel/parse.ts does it), so every
 * schema gets them; a message a schema sets itself still wins (zod ranks it above the global map).
 */
import { z } from 'zod';

type Issue = Parameters<NonNullable<z.core.$ZodConfig['customError']>>[0];

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  date: 'a date',
  bigint: 'a whole number',
};

const FORMATS: Record<string, string> = {
  email: 'an email address',
  url: 'a URL such as https://host/path',
  uuid: 'an id (UUID)',
  datetime: 'a date and time such as 2026-03-01T09:00:00Z',
  date: 'a date such as 2026-03-01',
  ipv4: 'an IPv4 address',
};

const list = (values: readonly unknown[]) => values.map((v) => String(v)).join(', ');

/** The message for one issue, or undefined to keep zod's own. */
export function adminMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${max} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `may have at most ${max} items`;
      return issue.inclusive ? `must be at most ${max}` : `must be less than ${max}`;
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'string') return min === '1' ? 'is required' : `must be at least ${min} characters`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `needs at least ${min} item${min === '1' ? '' : 's'}`;
      return issue.inclusive ? `must be at least ${min}` : `must be more than ${min}`;
    }
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${list(issue.values)}` : `must be one of ${list(issue.values)}`;
    case 'unrecognized_keys':
      return `${issue.keys.length === 1 ? 'is not a field' : 'are not fields'} here: ${issue.keys.join(', ')}`;
    case 'invalid_format':
      return `must be ${FORMATS[issue.format] ?? `in ${issue.format} format`}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return undefined;
  }
}

let installed = false;

/** Install the messages as zod's global error map (idempotent). */
export function installAdminMessages(): void {
  if (installed) return;
  installed = true;
  z.config({ customError: adminMessage });
}
