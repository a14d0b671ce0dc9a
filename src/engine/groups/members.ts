/**
 * A group's members in the target: which directory members to send (direct users, or all nested ones when
 * flattening), resolved to target ids through the users' links (referenceResolution), and the PATCH deltas
 * that bring the target from what we last sent to that. Reads are synchronous; `sendMemberDelta` does the I/O.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { connectorObjects, users } from '../../../db/schema';
import { usersToProvision } from '../../directory/membership-graph';
import { loadSubgraph } from '../../directory/memberships-repo';
import type { ScimClient } from '../../scim/client';
import type { CycleContext } from '../context';
import { memberDelta, memberRequests } from './plan';

export interface Ref {
  sourceId: string;
  name: string;
}

export interface MemberPlan {
  add: (Ref & { targetId: string })[];
  remove: (Ref & { targetId: string })[];
  /** Members to add that have no user in the target (failed, out of scope, not yet provisioned). */
  unresolved: Ref[];
  /** Members we sent once whose target user is gone (deleted with the user): forgotten without a request. */
  forgotten: string[];
}

const CHUNK = 500;

function userLinks(ctx: CycleContext, ids: readonly string[]) {
  const out = new Map<string, { targetId: string; name: string }>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = ctx.deps.db
      .select({
        id: connectorObjects.sourceId,
        targetId: connectorObjects.targetId,
        exported: connectorObjects.exported,
      })
      .from(connectorObjects)
      .where(
        and(
          eq(connectorObjects.appId, ctx.app.id),
          eq(connectorObjects.objectType, 'user'),
          inArray(connectorObjects.sourceId, ids.slice(i, i + CHUNK)),
        ),
      )
      .all();
    for (const r of rows) {
      const userName = (JSON.parse(r.exported) as { userName?: unknown }).userName;
      out.set(r.id, { targetId: r.targetId, name: typeof userName === 'string' ? userName : r.id });
    }
  }
  return out;
}

function userNames(ctx: CycleContext, ids: readonly string[]) {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = ctx.deps.db
      .select({ id: users.id, upn: users.userPrincipalName })
      .from(users)
      .where(inArray(users.id, ids.slice(i, i + CHUNK)))
      .all();
    for (const r of rows) out.set(r.id, r.upn);
  }
  return out;
}

/** The users a group should have in the target. */
export function desiredMembers(ctx: CycleContext, groupId: string): Set<string> {
  return usersToProvision(groupId, loadSubgraph(ctx.deps.db, groupId), ctx.app.flattenNestedGroups);
}

/** Resolve the delta between what we sent and what we want to target ids. */
export function planMembers(ctx: CycleContext, current: readonly string[], desired: Set<string>): MemberPlan {
  const delta = memberDelta(current, desired);
  const links = userLinks(ctx, [...delta.add, ...delta.remove]);
  const plan: MemberPlan = { add: [], remove: [], unresolved: [], forgotten: [] };
  const missing: string[] = [];
  for (const id of delta.add) {
    const l = links.get(id);
    if (l) plan.add.push({ sourceId: id, ...l });
    else missing.push(id);
  }
  for (const id of delta.remove) {
    const l = links.get(id);
    if (l) plan.remove.push({ sourceId: id, ...l });
    else plan.forgotten.push(id);
  }
  const names = userNames(ctx, missing);
  plan.unresolved = missing.map((id) => ({ sourceId: id, name: names.get(id) ?? id }));
  return plan;
}

/**
 * Send the member PATCHes in chunks. Stops at the first failure and reports what went through, so the link
 * records exactly the members the target has and the next attempt sends only the rest.
 */
export async function sendMemberDelta(ctx: CycleContext, client: ScimClient, groupTargetId: string, plan: MemberPlan) {
  const applied = { add: [] as MemberPlan['add'], remove: [] as MemberPlan['remove'] };
  const byTarget = new Map([...plan.add, ...plan.remove].map((r) => [r.targetId, r]));
  const requests = memberRequests(
    plan.add.map((r) => r.targetId),
    plan.remove.map((r) => r.targetId),
    ctx.app.groupMembersPerRequest,
    ctx.app.memberRemovalForm,
  );
  for (const req of requests) {
    try {
      await client.patchGroup(groupTargetId, req.ops);
    } catch (err) {
      return { applied, error: err, requests: requests.length };
    }
    for (const id of req.ids) {
      const ref = byTarget.get(id);
      if (ref) applied[req.kind].push(ref);
    }
  }
  return { applied, error: null as unknown, requests: requests.length };
}

/** The member list to remember after a (partial) send. */
export function membersAfter(
  current: readonly string[],
  plan: MemberPlan,
  applied: { add: readonly Ref[]; remove: readonly Ref[] },
): string[] {
  const gone = new Set([...plan.forgotten, ...applied.remove.map((r) => r.sourceId)]);
  return [...current.filter((id) => !gone.has(id)), ...applied.add.map((r) => r.sourceId)];
}
