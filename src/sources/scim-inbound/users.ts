/**
 * /Users for a source (RFC 7644 §3.3–3.6): list with `eq` filters and paging, get, create, replace, patch,
 * delete. Writes go through the directory use cases (audit, journal, outbound nudge); the ownership link and
 * the inbound log row follow in one transaction.
 */
import { and, eq, getTableColumns, isNull, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { sourceObjects, users } from '../../../db/schema';
import { sourceActor, sourceOf } from '../../directory/source-owner';
import { createUser, type DirectoryUser, deleteUser, getUser, updateUser } from '../../directory/users';
import { NotFoundError, ValidationError } from '../../kernel/errors';
import { mappingFor, readResource, resourceAt, resourceFromPathless, USER_MAP, writeResource } from './attribute-map';
import { getCI, type InboundContext, isObject, type Json, patchOperations, type ScimReply } from './context';
import { parseFilter } from './filter';
import { writeInboundLog } from './inbound-log';
import { linkObject, ownedUser, setExternalId } from './links';
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
          .orderBy(users.createdAt, users.id)
          .limit(q.count)
          .offset(q.startIndex - 1)
          .all();
  const resources = rows.map((r) => toScimUser(ctx, r.users, r.source_objects.externalId));
  return listResponse(resources, total?.n ?? 0, q.startIndex);
}

function owned(ctx: InboundContext, id: string) {
  const found = ownedUser(ctx.dir.db, ctx.source.id, id);
  if (!found) {
    // Another source's (or a local) object: writes through the use cases answer 409 naming its owner.
    // Its own soft-deleted user is gone as far as the source is concerned.
    const other = ctx.dir.db.select({ id: users.id }).from(users).where(eq(users.id, id)).get();
    if (other && sourceOf(ctx.dir.db, 'user', id)?.id !== ctx.source.id) return null;
    throw new NotFoundError('User', id);
  }
  return found;
}

/** GET /Users/{id}. */
export function getScimUser(ctx: InboundContext, id: string): ScimReply {
  const found = ownedUser(ctx.dir.db, ctx.source.id, id);
  if (!found) throw new NotFoundError('User', id);
  return { status: 200, body: toScimUser(ctx, found.user, found.externalId) };
}

function withUpn(ctx: InboundContext, attrs: Record<string, unknown>) {
  if (attrs.userPrincipalName !== undefined) attrs.userPrincipalName = toUpn(ctx.source, attrs.userPrincipalName);
  return attrs;
}

const externalIdOf = (resource: Json) => {
  const v = getCI(resource, 'externalId');
  return v === undefined ? undefined : v === null ? null : String(v);
};

/** POST /Users. */
export function createScimUser(ctx: InboundContext, body: unknown): ScimReply {
  if (!isObject(body))
    throw new ValidationError('The body must be a SCIM User', [{ path: 'body', message: 'invalidSyntax' }]);
  const attrs = withUpn(ctx, readResource(USER_MAP, body));
  const externalId = externalIdOf(body) ?? null;
  const row = createUser(ctx.dir, sourceActor(ctx.source), attrs);
  const now = ctx.dir.clock.now();
  ctx.dir.db.transaction((tx) => {
    linkObject(tx, ctx.source.id, 'user', row.id, externalId, now);
    writeInboundLog(tx, now, {
      source: ctx.source,
      action: 'create',
      objectType: 'user',
      objectId: row.id,
      displayName: row.displayName ?? row.userPrincipalName,
      externalId,
      request: 'POST /Users',
      after: attrs,
    });
  });
  return { status: 201, body: toScimUser(ctx, row, externalId) };
}

/** Apply directory changes (and an anchor change) to an owned user, with its log row. */
function applyChanges(
  ctx: InboundContext,
  id: string,
  changes: Record<string, unknown>,
  externalId: string | null | undefined,
  request: string,
): ScimReply {
  const found = owned(ctx, id);
  withUpn(ctx, changes);
  const actor = sourceActor(ctx.source);
  const before = found?.user ?? getUser(ctx.dir.db, id);
  // For a foreign object this throws the 409 naming the owner.
  const after = updateUser(ctx.dir, actor, id, changes);
  const anchor = externalId === undefined ? (found?.externalId ?? null) : externalId;
  const changed = Object.fromEntries(
    Object.entries(changes).filter(([k]) => before[k as keyof DirectoryUser] !== after[k as keyof DirectoryUser]),
  );
  const now = ctx.dir.clock.now();
  ctx.dir.db.transaction((tx) => {
    if (externalId !== undefined && externalId !== found?.externalId) setExternalId(tx, 'user', id, externalId);
    if (Object.keys(changed).length === 0) return;
    const disabled = changed.accountEnabled === false;
    writeInboundLog(tx, now, {
      source: ctx.source,
      action: disabled ? 'disable' : 'update',
      objectType: 'user',
      objectId: id,
      displayName: after.displayName ?? after.userPrincipalName,
      externalId: anchor,
      request,
      before: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof DirectoryUser]])),
      after: changed,
    });
  });
  return { status: 200, body: toScimUser(ctx, after, anchor) };
}

/** PUT /Users/{id}: the resource replaces every mapped attribute (absent ones are cleared, `active` kept). */
export function replaceScimUser(ctx: InboundContext, id: string, body: unknown): ScimReply {
  if (!isObject(body))
    throw new ValidationError('The body must be a SCIM User', [{ path: 'body', message: 'invalidSyntax' }]);
  const attrs = readResource(USER_MAP, body);
  for (const m of USER_MAP) {
    if (!(m.directory in attrs) && m.kind !== 'boolean' && m.directory !== 'userPrincipalName')
      attrs[m.directory] = null;
  }
  return applyChanges(ctx, id, attrs, externalIdOf(body), `PUT /Users/${id}`);
}

/** PATCH /Users/{id}: Add/Replace/Remove in any case, with or without path (entra.md §5.3, §5.5). */
export function patchScimUser(ctx: InboundContext, id: string, body: unknown): ScimReply {
  const changes: Record<string, unknown> = {};
  let externalId: string | null | undefined;
  for (const op of patchOperations(body)) {
    if (op.op === 'remove') {
      if (!op.path) throw new ValidationError('remove needs a path', [{ path: 'path', message: 'noTarget' }]);
      if (op.path.toLowerCase() === 'externalid') externalId = null;
      const m = mappingFor(USER_MAP, op.path);
      if (m && m.kind !== 'boolean') changes[m.directory] = null;
      continue;
    }
    const resource = op.path ? resourceAt(op.path, op.value) : isObject(op.value) ? resourceFromPathless(op.value) : {};
    const ext = externalIdOf(resource);
    if (ext !== undefined) externalId = ext;
    // Unmapped attributes (nickName, roles …) are accepted and not kept, as Entra expects of a target.
    Object.assign(changes, readResource(USER_MAP, resource));
  }
  return applyChanges(ctx, id, changes, externalId, `PATCH /Users/${id}`);
}

/** DELETE /Users/{id}: a soft delete (restorable in Provisio, disabled in the apps). */
export function deleteScimUser(ctx: InboundContext, id: string): ScimReply {
  const found = owned(ctx, id);
  deleteUser(ctx.dir, sourceActor(ctx.source), id, false);
  if (!found) return { status: 204 };
  const now = ctx.dir.clock.now();
  ctx.dir.db.transaction((tx) =>
    writeInboundLog(tx, now, {
      source: ctx.source,
      action: 'delete',
      objectType: 'user',
      objectId: id,
      displayName: found.user.displayName ?? found.user.userPrincipalName,
      externalId: found.externalId,
      request: `DELETE /Users/${id}`,
    }),
  );
  return { status: 204 };
}
