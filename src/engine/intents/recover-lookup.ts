/**
 * What became of an interrupted write, asked of the target: a create is looked up by the matching
 * attributes it was recorded with, a disable or delete by the target id. An update recorded only the paths
 * it patched (a value may be a Redact() secret), so its effect cannot be compared: it stays "unconfirmed".
 * Throws the ScimError of a lookup that failed (the target is unreachable): the intent then waits.
 */
import type { ReturnedResource, ScimClient } from '../../scim/client';
import { eqFilter } from '../../scim/filter';
import { sourceLinkedTo } from '../connector-store';
import type { CycleContext } from '../context';
import { isStatus } from '../sync/action-result';
import type { LeftIntent } from './intent-store';

export type Finding =
  /** The write happened: `resource` is the created object (creates), absent for a delete. */
  | { kind: 'done'; what: string; resource?: ReturnedResource }
  /** The write did not happen (the object is not there, or still as it was). */
  | { kind: 'not_done'; what: string }
  /** Whether the write happened cannot be told from the target. */
  | { kind: 'unconfirmed'; what: string };

const noun = (i: LeftIntent) => (i.objectType === 'group' ? 'Group' : 'User');

function matchPairs(i: LeftIntent): [string, string][] {
  const parsed: unknown = JSON.parse(i.detail);
  return Array.isArray(parsed)
    ? parsed.filter((p): p is [string, string] => Array.isArray(p) && p.length === 2 && typeof p[1] === 'string')
    : [];
}

async function findCreated(ctx: CycleContext, client: ScimClient, i: LeftIntent): Promise<Finding> {
  const pairs = matchPairs(i);
  const find = (path: string, value: string) =>
    i.objectType === 'group' ? client.findGroups(eqFilter(path, value)) : client.findUsers(eqFilter(path, value));
  for (const [path, value] of pairs) {
    const found = await find(path, value);
    if (found.length > 1)
      return {
        kind: 'unconfirmed',
        what: `${found.length} ${noun(i)}s have ${path} '${value}', so which one was created cannot be told`,
      };
    const hit = found[0];
    if (!hit) continue;
    const owner = sourceLinkedTo(ctx.deps.db, ctx.app.id, hit.id);
    if (owner && owner !== i.sourceId)
      return {
        kind: 'unconfirmed',
        what: `the ${noun(i)} with ${path} '${value}' (${hit.id}) is linked to source object ${owner}`,
      };
    return { kind: 'done', what: `${noun(i)} ${hit.id} with ${path} '${value}' exists`, resource: hit };
  }
  const tried = pairs.map(([p, v]) => `${p} '${v}'`).join(', ') || 'no matching attribute';
  return { kind: 'not_done', what: `no ${noun(i)} with ${tried} exists` };
}

async function get(client: ScimClient, i: LeftIntent, id: string): Promise<ReturnedResource | null> {
  try {
    return i.objectType === 'group' ? await client.getGroup(id) : await client.getUser(id);
  } catch (err) {
    if (isStatus(err, 404)) return null;
    throw err;
  }
}

/** Look the intent's object up and say whether its write happened. */
export async function lookUp(ctx: CycleContext, client: ScimClient, i: LeftIntent): Promise<Finding> {
  if (i.action === 'create') return findCreated(ctx, client, i);
  if (i.action === 'update' || i.targetId === null)
    return { kind: 'unconfirmed', what: 'the target cannot tell whether it applied the PATCH' };
  const current = await get(client, i, i.targetId);
  if (i.action === 'delete')
    return current === null
      ? { kind: 'done', what: `${noun(i)} ${i.targetId} no longer exists (HTTP 404)` }
      : { kind: 'not_done', what: `${noun(i)} ${i.targetId} still exists` };
  if (current === null) return { kind: 'unconfirmed', what: `${noun(i)} ${i.targetId} no longer exists (HTTP 404)` };
  return current.active === false
    ? { kind: 'done', what: `${noun(i)} ${i.targetId} has active false` }
    : { kind: 'not_done', what: `${noun(i)} ${i.targetId} is still active` };
}
