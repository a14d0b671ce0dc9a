/** Attribute mappings as data: what each target attribute gets from the source object. */
import type { TargetType } from '../scim/schema-types';

/** Target values keyed by SCIM path; absent means "not sent" (we never send nulls). */
export type FlatValues = Record<string, string | number | boolean | string[]>;

export type SourceValue = string | number | boolean | string[] | null;

/** The source object a mapping reads: directory attributes plus computed ones (IsSoftDeleted, appRoleAssignments). */
export type SourceObject = Record<string, unknown>;

export interface AttributeMapping {
  /** SCIM attribute path, e.g. `emails[type eq "work"].value`. */
  target: string;
  type: 'direct' | 'constant' | 'expression' | 'none';
  /** Source attribute for `direct`. */
  source?: string;
  /** Literal for `constant`. */
  value?: string;
  /** Entra expression for `expression`. */
  expression?: string;
  /** Used when the source value is null or empty, on create only (as Entra does). */
  defaultValue?: string;
  apply: 'always' | 'create';
  /** Lower numbers are tried first when matching a target object; absent = not a matching attribute. */
  matchingPrecedence?: number;
  /**
   * The target attribute's SCIM type, resolved for a run from the target's schema (`typedMappings`), never
   * stored: mapped values are converted to it. Absent: the value goes as the mapping produced it.
   */
  targetType?: TargetType;
}

export interface MappingEnv {
  now: () => Date;
  random: () => number;
  guid: () => string;
}

/** Entra's scoping-filter operators (entra.md §6), spelled as its UI spells them. */
export const SCOPING_OPERATORS = [
  '&',
  '!&',
  'ENDS_WITH',
  'EQUALS',
  'NOT EQUALS',
  'Greater_Than',
  'Greater_Than_OR_EQUALS',
  'Includes',
  'IS TRUE',
  'IS FALSE',
  'IS NULL',
  'IS NOT NULL',
  'REGEX MATCH',
  'NOT REGEX MATCH',
] as const;

export type ScopingOperator = (typeof SCOPING_OPERATORS)[number];

/** `attribute operator value`; unary operators (IS TRUE, IS NULL, ...) take no value. */
export interface ScopingClause {
  attribute: string;
  operator: ScopingOperator;
  value?: string;
}

/** A named filter: its clauses AND together; an object is in scope when any filter passes (OR). */
export interface ScopingFilter {
  name: string;
  clauses: ScopingClause[];
}
