/** zod's built-in checks speak as an admin reads them (issue 15); a schema's own message still wins. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ValidationError } from '../../src/kernel/errors';
import { parseOrThrow } from '../../src/kernel/parse';

const messageFor = (schema: z.ZodType, input: unknown) => {
  try {
    parseOrThrow(schema, input, 'x');
  } catch (err) {
    return (err as ValidationError).details[0]?.message;
  }
  return null;
};

describe('input messages', () => {
  it.each([
    ['a number too big', z.number().int().max(32), 40, 'must be at most 32'],
    ['a number too small', z.number().min(1), 0, 'must be at least 1'],
    ['an exclusive bound', z.number().lt(5), 5, 'must be less than 5'],
    ['text too long', z.string().max(5), 'toolong', 'must be at most 5 characters'],
    ['empty text', z.string().min(1), '', 'is required'],
    ['text too short', z.string().min(3), 'ab', 'must be at least 3 characters'],
    ['a list too long', z.array(z.string()).max(1), ['a', 'b'], 'may have at most 1 items'],
    ['a missing field', z.object({ a: z.string() }), {}, 'is required'],
    ['a wrong type', z.number(), 'ten', 'must be a number'],
    ['a boolean', z.boolean(), 'yes', 'must be true or false'],
    ['an enum', z.enum(['full', 'incremental']), 'half', 'must be one of full, incremental'],
    ['an unknown key', z.object({}).strict(), { f: 1 }, 'is not a field here: f'],
    ['a URL', z.string().url(), 'nope', 'must be a URL such as https://host/path'],
    ['an email', z.string().email(), 'nope', 'must be an email address'],
    ['the schema’s own message', z.string().min(1, 'Name is required'), '', 'Name is required'],
    ['a refinement', z.string().refine((v) => v === 'ok', 'must be ok'), 'no', 'must be ok'],
  ])('%s', (_what, schema, input, message) => {
    expect(messageFor(schema, input)).toBe(message);
  });

  it('names the field in the error message', () => {
    expect(() => parseOrThrow(z.object({ pageSize: z.number().max(5000) }), { pageSize: 9000 }, 'source')).toThrow(
      'Invalid source: pageSize must be at most 5000',
    );
  });
});
