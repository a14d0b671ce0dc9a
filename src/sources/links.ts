/** Ownership links (source_objects), shared by every source: which directory objects a source owns, its anchors and (LDAP) DNs. */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { groups, sourceObjects, users } from '../../db/schema';

type Owned = 'user' | 'group';

/** Record that a source owns an object (in the caller's transaction). */
export function linkObject(
  tx: Pick<Db, 'insert'>,
  sourceId: string,
  objectType: Owned,
  objectId: string,
  externalId: string | null,
  now: number,
  dn: string | null = null,
) {
  tx.insert(sourceObjects).values({ sourceId, objectType, objectId, externalId, dn, createdAt: now }).run();
}

/** Change the anchor a source keeps for an object. */
export function setExternalId(tx: Pick<Db, 'update'>, objectType: Owned, objectId: string, externalId: string | null) {
  tx.update(sourceObjects)
    .set({ externalId })
    .where(and(eq(sourceObjects.objectType, objectType), eq(sourceObjects.objectId, objectId)))
    .run();
}

/** A live (not soft-deleted) user of this source with its anchor, or undefined. */
export function ownedUser(db: Db, sourceId: string, id: string) {
  return db
    .select({ user: users, externalId: sourceObjects.externalId })
    .from(sourceObjects)
    .innerJoin(users, eq(users.id, sourceObjects.objectId))
    .where(
      and(
        eq(sourceObjects.sourceId, sourceId),
        eq(sourceObjects.objectType, 'user'),
        eq(sourceObjects.objectId, id),
        isNull(users.deletedAt),
      ),
    )
    .get();
}

/** A live group of this source with its anchor, or undefined. */
export function ownedGroup(db: Db, sourceId: string, id: string) {
  return db
    .select({ group: groups, externalId: sourceObjects.externalId })
    .from(sourceObjects)
    .innerJoin(groups, eq(groups.id, sourceObjects.objectId))
    .where(
      and(
        eq(sourceObjects.sourceId, sourceId),
        eq(sourceObjects.objectType, 'group'),
        eq(sourceObjects.objectId, id),
        isNull(groups.deletedAt),
      ),
    )
    .get();
}
