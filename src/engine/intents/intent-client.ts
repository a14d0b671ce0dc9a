/**
 * One object's view of the client whose writes first record their intent (intent-store.ts) and wait for it
 * to commit; reads pass through. The ids go in the object's `io.intents`, and `recordOutcome` deletes them
 * with the outcome. Wrapping the client, not each call site, covers every write of users and groups, the
 * PATCH after an adoption and each member chunk included.
 */
import { matchingMappings } from '../../mapping/default-mappings';
import type { ScimClient } from '../../scim/client';
import { disableOps } from '../../scim/patch-diff';
import { flattenResource } from '../../scim/resource-builder';
import type { CycleContext } from '../context';
import type { ObjectIo } from '../exchanges';
import { type IntentAction, recordIntent } from './intent-store';

export interface IntentSubject {
  objectType: 'user' | 'group';
  sourceId: string;
  name: string | null;
}

type Ops = Parameters<ScimClient['patchUser']>[1];

const DISABLE = JSON.stringify(disableOps());

/** The attributes a lookup after an interruption finds a created object by, as [path, value]. */
function matchPairs(ctx: CycleContext, objectType: 'user' | 'group', resource: Record<string, unknown>) {
  const paths = objectType === 'group' ? ['displayName'] : matchingMappings(ctx.mappings).map((m) => m.target);
  const flat = flattenResource(resource, paths);
  return paths.flatMap((p) => (typeof flat[p] === 'string' ? [[p, flat[p]] as [string, string]] : []));
}

/** `io` with a client whose writes record their intent first; same recorder, same intents list. */
export function withIntents(ctx: CycleContext, io: ObjectIo, subject: IntentSubject): ObjectIo {
  const note = async (action: IntentAction, method: string, path: string, targetId: string | null, detail: unknown) => {
    const id = await recordIntent(
      ctx.deps.db,
      {
        appId: ctx.app.id,
        cycleId: ctx.cycleId,
        objectType: subject.objectType,
        sourceId: subject.sourceId,
        sourceDisplayName: subject.name,
        action,
        targetId,
        method,
        path,
        detail,
      },
      ctx.deps.clock.now(),
    );
    io.intents.push(id);
  };
  // Only the op paths: a PATCH may carry Redact() values, which must not rest in the database.
  const patch = (type: 'Users' | 'Groups', id: string, ops: Ops) =>
    note(
      JSON.stringify(ops) === DISABLE ? 'disable' : 'update',
      'PATCH',
      `${type}/${id}`,
      id,
      ops.map((o) => o.path ?? ''),
    );
  const wrap = (inner: ScimClient): ScimClient => ({
    ...inner,
    createUser: async (r) => {
      await note('create', 'POST', 'Users', null, matchPairs(ctx, 'user', r));
      return inner.createUser(r);
    },
    patchUser: async (id, ops) => {
      await patch('Users', id, ops);
      return inner.patchUser(id, ops);
    },
    replaceUser: async (id, r) => {
      await note('update', 'PUT', `Users/${id}`, id, []);
      return inner.replaceUser(id, r);
    },
    deleteUser: async (id) => {
      await note('delete', 'DELETE', `Users/${id}`, id, []);
      return inner.deleteUser(id);
    },
    createGroup: async (r) => {
      await note('create', 'POST', 'Groups', null, matchPairs(ctx, 'group', r));
      return inner.createGroup(r);
    },
    patchGroup: async (id, ops) => {
      await patch('Groups', id, ops);
      return inner.patchGroup(id, ops);
    },
    replaceGroup: async (id, r) => {
      await note('update', 'PUT', `Groups/${id}`, id, []);
      return inner.replaceGroup(id, r);
    },
    deleteGroup: async (id) => {
      await note('delete', 'DELETE', `Groups/${id}`, id, []);
      return inner.deleteGroup(id);
    },
    observe: (onExchange) => wrap(inner.observe(onExchange)),
  });
  return { ...io, client: wrap(io.client) };
}
