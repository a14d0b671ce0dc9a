/**
 * What an LDAP import looks up in its own ownership links: the directory object behind an anchor, the object
 * behind a DN (member and manager values are DNs), and the source's live objects (delete detection). Also the
 * high-water mark arithmetic of incremental polls.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { groups, sourceObjects, users } from '../../../db/schema';

type Reader = Pick<Db, 'select'>;
export type Owned = 'user' | 'group';

/** The objects a page's anchors point at (soft-deleted ones too: an entry may come back), in one query. */
export function linksByAnchor(db: Reader, sourceId: string, objectType: Owned, anchors: readonly string[]) {
  const map = new Map<string, { objectId: string; dn: string | null }>();
  for (let i = 0; i < anchors.length; i += 500) {
    const rows = db
      .select({ anchor: sourceObjects.externalId, objectId: sourceObjects.objectId, dn: sourceObjects.dn })
      .from(sourceObjects)
      .where(
        and(
          eq(sourceObjects.sourceId, sourceId),
          eq(sourceObjects.objectType, objectType),
          inArray(sourceObjects.externalId, anchors.slice(i, i + 500)),
        ),
      )
      .all();
    for (const r of rows) if (r.anchor) map.set(r.anchor, { objectId: r.objectId, dn: r.dn });
  }
  return map;
}

/** normalised DN → object, for every object the source owns (one query; member lists resolve against it). */
export function dnIndex(db: Reader, sourceId: string): Map<string, { id: string; type: Owned }> {
  const rows = db
    .select({ dn: sourceObjects.dn, id: sourceObjects.objectId, type: sourceObjects.objectType })
    .from(sourceObjects)
    .where(and(eq(sourceObjects.sourceId, sourceId), sql`${sourceObjects.dn} is not null`))
    .all();
  const map = new Map<string, { id: string; type: Owned }>();
  for (const r of rows) if (r.dn) map.set(r.dn, { id: r.id, type: r.type });
  return map;
}

/** The source's objects that are live in the directory, with their anchors. */
export function liveOwned(db: Reader, sourceId: string, objectType: Owned) {
  const table = objectType === 'user' ? users : groups;
  return db
    .select({ id: sourceObjects.objectId, anchor: sourceObjects.externalId })
    .from(sourceObjects)
    .innerJoin(table, eq(table.id, sourceObjects.objectId))
    .where(and(eq(sourceObjects.sourceId, sourceId), eq(sourceObjects.objectType, objectType), isNull(table.deletedAt)))
    .all();
}

/** Keep the link's DN current (rename or move keeps the object, the DN follows). */
export function setLinkDn(tx: Pick<Db, 'update'>, objectType: Owned, objectId: string, dn: string) {
  tx.update(sourceObjects)
    .set({ dn })
    .where(and(eq(sourceObjects.objectType, objectType), eq(sourceObjects.objectId, objectId)))
    .run();
}

/**
 * The later of two change marks. uSNChanged (AD) is a decimal counter; modifyTimestamp is GeneralizedTime
 * (RFC 4517 §3.3.13), whose fixed-width form from one server sorts as text.
 */
export function laterMark(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return a.length !== b.length ? (a.length > b.length ? a : b) : a >= b ? a : b;
  return a >= b ? a : b;
}

/** A GeneralizedTime (RFC 4517 §3.3.13) as OpenLDAP writes modifyTimestamp: YYYYMMDDHHMMSSZ in UTC. */
export function generalizedTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace(/[-T:]/g, '')}Z`;
}

/** RFC 4515 §3: a value inside a filter escapes `*`, `(`, `)`, `\` and NUL. */
export function escapeFilterValue(v: string): string {
  return v.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The search filter of a poll: the configured one, narrowed to entries changed since the mark. */
export function changedSince(filter: string, changeAttribute: string, mark: string | null): string {
  return mark === null ? filter : `(&${filter}(${changeAttribute}>=${escapeFilterValue(mark)}))`;
}

/** Directory rows by id, in one query per 500 ids (the current state of a page's linked objects). */
export function usersById(db: Reader, ids: readonly string[]) {
  const map = new Map<string, typeof users.$inferSelect>();
  for (let i = 0; i < ids.length; i += 500)
    for (const r of db
      .select()
      .from(users)
      .where(inArray(users.id, ids.slice(i, i + 500)))
      .all())
      map.set(r.id, r);
  return map;
}

export function groupsById(db: Reader, ids: readonly string[]) {
  const map = new Map<string, typeof groups.$inferSelect>();
  for (let i = 0; i < ids.length; i += 500)
    for (const r of db
      .select()
      .from(groups)
      .where(inArray(groups.id, ids.slice(i, i + 500)))
      .all())
      map.set(r.id, r);
  return map;
}

/** True when every attribute the input sets already has that value (what applyUserUpdate would skip). */
export function sameValues(current: Record<string, unknown>, input: Record<string, unknown>): boolean {
  for (const [k, v] of Object.entries(input)) if (v !== undefined && current[k] !== v) return false;
  return true;
}
