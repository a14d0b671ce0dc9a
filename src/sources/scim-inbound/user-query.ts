/** Reading /Users: the SCIM resource for a directory user, and list queries with Entra's `eq` filters. */
import { and, eq, getTableColumns, isNull, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { sourceObjects, users } from '../../../db/schema';
import type { DirectoryUser } from '../../directory/users';
import { ValidationError } from '../../kernel/errors';
import { mappingFor, USER_MAP, writeResource } from './attribute-map';
import type { InboundContext, Json } from './context';
import { parseFilter } from './filter';
import { listResponse, URN } from './protocol';
import { fromUpn, toUpn } from './user-name';

const columns = getTableColumns(users) as unknown as Record<string, SQLiteColumn>;

/** The SCIM resource for a directory user. */
export function toScimUser(ctx: InboundContext, row: DirectoryUser, externalId: string | null): Json {
  const attrs = writeResource(USER_MAP, {
    ...(row as unknown as Record<string, unknown>),
    userPrincipalName: fromUpn(ctx.source, row.userPrincipalName),
  });
  return {
    schemas: attrs[URN.enterprise] ? [URN.user, URN.enterprise] : [URN.user],
    id: row.id,
    ...(externalId !== null ? { externalId } : {}),
    ...attrs,
    meta: {
      resourceType: 'User',
      created: new Date(row.createdAt).toISOString(),
      lastModified: new Date(row.updatedAt).toISOString(),
      location: `${ctx.baseUrl}/Users/${row.id}`,
    },
  };
}

function filterCondition(ctx: InboundContext, attribute: string, raw: string | boolean | null): SQL | undefined {
  const a = attribute.toLowerCase();
  const value = a === 'username' ? (toUpn(ctx.source, raw) as string | boolean | null) : raw;
  if (a === 'id') return eq(users.id, String(value));
  // externalId is caseExact (RFC 7643 §3.1).
  if (a === 'externalid')
    return value === null ? isNull(sourceObjects.externalId) : eq(sourceObjects.externalId, String(value));
  const m = mappingFor(USER_MAP, attribute);
  const column = m ? columns[m.directory] : undefined;
  if (!m || !column) {
    throw new ValidationError(`Filtering on ${attribute} is not supported`, [
      { path: 'filter', message: 'invalidFilter' },
    ]);
  }
  if (value === null) return isNull(column);
  if (m.kind === 'boolean') return eq(column, sql`${value === true || String(value).toLowerCase() === 'true' ? 1 : 0}`);
  return sql`lower(${column}) = lower(${String(value)})`;
}

/** GET /Users: this source's live users matching the filter, one page. */
export function listScimUsers(
  ctx: InboundContext,
  q: { filter?: string | undefined; startIndex: number; count: number },
) {
  const where = and(
    eq(sourceObjects.sourceId, ctx.source.id),
    eq(sourceObjects.objectType, 'user'),
    isNull(users.deletedAt),
    ...(q.filter ? parseFilter(q.filter).map((c) => filterCondition(ctx, c.attribute, c.value)) : []),
  );
  const base = ctx.dir.db.select().from(sourceObjects).innerJoin(users, eq(users.id, sourceObjects.objectId));
  const total = ctx.dir.db
    .select({ n: sql<number>`count(*)` })
    .from(sourceObjects)
    .innerJoin(users, eq(users.id, sourceObjects.objectId))
    .where(where)
    .get();
  const rows =
    q.count === 0
      ? []
      : base
          .where(where)
          .orderBy(users.createdAt, sql`lower(${users.userPrincipalName})`)
          .limit(q.count)
          .offset(q.startIndex - 1)
          .all();
  const resources = rows.map((r) => toScimUser(ctx, r.users, r.source_objects.externalId));
  return listResponse(resources, total?.n ?? 0, q.startIndex);
}
