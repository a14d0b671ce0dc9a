/**
 * /Groups for a source (RFC 7644; Entra's flow in entra.md §5.4): query by displayName with
 * `excludedAttributes=members`, create, get, rename and member add/remove by PATCH (204), delete (soft).
 */
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { groups, sourceObjects } from '../../../db/schema';
import { createGroup, type DirectoryGroup, deleteGroup, updateGroup } from '../../directory/groups';
import { addMembers, listMembers, removeMember } from '../../directory/memberships';
import { sourceActor, sourceOf } from '../../directory/source-owner';
import { NotFoundError, ValidationError } from '../../kernel/errors';
import { logInboundDelete, writeInboundLog } from '../inbound-log';
import { linkObject, ownedGroup, setExternalId } from '../links';
import { getCI, type InboundContext, isObject, type Json, patchOperations, type ScimReply } from './context';
import { parseFilter } from './filter';
import { listResponse, URN } from './protocol';

const MAX_MEMBERS = 10_000;

function members(ctx: InboundContext, id: string) {
  return listMembers(ctx.dir.db, id, { limit: MAX_MEMBERS }).items.map((m) => ({
    value: m.id,
    display: m.displayName ?? m.name,
    type: m.type === 'user' ? 'User' : 'Group',
  }));
}

/** The SCIM resource for a directory group; members unless excluded. */
export function toScimGroup(
  ctx: InboundContext,
  row: DirectoryGroup,
  externalId: string | null,
  withMembers: boolean,
): Json {
  return {
    schemas: [URN.group],
    id: row.id,
    ...(externalId !== null ? { externalId } : {}),
    displayName: row.displayName,
    ...(withMembers ? { members: members(ctx, row.id) } : {}),
    meta: {
      resourceType: 'Group',
      created: new Date(row.createdAt).toISOString(),
      lastModified: new Date(row.updatedAt).toISOString(),
      location: `${ctx.baseUrl}/Groups/${row.id}`,
    },
  };
}

function filterCondition(attribute: string, value: string | boolean | null): SQL {
  const a = attribute.toLowerCase();
  if (a === 'id') return eq(groups.id, String(value));
  if (a === 'externalid')
    return value === null ? isNull(sourceObjects.externalId) : eq(sourceObjects.externalId, String(value));
  if (a === 'displayname') return sql`lower(${groups.displayName}) = lower(${String(value)})`;
  throw new ValidationError(`Filtering on ${attribute} is not supported`, [
    { path: 'filter', message: 'invalidFilter' },
  ]);
}

/** `excludedAttributes=members` (RFC 7644 §3.4.2.5). */
export const wantsMembers = (excluded: string | undefined) =>
  !(excluded ?? '').split(',').some((a) => a.trim().toLowerCase() === 'members');

/** GET /Groups. */
export function listScimGroups(
  ctx: InboundContext,
  q: { filter?: string | undefined; startIndex: number; count: number; withMembers: boolean },
) {
  const where = and(
    eq(sourceObjects.sourceId, ctx.source.id),
    eq(sourceObjects.objectType, 'group'),
    isNull(groups.deletedAt),
    ...(q.filter ? parseFilter(q.filter).map((c) => filterCondition(c.attribute, c.value)) : []),
  );
  const db = ctx.dir.db;
  const total = db
    .select({ n: sql<number>`count(*)` })
    .from(sourceObjects)
    .innerJoin(groups, eq(groups.id, sourceObjects.objectId))
    .where(where)
    .get();
  const rows =
    q.count === 0
      ? []
      : db
          .select()
          .from(sourceObjects)
          .innerJoin(groups, eq(groups.id, sourceObjects.objectId))
          .where(where)
          .orderBy(groups.createdAt, sql`lower(${groups.displayName})`)
          .limit(q.count)
          .offset(q.startIndex - 1)
          .all();
  const resources = rows.map((r) => toScimGroup(ctx, r.groups, r.source_objects.externalId, q.withMembers));
  return listResponse(resources, total?.n ?? 0, q.startIndex);
}

/** An owned live group; null for another owner's group (the use case answers 409), 404 otherwise. */
function owned(ctx: InboundContext, id: string) {
  const found = ownedGroup(ctx.dir.db, ctx.source.id, id);
  if (found) return found;
  const owner = sourceOf(ctx.dir.db, 'group', id);
  const exists = ctx.dir.db.select({ id: groups.id }).from(groups).where(eq(groups.id, id)).get();
  if (exists && owner?.id !== ctx.source.id) return null;
  throw new NotFoundError('Group', id);
}

/** GET /Groups/{id}. */
export function getScimGroup(ctx: InboundContext, id: string, withMembers: boolean): ScimReply {
  const found = ownedGroup(ctx.dir.db, ctx.source.id, id);
  if (!found) throw new NotFoundError('Group', id);
  return { status: 200, body: toScimGroup(ctx, found.group, found.externalId, withMembers) };
}

const memberIds = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value])
    .map((m) => (isObject(m) ? getCI(m, 'value') : undefined))
    .filter((v): v is string => typeof v === 'string' && v !== '');

/** POST /Groups (Entra creates groups empty; members in the body are added too). */
export function createScimGroup(ctx: InboundContext, body: unknown): ScimReply {
  if (!isObject(body))
    throw new ValidationError('The body must be a SCIM Group', [{ path: 'body', message: 'invalidSyntax' }]);
  const displayName = getCI(body, 'displayName');
  const ext = getCI(body, 'externalId');
  const externalId = ext === undefined || ext === null ? null : String(ext);
  const actor = sourceActor(ctx.source);
  const row = createGroup(ctx.dir, actor, { displayName }, (tx, created, now) => {
    linkObject(tx, ctx.source.id, 'group', created.id, externalId, now);
    writeInboundLog(tx, now, {
      source: ctx.source,
      action: 'create',
      objectType: 'group',
      objectId: created.id,
      displayName: created.displayName,
      externalId,
      request: 'POST /Groups',
      after: { displayName: created.displayName },
    });
  });
  const ids = memberIds(getCI(body, 'members'));
  if (ids.length > 0) addMembers(ctx.dir, actor, row.id, { memberIds: ids });
  return { status: 201, body: toScimGroup(ctx, row, externalId, true) };
}

const MEMBER_PATH = /^members\[\s*value\s+eq\s+"([^"]+)"\s*\]$/i;

/** PATCH /Groups/{id}: displayName, externalId, members (both of Entra's remove forms); answers 204. */
export function patchScimGroup(ctx: InboundContext, id: string, body: unknown): ScimReply {
  const found = owned(ctx, id);
  const actor = sourceActor(ctx.source);
  const add: string[] = [];
  const remove: string[] = [];
  let replaceAll: string[] | null = null;
  const attrs: Record<string, unknown> = {};
  let externalId: string | null | undefined;
  for (const op of patchOperations(body)) {
    const path = op.path?.toLowerCase() ?? null;
    const byPath = op.path ? MEMBER_PATH.exec(op.path) : null;
    if (byPath?.[1] && op.op === 'remove') remove.push(byPath[1]);
    else if (path === 'members') {
      if (op.op === 'add') add.push(...memberIds(op.value));
      else if (op.op === 'remove') remove.push(...memberIds(op.value));
      else replaceAll = memberIds(op.value);
    } else if (path === 'displayname') attrs.displayName = op.value;
    else if (path === 'externalid') externalId = op.op === 'remove' || op.value === null ? null : String(op.value);
    else if (path === null && isObject(op.value)) {
      const v = op.value;
      if (getCI(v, 'displayName') !== undefined) attrs.displayName = getCI(v, 'displayName');
      if (getCI(v, 'externalId') !== undefined) externalId = String(getCI(v, 'externalId'));
      const ms = getCI(v, 'members');
      if (ms !== undefined) {
        if (op.op === 'add') add.push(...memberIds(ms));
        else replaceAll = memberIds(ms);
      }
    }
  }
  if (!found) {
    // Not ours: the use case refuses with the owner's name.
    updateGroup(ctx.dir, actor, id, attrs);
    return { status: 204 };
  }
  const before = found.group;
  const after = Object.keys(attrs).length > 0 ? updateGroup(ctx.dir, actor, id, attrs) : before;
  const current = new Set(members(ctx, id).map((m) => m.value));
  if (replaceAll) {
    const wanted = new Set(replaceAll);
    for (const m of current) if (!wanted.has(m)) remove.push(m);
    for (const m of wanted) if (!current.has(m)) add.push(m);
  }
  const toAdd = [...new Set(add)].filter((m) => !current.has(m));
  if (toAdd.length > 0) addMembers(ctx.dir, actor, id, { memberIds: toAdd });
  const toRemove = [...new Set(remove)].filter((m) => current.has(m));
  for (const m of toRemove) removeMember(ctx.dir, actor, id, m);
  const now = ctx.dir.clock.now();
  ctx.dir.db.transaction((tx) => {
    if (externalId !== undefined && externalId !== found.externalId) setExternalId(tx, 'group', id, externalId);
    const renamed = after.displayName !== before.displayName;
    if (!renamed && toAdd.length === 0 && toRemove.length === 0) return;
    writeInboundLog(tx, now, {
      source: ctx.source,
      action: 'update',
      objectType: 'group',
      objectId: id,
      displayName: after.displayName,
      externalId: externalId === undefined ? found.externalId : externalId,
      request: `PATCH /Groups/${id}`,
      before: { ...(renamed ? { displayName: before.displayName } : {}) },
      after: {
        ...(renamed ? { displayName: after.displayName } : {}),
        ...(toAdd.length > 0 ? { 'members added': toAdd.join(', ') } : {}),
        ...(toRemove.length > 0 ? { 'members removed': toRemove.join(', ') } : {}),
      },
    });
  });
  return { status: 204 };
}

/** DELETE /Groups/{id}: soft delete. */
export function deleteScimGroup(ctx: InboundContext, id: string): ScimReply {
  const found = owned(ctx, id);
  deleteGroup(ctx.dir, sourceActor(ctx.source), id, false);
  if (found) logInboundDelete(ctx, 'group', id, { displayName: found.group.displayName, externalId: found.externalId });
  return { status: 204 };
}
