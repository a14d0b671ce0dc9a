/** Validation of directory user input (API and CSV import share it). */
import { z } from 'zod';
import { safeChars } from './text-rules';

/** Optional text; `identifier` fields (matched on by targets) also refuse bidi formatting characters. */
const optional = (kind: 'identifier' | 'text') =>
  z
    .string()
    .trim()
    .max(1024)
    .superRefine(safeChars(kind))
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

export const USER_ATTRIBUTES = [
  'userPrincipalName',
  'mail',
  'mailNickname',
  'displayName',
  'givenName',
  'surname',
  'jobTitle',
  'department',
  'employeeId',
  'accountEnabled',
] as const;

const fields = {
  userPrincipalName: z
    .string()
    .trim()
    .min(3)
    .max(256)
    .superRefine(safeChars('identifier'))
    .regex(/^[^\s@]+@[^\s@]+$/, 'must look like name@domain'),
  mail: optional('identifier'),
  mailNickname: optional('identifier'),
  displayName: optional('text'),
  givenName: optional('text'),
  surname: optional('text'),
  jobTitle: optional('text'),
  department: optional('text'),
  employeeId: optional('identifier'),
  accountEnabled: z.boolean().optional(),
};

export const createUserSchema = z.object(fields).strict();
export const updateUserSchema = z.object(fields).partial().strict();

export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
