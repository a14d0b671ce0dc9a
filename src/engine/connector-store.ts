/** Links between directory users and target objects, with the values last exported. */
import type Database from 'better-sqlite3';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { connectionUnder, preparedOn } from '../../db/prepared';
import { connectorObjects } from '../../db/schema';
import type { FlatValues } from '../mapping/types';
import type { Link } from './sync/plan';

type Tx = Pick<Db, 'insert' | 'update' | 'delete'>;

/** The link of a user in an app, or null. */
export function getLink(db: Db, appId: string, sourceId: string): Link | null {
  const row = preparedOn(db, 'engine.getLink', () =>
    db
      .select()
      .from(connectorObjects)
      .where(
        and(
          eq(connectorObjects.appId, sql.placeholder('appId')),
          eq(connectorObjects.sourceId, sql.placeholder('sourceId')),
        ),
      )
      .prepare(),
  ).get({ appId, sourceId });
  return row ? { targetId: row.targetId, exported: JSON.parse(row.exported) as FlatValues, state: row.state } : null;
}

/** Insert or replace a link. */
export function saveLink(
  tx: Tx,
  appId: string,
  sourceId: string,
  link: Link,
  now: number,
  objectType: 'user' | 'group' = 'user',
): void {
  const values = {
    targetId: link.targetId,
    exported: JSON.stringify(link.exported),
    state: link.state,
    updatedAt: now,
  };
  const conn = connectionUnder<Database.Database>(tx);
  preparedOn(conn, 'engine.saveLink', () => conn.prepare(SAVE_LINK_SQL)).run(
    appId,
    sourceId,
    objectType,
    values.targetId,
    values.exported,
    values.state,
    values.updatedAt,
  );
}

// Raw and prepared once: one upsert per object written, where drizzle's builder cost more than the insert.
const SAVE_LINK_SQL = `INSERT INTO connector_objects (app_id, source_id, object_type, target_id, exported, state, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (app_id, source_id) DO UPDATE SET target_id = excluded.target_id, exported = excluded.exported,
    state = excluded.state, updated_at = excluded.updated_at`;

/** Forget a link (after the target object was deleted). */
export function dropLink(tx: Tx, appId: string, sourceId: string): void {
  tx.delete(connectorObjects)
    .where(and(eq(connectorObjects.appId, appId), eq(connectorObjects.sourceId, sourceId)))
    .run();
}

/** Source ids of every linked object of an app, or of one type (an initial cycle re-evaluates them all). */
export function linkedSourceIds(db: Db, appId: string, objectType?: 'user' | 'group'): string[] {
  return db
    .select({ id: connectorObjects.sourceId })
    .from(connectorObjects)
    .where(and(eq(connectorObjects.appId, appId), objectType ? eq(connectorObjects.objectType, objectType) : undefined))
    .all()
    .map((r) => r.id);
}

/** Counts of linked objects by state (users and groups, or the one type given). */
export function linkCounts(db: Db, appId: string, objectType?: 'user' | 'group'): { active: number; disabled: number } {
  const rows = db
    .select({ state: connectorObjects.state, n: sql<number>`count(*)` })
    .from(connectorObjects)
    .where(and(eq(connectorObjects.appId, appId), objectType ? eq(connectorObjects.objectType, objectType) : undefined))
    .groupBy(connectorObjects.state)
    .all();
  return {
    active: rows.find((r) => r.state === 'active')?.n ?? 0,
    disabled: rows.find((r) => r.state === 'disabled')?.n ?? 0,
  };
}

/** The source id already linked to a target object, if any (two sources matching one target is an error). */
export function sourceLinkedTo(db: Db, appId: string, targetId: string): string | null {
  const row = db
    .select({ sourceId: connectorObjects.sourceId })
    .from(connectorObjects)
    .where(and(eq(connectorObjects.appId, appId), eq(connectorObjects.targetId, targetId)))
    .get();
  return row?.sourceId ?? null;
}
