/** Attribute mappings as data: what each target attribute gets from the source object. */

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
}

export interface MappingEnv {
  now: () => Date;
  random: () => number;
  guid: () => string;
}
