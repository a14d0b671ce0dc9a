/**
 * The scoping-filter editor's draft: the whole filter list travels in one form (`f.<i>.name`,
 * `f.<i>.c.<j>.attribute|operator|value`), so adding or removing a filter or clause is a server re-render
 * of the draft, and Save hands the whole list to setScoping. Pure.
 */
import type { ObjectType } from '../../src/apps/mappings';
import {
  GROUP_SOURCE_ATTRIBUTES,
  MULTI_VALUED_ATTRIBUTES,
  USER_SOURCE_ATTRIBUTES,
} from '../../src/mapping/input-common';
import { UNARY_SCOPING_OPERATORS } from '../../src/mapping/scoping';
import type { ScopingFilter, ScopingOperator } from '../../src/mapping/types';
import type { FieldErrors } from './field';

export interface ClauseDraft {
  attribute: string;
  operator: string;
  value: string;
}

export interface FilterDraft {
  name: string;
  clauses: ClauseDraft[];
}

/**
 * Attributes a clause may test: the single-valued source attributes (Entra refuses multi-valued ones), and for
 * users the declared custom attributes (`custom`, single strings; issue 14).
 */
export function scopableAttributes(type: ObjectType, custom: readonly string[] = []): readonly string[] {
  const all: readonly string[] = type === 'user' ? USER_SOURCE_ATTRIBUTES : GROUP_SOURCE_ATTRIBUTES;
  return [...all.filter((a) => !MULTI_VALUED_ATTRIBUTES.includes(a)), ...(type === 'user' ? custom : [])];
}

/** True for IS TRUE / IS FALSE / IS NULL / IS NOT NULL, whose value is ignored. */
export function isUnary(operator: string): boolean {
  return UNARY_SCOPING_OPERATORS.includes(operator as ScopingOperator);
}

/** The stored filters as a draft. */
export function scopingDraftOf(filters: readonly ScopingFilter[]): FilterDraft[] {
  return filters.map((f) => ({
    name: f.name,
    clauses: f.clauses.map((c) => ({ attribute: c.attribute, operator: c.operator, value: c.value ?? '' })),
  }));
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Indices present under a prefix (`f.3.name` → 3), in numeric order, so gaps and order quirks do not matter. */
function indices(keys: readonly string[], pattern: RegExp): number[] {
  const found = new Set<number>();
  for (const k of keys) {
    const m = pattern.exec(k);
    if (m?.[1]) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

/** The draft as submitted. */
export function scopingDraftFrom(body: Record<string, unknown>): FilterDraft[] {
  const keys = Object.keys(body);
  return indices(keys, /^f\.(\d+)\./).map((i) => ({
    name: str(body[`f.${i}.name`]).trim(),
    clauses: indices(keys, new RegExp(`^f\\.${i}\\.c\\.(\\d+)\\.`)).map((j) => ({
      attribute: str(body[`f.${i}.c.${j}.attribute`]).trim(),
      operator: str(body[`f.${i}.c.${j}.operator`]).trim(),
      value: str(body[`f.${i}.c.${j}.value`]),
    })),
  }));
}

/** A new clause starts on the first attribute with EQUALS, as Entra's blade does. */
function newClause(attributes: readonly string[]): ClauseDraft {
  return { attribute: attributes[0] ?? '', operator: 'EQUALS', value: '' };
}

/**
 * Apply an editing button (`add-filter`, `add-clause:<i>`, `remove-clause:<i>:<j>`, `remove-filter:<i>`) to
 * the draft; an unknown op leaves it unchanged.
 */
export function applyScopingOp(draft: FilterDraft[], op: string, attributes: readonly string[]): FilterDraft[] {
  const [verb, a, b] = op.split(':');
  const i = Number(a);
  const j = Number(b);
  if (verb === 'add-filter') return [...draft, { name: '', clauses: [newClause(attributes)] }];
  if (verb === 'remove-filter') return draft.filter((_, k) => k !== i);
  return draft.map((f, k) => {
    if (k !== i) return f;
    if (verb === 'add-clause') return { ...f, clauses: [...f.clauses, newClause(attributes)] };
    if (verb === 'remove-clause') return { ...f, clauses: f.clauses.filter((_, n) => n !== j) };
    return f;
  });
}

/** The draft as setScoping input; a unary operator's value is dropped, whatever the (hidden) input held. */
export function scopingInput(draft: readonly FilterDraft[]): unknown[] {
  return draft.map((f) => ({
    name: f.name,
    clauses: f.clauses.map((c) => (isUnary(c.operator) ? { attribute: c.attribute, operator: c.operator } : { ...c })),
  }));
}

/** ValidationError details (`0.clauses.1.value`, `0.name`) keyed by the draft's field names (`f.0.c.1.value`). */
export function scopingErrors(details: readonly { path: string; message: string }[], fallback: string): FieldErrors {
  const out: FieldErrors = {};
  for (const d of details) {
    const m = /^(\d+)\.(?:clauses\.(\d+)\.(attribute|operator|value)|(name|clauses))$/.exec(d.path);
    let key = '';
    if (m?.[2] !== undefined) key = `f.${m[1]}.c.${m[2]}.${m[3]}`;
    else if (m?.[4]) key = `f.${m[1]}.${m[4]}`;
    const filter = /^\d+/.exec(d.path)?.[0];
    if (!(key in out)) out[key] = key || !filter ? d.message : `Scoping filter #${Number(filter) + 1}: ${d.message}`;
  }
  if (Object.keys(out).length === 0) out[''] = fallback;
  return out;
}
