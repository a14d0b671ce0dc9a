/**
 * What to do with one group, and how to send its member changes. Pure. Members are diffed as sets of source
 * ids (what we last sent vs. what the directory says now) and sent as add/remove deltas, chunked so that no
 * request carries more than the app's limit: never a full member list (entra.md §5.4).
 */
import type { FlatValues } from '../../mapping/types';
import { diffForPatch, type MemberRemovalForm, memberOps, type PatchOperation } from '../../scim/patch-diff';
import type { Link } from '../sync/plan';

export type GroupPlan =
  | { action: 'create' }
  | { action: 'match' }
  | { action: 'update'; ops: PatchOperation[] }
  | { action: 'delete' }
  | { action: 'skip'; reason: string };

export interface GroupPlanInput {
  exists: boolean;
  inScope: boolean;
  outOfScopeReason: string;
  link: Link | null;
  /** Mapped values other than members (displayName, externalId, ...), for groups in scope. */
  desired: FlatValues | null;
}

/** The member source ids we last sent for a linked group. */
export function exportedMembers(link: Link | null): string[] {
  const m = link?.exported.members;
  return Array.isArray(m) ? m : [];
}

/** Non-member attributes of a link's exported values. */
function attributes(values: FlatValues): FlatValues {
  const { members: _ignored, ...rest } = values;
  return rest;
}

/** Decide the group's action; member deltas are decided separately (`memberDelta`) and ride on update/create. */
export function planGroup(input: GroupPlanInput): GroupPlan {
  const { link } = input;
  if (!input.exists || !input.inScope) {
    if (link) return { action: 'delete' };
    return { action: 'skip', reason: `${input.outOfScopeReason}; it was never provisioned, so there is nothing to do` };
  }
  if (!link) return { action: 'match' };
  return { action: 'update', ops: diffForPatch(attributes(link.exported), attributes(input.desired ?? {})) };
}

/** Members to add and remove, each sorted (code-unit order, so requests are reproducible). */
export function memberDelta(current: Iterable<string>, desired: Iterable<string>) {
  const cur = new Set(current);
  const want = new Set(desired);
  const add = [...want].filter((id) => !cur.has(id)).sort(byCodeUnit);
  const remove = [...cur].filter((id) => !want.has(id)).sort(byCodeUnit);
  return { add, remove };
}

/** Split a list into runs of at most `size` (size < 1 counts as 1). */
export function chunk<T>(xs: readonly T[], size: number): T[][] {
  const n = Math.max(1, Math.floor(size));
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/**
 * PATCH requests for a member delta in target ids: removes first (a target with a member cap has room
 * before the adds arrive), then adds, each request holding at most `perRequest` members. Removals are
 * written in the app's `removal` form.
 */
export function memberRequests(
  addIds: readonly string[],
  removeIds: readonly string[],
  perRequest: number,
  removal: MemberRemovalForm,
) {
  return [
    ...chunk(removeIds, perRequest).map((ids) => ({
      kind: 'remove' as const,
      ids,
      ops: memberOps({ remove: ids }, removal),
    })),
    ...chunk(addIds, perRequest).map((ids) => ({ kind: 'add' as const, ids, ops: memberOps({ add: ids }) })),
  ];
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
