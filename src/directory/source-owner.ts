/**
 * Objects owned by a directory source (issue 14) are written by that source only: anyone else gets a 409
 * naming it, so a local edit is never silently overwritten by the next push. The source acts as an actor
 * whose id is `source:<id>` (sourceActor below).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { sourceObjects, sources } from '../../db/schema';
import type { Actor } from '../kernel/actor';
import { ConflictError } from '../kernel/errors';

export type OwnedType = 'user' | 'group';
export interface SourceRef {
  id: string;
  name: string;
}
/** As directory users and groups carry it in the API: the owner and its anchor for the object. */
export interface SourceOwner extends SourceRef {
  anchor: string | null;
}

const SOURCE_ACTOR_PREFIX = 'source:';

/** The actor a source writes as (audit rows name it; ownership checks recognise it). */
export function sourceActor(source: SourceRef): Actor {
  return { type: 'system', id: `${SOURCE_ACTOR_PREFIX}${source.id}`, name: `source:${source.name}`, role: 'operator' };
}

/** The source that owns one object, or null for local objects. */
export function sourceOf(db: Pick<Db, 'select'>, objectType: OwnedType, objectId: string): SourceOwner | null {
  const row = db
    .select({ id: sources.id, name: sources.name, anchor: sourceObjects.externalId })
    .from(sourceObjects)
    .innerJoin(sources, eq(sources.id, sourceObjects.sourceId))
    .where(and(eq(sourceObjects.objectType, objectType), eq(sourceObjects.objectId, objectId)))
    .get();
  return row ?? null;
}

/** Owners of many objects at once (list pages and API lists), keyed by object id. */
export function sourcesOf(db: Pick<Db, 'select'>, objectType: OwnedType, ids: readonly string[]) {
  const map = new Map<string, SourceOwner>();
  if (ids.length === 0) return map;
  const rows = db
    .select({ objectId: sourceObjects.objectId, id: sources.id, name: sources.name, anchor: sourceObjects.externalId })
    .from(sourceObjects)
    .innerJoin(sources, eq(sources.id, sourceObjects.sourceId))
    .where(and(eq(sourceObjects.objectType, objectType), inArray(sourceObjects.objectId, [...ids])))
    .all();
  for (const r of rows) map.set(r.objectId, { id: r.id, name: r.name, anchor: r.anchor });
  return map;
}

/** Throw a 409 naming the owning source unless the actor is that source. */
export function assertWritableBy(db: Pick<Db, 'select'>, actor: Actor, objectType: OwnedType, objectId: string) {
  const owner = sourceOf(db, objectType, objectId);
  if (!owner || actor.id === `${SOURCE_ACTOR_PREFIX}${owner.id}`) return;
  throw new ConflictError(
    'source_owned',
    `This ${objectType} is owned by the source "${owner.name}"; change it there, not in Provisio`,
    { sourceId: owner.id, sourceName: owner.name },
  );
}

/** One object as the API shows it: with `source: {id, name} | null`. */
export function withSource<T extends { id: string }>(db: Pick<Db, 'select'>, objectType: OwnedType, row: T) {
  return { ...row, source: sourceOf(db, objectType, row.id) };
}

/** A page of objects with their sources (one query for the page). */
export function withSources<T extends { id: string }>(db: Pick<Db, 'select'>, objectType: OwnedType, rows: T[]) {
  const owners = sourcesOf(
    db,
    objectType,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, source: owners.get(r.id) ?? null }));
}
