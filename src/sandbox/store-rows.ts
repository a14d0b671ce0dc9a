/**
 * Resource rows of the sandbox store: the queries the SCIM handlers need, all through drizzle. The hot ones
 * (by id, by name, insert) are prepared once, because the benchmark sends two of them per provisioned user.
 */
import { and, count, eq, like, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { ENDPOINTS, type ResourceKind } from './protocol';
import { sandboxResources as t } from './store-schema';

/** SCIM attributes of a resource, without `id` and `meta`. */
export type ScimData = Record<string, unknown>;

/** One stored User or Group. */
export interface StoredRow {
  id: string;
  kind: ResourceKind;
  data: ScimData;
  created: string;
  lastModified: string;
}

/** A resource as SCIM JSON: its attributes plus `id` and `meta`. */
export interface SandboxResource {
  id: string;
  [attr: string]: unknown;
}

/** Row-level operations on Users and Groups. */
export interface ResourceRows {
  get(kind: ResourceKind, id: string): StoredRow | undefined;
  /** Case-insensitive: userName for Users, displayName for Groups. */
  byName(kind: ResourceKind, name: string): StoredRow[];
  byExternalId(kind: ResourceKind, externalId: string): StoredRow[];
  /** In creation order. */
  page(kind: ResourceKind, offset: number, limit: number): StoredRow[];
  all(kind: ResourceKind): StoredRow[];
  count(kind: ResourceKind): number;
  insert(row: StoredRow): void;
  update(row: StoredRow): void;
  /** Deletes the resource and drops it from every group's members; false when it did not exist. */
  remove(kind: ResourceKind, id: string): boolean;
}

/** The unique, case-insensitive name of a resource. */
export function nameKeyOf(kind: ResourceKind, data: ScimData): string {
  const name = kind === 'User' ? data.userName : data.displayName;
  return typeof name === 'string' ? name.toLowerCase() : '';
}

/** The SCIM representation; `meta.location` only when the public base URL is known. */
export function toScimResource(row: StoredRow, baseUrl?: string): SandboxResource {
  const location = baseUrl === undefined ? {} : { location: `${baseUrl}${ENDPOINTS[row.kind]}/${row.id}` };
  const meta = { resourceType: row.kind, created: row.created, lastModified: row.lastModified, ...location };
  return { ...row.data, id: row.id, meta };
}

type Row = typeof t.$inferSelect;
const COLUMNS = ['id', 'resourceType', 'nameKey', 'externalId', 'data', 'created', 'lastModified'] as const;
const fromDb = (r: Row): StoredRow => ({
  id: r.id,
  kind: r.resourceType,
  data: JSON.parse(r.data) as ScimData,
  created: r.created,
  lastModified: r.lastModified,
});
const toDb = (row: StoredRow): Row => ({
  id: row.id,
  resourceType: row.kind,
  nameKey: nameKeyOf(row.kind, row.data),
  externalId: typeof row.data.externalId === 'string' ? row.data.externalId : null,
  data: JSON.stringify(row.data),
  created: row.created,
  lastModified: row.lastModified,
});

/** Bind the row operations to an open database. */
export function resourceRows(db: BetterSQLite3Database<Record<string, unknown>>): ResourceRows {
  const kindIs = (kind: ResourceKind) => eq(t.resourceType, kind);
  const select = (where: SQL | undefined) => db.select().from(t).where(where).orderBy(sql`rowid`);
  const kindAnd = (column: SQLiteColumn, name: string) =>
    and(eq(t.resourceType, sql.placeholder('kind')), eq(column, sql.placeholder(name)));
  const byIdStmt = select(kindAnd(t.id, 'id')).prepare();
  const byNameStmt = select(kindAnd(t.nameKey, 'name')).prepare();
  const byExternalStmt = select(kindAnd(t.externalId, 'externalId')).prepare();
  const values = Object.fromEntries(COLUMNS.map((c) => [c, sql.placeholder(c)])) as Record<keyof Row, Placeholder>;
  const insertStmt = db.insert(t).values(values).prepare();

  const dropMember = (memberId: string) => {
    // LIKE narrows the scan to groups whose JSON mentions the id; the parsed members decide.
    const groups = select(and(kindIs('Group'), like(t.data, `%"${memberId}"%`))).all();
    for (const g of groups.map(fromDb)) {
      const members = Array.isArray(g.data.members) ? (g.data.members as { value?: unknown }[]) : [];
      const kept = members.filter((m) => m.value !== memberId);
      if (kept.length === members.length) continue;
      const data = JSON.stringify({ ...g.data, members: kept.length > 0 ? kept : undefined });
      db.update(t).set({ data, lastModified: new Date().toISOString() }).where(eq(t.id, g.id)).run();
    }
  };

  return {
    get: (kind, id) => {
      const r = byIdStmt.get({ kind, id });
      return r ? fromDb(r) : undefined;
    },
    byName: (kind, name) => byNameStmt.all({ kind, name: name.toLowerCase() }).map(fromDb),
    byExternalId: (kind, externalId) => byExternalStmt.all({ kind, externalId }).map(fromDb),
    page: (kind, offset, limit) => select(kindIs(kind)).limit(limit).offset(offset).all().map(fromDb),
    all: (kind) => select(kindIs(kind)).all().map(fromDb),
    count: (kind) => db.select({ n: count() }).from(t).where(kindIs(kind)).get()?.n ?? 0,
    insert: (row) => {
      insertStmt.run(toDb(row));
    },
    update: (row) => {
      const { id, resourceType, ...rest } = toDb(row);
      db.update(t)
        .set(rest)
        .where(and(eq(t.id, id), eq(t.resourceType, resourceType)))
        .run();
    },
    remove: (kind, id) =>
      db.transaction(() => {
        const gone =
          db
            .delete(t)
            .where(and(kindIs(kind), eq(t.id, id)))
            .run().changes > 0;
        if (gone) dropMember(id);
        return gone;
      }),
  };
}
