/** What mapping and scoping forms share: the source attributes each object type has, and the error shape. */
import type { z } from 'zod';
import { HUB_USER_ATTRIBUTES } from './source';

/** The object types that have mappings and scoping filters. */
export type MappingObjectType = 'user' | 'group';

/** Attributes of the source object a user mapping reads (see source.ts). */
export const USER_SOURCE_ATTRIBUTES = [
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
  'objectId',
  'IsSoftDeleted',
  'appRoleAssignments',
  ...HUB_USER_ATTRIBUTES,
] as const;

/** Attributes of the source object a group mapping reads. */
export const GROUP_SOURCE_ATTRIBUTES = ['displayName', 'mailNickname', 'description', 'objectId', 'members'] as const;

/** Multi-valued source attributes, which Entra does not allow in scoping filters (entra.md §6.3). */
export const MULTI_VALUED_ATTRIBUTES: readonly string[] = ['appRoleAssignments', 'members'];

/** One problem in a submitted list. `index` −1 means the list as a whole; `column` is set for expressions. */
export interface InputError {
  index: number;
  field: string;
  message: string;
  column?: number;
}

/**
 * The canonical spelling of a source attribute (names are case-insensitive), or null when unknown. `extra` are
 * the custom user attributes an admin declared (the caller reads them; this module stays pure).
 */
export function canonicalAttribute(
  name: string,
  objectType: MappingObjectType,
  extra: readonly string[] = [],
): string | null {
  const known: readonly string[] =
    objectType === 'user' ? [...USER_SOURCE_ATTRIBUTES, ...extra] : GROUP_SOURCE_ATTRIBUTES;
  const lower = name.toLowerCase();
  return known.find((k) => k.toLowerCase() === lower) ?? null;
}

/** `Unknown user source attribute "foo"`. */
export function unknownAttribute(name: string, objectType: MappingObjectType): string {
  return `Unknown ${objectType} source attribute "${name}"`;
}

/** JSON null, and the empty string a cleared form field sends, both mean "not given". */
export function absentIfEmpty(v: unknown): unknown {
  return v === null || v === '' ? undefined : v;
}

/** Zod issues of one list item as InputErrors: the path below the item becomes `field` (`clauses.0.value`). */
export function zodErrors(index: number, error: z.ZodError): InputError[] {
  return error.issues.map((issue) => ({
    index,
    field: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}
