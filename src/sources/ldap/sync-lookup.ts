/**
 * What an LDAP import looks up in its own ownership links: the directory object behind an anchor, the object
 * behind a DN (member and manager values are DNs), and the source's live objects (delete detection). Also the
 * high-water mark arithmetic of incremental polls.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { groups, sourceObjects, users } from '../../../db/schema';

type Reader = Pick<Db, 'select'>;
export type Owned = 'user' | 'group';

/** The object a source's anchor points at (soft-deleted ones too: the entry may come back). */
export function linkedByAnchor(db: Reader, sourceId: string, objectType: Owned, anchor: string) {
  return db
    .select({ objectId: sourceObjects.objectId, dn: sourceObjects.dn })
    .from(sourceObjects)
    .where(
      and(
        eq(sourceObjects.sourceId, sourceId),
        eq(sourceObjects.objectType, objectType),
        eq(sourceObjects.externalId, anchor),
      ),
    )
    .get();
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

/** RFC 4515 §3: a value inside a filter escapes `*`, `(`, `)`, `\` and NUL. */
export function escapeFilterValue(v: string): string {
  return v.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The search filter of a poll: the configured one, narrowed to entries changed since the mark. */
export function changedSince(filter: string, changeAttribute: string, mark: string | null): string {
  return mark === null ? filter : `(&${filter}(${changeAttribute}>=${escapeFilterValue(mark)}))`;
}
