/**
 * What a mapping draft changes against the published configuration (pure): per part, the mapping rows added,
 * removed or changed (by target attribute) and whether the scoping filters differ. The banner counts it and
 * the publish audit row carries the changed parts only.
 */
import { createHash } from 'node:crypto';
import type { AttributeMapping, ScopingFilter } from '../mapping/types';
import type { AppConfig } from './applications';
import type { ObjectType } from './mappings';

/** The application columns a draft covers; null = template defaults (mappings) or no filter (scoping). */
export type DraftColumns = Pick<AppConfig, 'userMappings' | 'groupMappings' | 'userScoping' | 'groupScoping'>;
export const DRAFT_COLUMNS = ['userMappings', 'groupMappings', 'userScoping', 'groupScoping'] as const;
export type DraftPart = (typeof DRAFT_COLUMNS)[number];

export function columnsOf(c: DraftColumns): DraftColumns {
  return {
    userMappings: c.userMappings,
    groupMappings: c.groupMappings,
    userScoping: c.userScoping,
    groupScoping: c.groupScoping,
  };
}

/** The version of the published columns a draft was taken from (compared again at publish). */
export function versionOf(c: DraftColumns): string {
  return createHash('sha256')
    .update(JSON.stringify(DRAFT_COLUMNS.map((k) => c[k])))
    .digest('hex');
}

/** JSON with sorted keys, so a validated row equals the stored one whatever order its keys came in. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

export function partOf(kind: 'mappings' | 'scoping', type: ObjectType): DraftPart {
  if (kind === 'mappings') return type === 'user' ? 'userMappings' : 'groupMappings';
  return type === 'user' ? 'userScoping' : 'groupScoping';
}

export interface PartChange {
  part: DraftPart;
  /** Target attributes of mapping rows (empty for scoping). */
  added: string[];
  removed: string[];
  changed: string[];
  /** How many changes the banner counts for this part (at least 1). */
  count: number;
}

function mappingChange(part: DraftPart, before: AttributeMapping[], after: AttributeMapping[]): PartChange {
  const was = new Map(before.map((m) => [m.target, canonical(m)]));
  const now = new Map(after.map((m) => [m.target, canonical(m)]));
  const added = [...now.keys()].filter((t) => !was.has(t));
  const removed = [...was.keys()].filter((t) => !now.has(t));
  const changed = [...now.keys()].filter((t) => was.has(t) && was.get(t) !== now.get(t));
  // Only the order moved (the rows are equal): one change.
  return { part, added, removed, changed, count: Math.max(1, added.length + removed.length + changed.length) };
}

function scopingChange(part: DraftPart, before: ScopingFilter[], after: ScopingFilter[]): PartChange {
  const was = new Set(before.map(canonical));
  const now = new Set(after.map(canonical));
  const differing = [...now].filter((f) => !was.has(f)).length + [...was].filter((f) => !now.has(f)).length;
  return { part, added: [], removed: [], changed: [], count: Math.max(1, differing) };
}

/** The parts a draft changes, with `effective` turning a stored column into the list it means. */
export function draftChanges(
  published: DraftColumns,
  draft: DraftColumns,
  effective: (c: DraftColumns, part: DraftPart) => unknown[],
): PartChange[] {
  const out: PartChange[] = [];
  for (const part of DRAFT_COLUMNS) {
    const before = effective(published, part);
    const after = effective(draft, part);
    if (canonical(before) === canonical(after)) continue;
    out.push(
      part.endsWith('Mappings')
        ? mappingChange(part, before as AttributeMapping[], after as AttributeMapping[])
        : scopingChange(part, before as ScopingFilter[], after as ScopingFilter[]),
    );
  }
  return out;
}

export const changeCount = (changes: readonly PartChange[]): number => changes.reduce((n, c) => n + c.count, 0);
