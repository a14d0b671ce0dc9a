/**
 * The mapping editor's form values: from a stored mapping, from a submitted form, and back into the input
 * setMappings validates. Pure. Validation stays in the domain (setMappings); this only reshapes.
 */
import type { ObjectType } from '../../src/apps/mappings';
import { GROUP_SOURCE_ATTRIBUTES, USER_SOURCE_ATTRIBUTES } from '../../src/mapping/input-common';
import type { AttributeMapping } from '../../src/mapping/types';
import type { FieldErrors } from './field';

export type MappingType = AttributeMapping['type'];

export const MAPPING_TYPE_LABELS: Record<MappingType, string> = {
  direct: 'Direct',
  constant: 'Constant',
  expression: 'Expression',
  none: 'None',
};

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** Target attribute suggestions (a datalist: any other SCIM path may still be typed). */
export const TARGET_SUGGESTIONS: Record<ObjectType, readonly string[]> = {
  user: [
    'userName',
    'active',
    'displayName',
    'title',
    'emails[type eq "work"].value',
    'name.givenName',
    'name.familyName',
    'name.formatted',
    'externalId',
    'nickName',
    'preferredLanguage',
    'phoneNumbers[type eq "work"].value',
    'phoneNumbers[type eq "mobile"].value',
    'addresses[type eq "work"].streetAddress',
    'addresses[type eq "work"].locality',
    'addresses[type eq "work"].region',
    'addresses[type eq "work"].postalCode',
    'addresses[type eq "work"].country',
    'roles[primary eq "True"].value',
    `${ENTERPRISE}:department`,
    `${ENTERPRISE}:employeeNumber`,
    `${ENTERPRISE}:costCenter`,
    `${ENTERPRISE}:division`,
    `${ENTERPRISE}:organization`,
    `${ENTERPRISE}:manager`,
  ],
  group: ['displayName', 'externalId', 'members'],
};

/**
 * Source attributes the object type has (the same lists the domain validates against); users also have the
 * declared custom attributes (`custom`, issue 14).
 */
export function sourceAttributesOf(type: ObjectType, custom: readonly string[] = []): readonly string[] {
  return type === 'user' ? [...USER_SOURCE_ATTRIBUTES, ...custom] : GROUP_SOURCE_ATTRIBUTES;
}

/** The editor's values; `original` is the edited mapping's target ('' for a new mapping). */
export interface MappingValues {
  original: string;
  target: string;
  mappingType: string;
  source: string;
  value: string;
  expression: string;
  defaultValue: string;
  apply: string;
  matching: boolean;
  matchingPrecedence: string;
}

/** Values of a stored mapping, or of a new one. */
export function mappingValuesOf(m: AttributeMapping | undefined): MappingValues {
  return {
    original: m?.target ?? '',
    target: m?.target ?? '',
    mappingType: m?.type ?? 'direct',
    source: m?.source ?? '',
    value: m?.value ?? '',
    expression: m?.expression ?? '',
    defaultValue: m?.defaultValue ?? '',
    apply: m?.apply ?? 'always',
    matching: m?.matchingPrecedence !== undefined,
    matchingPrecedence: m?.matchingPrecedence === undefined ? '' : String(m.matchingPrecedence),
  };
}

// Constants, expressions and default values are kept byte for byte: a trailing space can be meaningful.
const raw = (v: unknown): string => (typeof v === 'string' ? v : '');
const trimmed = (v: unknown): string => raw(v).trim();

/** Values as submitted (a POST body or the query of the type-switch GET). */
export function mappingValuesFrom(body: Record<string, unknown>): MappingValues {
  return {
    original: raw(body.original),
    target: trimmed(body.target),
    mappingType: trimmed(body.mappingType) || 'direct',
    source: trimmed(body.source),
    value: raw(body.value),
    expression: raw(body.expression),
    defaultValue: raw(body.defaultValue),
    apply: trimmed(body.apply) || 'always',
    matching: body.matching === 'yes',
    matchingPrecedence: trimmed(body.matchingPrecedence),
  };
}

/**
 * The submitted mapping as setMappings input: only the fields its type uses. A matching mapping without a
 * precedence goes last, after the other mappings' precedences.
 */
export function mappingInput(v: MappingValues, others: readonly AttributeMapping[]): Record<string, unknown> {
  const out: Record<string, unknown> = { target: v.target, type: v.mappingType, apply: v.apply };
  if (v.mappingType === 'direct') out.source = v.source;
  if (v.mappingType === 'constant') out.value = v.value;
  if (v.mappingType === 'expression') out.expression = v.expression;
  if (v.mappingType !== 'constant' && v.defaultValue !== '') out.defaultValue = v.defaultValue;
  if (v.matching) {
    const last = Math.max(0, ...others.map((m) => m.matchingPrecedence ?? 0));
    out.matchingPrecedence = v.matchingPrecedence || String(last + 1);
  }
  return out;
}

/** What a failed save says about the edited item (`at`), per field; everything else is form-level (''). */
export function editorErrors(
  details: readonly { path: string; message: string; column?: number }[],
  fallback: string,
  at: number,
): { errors: FieldErrors; column: number | undefined } {
  const errors: FieldErrors = {};
  let column: number | undefined;
  const renamed: Record<string, string> = { type: 'mappingType' };
  for (const d of details) {
    const [index = '', ...rest] = d.path.split('.');
    const field = rest.join('.');
    const mine = index === String(at) && field !== '';
    const key = mine ? (renamed[field] ?? field) : '';
    if (key in errors) continue;
    errors[key] = mine || index === '-1' ? d.message : `Mapping #${Number(index) + 1}: ${d.message}`;
    if (key === 'expression') column = d.column;
  }
  if (Object.keys(errors).length === 0) errors[''] = fallback;
  return { errors, column };
}
