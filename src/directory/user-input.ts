/** Validation of directory user input (API and CSV import share it). */
import { z } from 'zod';
import { EXTENSION_ATTRIBUTES, HUB_USER_ATTRIBUTES } from '../mapping/source';
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
  // Entra's commonly mapped attributes (entra.md §7.2). `manager` is another directory user's id.
  ...HUB_USER_ATTRIBUTES,
] as const;

/** Attributes any string is fine for (no format beyond the text rules). */
const TEXT_ATTRIBUTES = [
  'streetAddress',
  'city',
  'state',
  'postalCode',
  'country',
  'companyName',
  'officeLocation',
  'employeeType',
  ...EXTENSION_ATTRIBUTES,
] as const;

/** A format on top of the identifier rules; the empty string still clears. */
const formatted = (re: RegExp, message: string) =>
  optional('identifier').refine((v) => v === null || v === undefined || re.test(v), message);

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
  // Existence and "not the user itself" need the database: checked by the use cases (manager-check.ts).
  manager: optional('identifier'),
  // Phone numbers and codes are matched on by some targets, so they refuse bidi marks like identifiers.
  mobile: optional('identifier'),
  telephoneNumber: optional('identifier'),
  facsimileTelephoneNumber: optional('identifier'),
  preferredLanguage: formatted(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en-US'),
  usageLocation: formatted(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as US'),
  // Entra's employeeHireDate is a DateTimeOffset; a date alone is accepted too.
  employeeHireDate: formatted(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/,
    'must be an ISO 8601 date such as 2024-03-01 or 2024-03-01T09:00:00Z',
  ),
  ...(Object.fromEntries(TEXT_ATTRIBUTES.map((a) => [a, optional('text')])) as Record<
    (typeof TEXT_ATTRIBUTES)[number],
    ReturnType<typeof optional>
  >),
  // Values of declared custom attributes (custom-attributes.ts checks the names); null or "" removes one.
  customAttributes: z
    .record(z.string().max(64), optional('text'))
    .refine((o) => Object.keys(o).length <= 100, 'at most 100 custom attributes')
    .optional(),
};

export const createUserSchema = z.object(fields).strict();
export const updateUserSchema = z.object(fields).partial().strict();

export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
