/**
 * /Users for a source (RFC 7644 §3.3–3.6): list with `eq` filters and paging, get, create, replace, patch,
 * delete. Writes go through the directory use cases (audit, journal, outbound nudge); the ownership link and
 * the inbound log row follow in one transaction.
 */
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { sourceObjects, users } from '../../../db/schema';
import { sourceActor, sourceOf } from '../../directory/source-owner';
import { createUser, type DirectoryUser, deleteUser, getUser, restoreUser, updateUser } from '../../directory/users';
import { NotFoundError, ValidationError } from '../../kernel/errors';
import { logInboundDelete, writeInboundLog } from '../inbound-log';
import { linkObject, ownedUser, setExternalId } from '../links';
import { mappingFor, readResource, resourceAt, resourceFromPathless, USER_MAP } from './attribute-map';
import { getCI, type InboundContext, isObject, type Json, patchOperations, type ScimReply } from './context';
import { toUpn } from './user-name';
import { toScimUser } from './user-query';

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
  const twin = deletedTwin(ctx, attrs.userPrincipalName);
  if (twin) {
    // Entra re-creates a user it deleted when it is assigned again: bring ours back rather than answer 409.
    restoreUser(ctx.dir, sourceActor(ctx.source), twin);
    return { ...applyChanges(ctx, twin, attrs, externalId, 'POST /Users', 'create'), status: 201 };
  }
  // The ownership link and the inbound row commit with the user: no moment where it exists unowned.
  const row = createUser(ctx.dir, sourceActor(ctx.source), attrs, (tx, created, now) => {
    linkObject(tx, ctx.source.id, 'user', created.id, externalId, now);
    writeInboundLog(tx, now, {
      source: ctx.source,
      action: 'create',
      objectType: 'user',
      objectId: created.id,
      displayName: created.displayName ?? created.userPrincipalName,
      externalId,
      request: 'POST /Users',
      after: attrs,
    });
  });
  return { status: 201, body: toScimUser(ctx, row, externalId) };
}

/** This source's soft-deleted user with that UPN, if any. */
function deletedTwin(ctx: InboundContext, upn: unknown): string | undefined {
  if (typeof upn !== 'string') return undefined;
  return ctx.dir.db
    .select({ id: users.id })
    .from(sourceObjects)
    .innerJoin(users, eq(users.id, sourceObjects.objectId))
    .where(
      and(
        eq(sourceObjects.sourceId, ctx.source.id),
        eq(sourceObjects.objectType, 'user'),
        sql`lower(${users.userPrincipalName}) = lower(${upn})`,
        isNotNull(users.deletedAt),
      ),
    )
    .get()?.id;
}

/** Apply directory changes (and an anchor change) to an owned user, with its log row (always, when forced). */
function applyChanges(
  ctx: InboundContext,
  id: string,
  changes: Record<string, unknown>,
  externalId: string | null | undefined,
  request: string,
  forced?: 'create',
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
    if (Object.keys(changed).length === 0 && !forced) return;
    const disabled = changed.accountEnabled === false;
    writeInboundLog(tx, now, {
      source: ctx.source,
      action: forced ?? (disabled ? 'disable' : 'update'),
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
  if (found)
    logInboundDelete(ctx, 'user', id, {
      displayName: found.user.displayName ?? found.user.userPrincipalName,
      externalId: found.externalId,
    });
  return { status: 204 };
}
