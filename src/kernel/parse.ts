/** Input parsing shared by every use case and route: zod issues become one ValidationError naming each field. */
import type { z } from 'zod';
import { ValidationError } from './errors';
import { installAdminMessages } from './input-messages';

// Every module that parses input imports this one, so zod's messages are the admin's sentences everywhere.
installAdminMessages();

/** Parse with a zod schema, turning issues into a ValidationError that names each field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
  throw new ValidationError(`Invalid ${what}: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`, details);
}
