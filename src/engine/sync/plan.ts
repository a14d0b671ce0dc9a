/** What to do with one user, given its scope, its link and its mapped values. Pure. */
import type { FlatValues } from '../../mapping/types';
import { diffForPatch, type PatchOperation } from '../../scim/patch-diff';

export interface Link {
  targetId: string;
  exported: FlatValues;
  state: 'active' | 'disabled';
}

export type Plan =
  | { action: 'create' }
  | { action: 'match' }
  | { action: 'update'; ops: PatchOperation[] }
  | { action: 'disable' }
  | { action: 'delete' }
  | { action: 'skip'; reason: string };

export interface PlanInput {
  /** False when the user was hard-deleted from the directory. */
  exists: boolean;
  inScope: boolean;
  outOfScopeReason: string;
  link: Link | null;
  /** Values the update-phase mappings produce (only for users in scope). */
  desired: FlatValues | null;
  /** Paths that update-phase mappings manage: other exported paths (create-only) are not compared. */
  managedPaths: ReadonlySet<string>;
}

/** Keep only the managed paths of a value map. */
export function pickPaths(values: FlatValues, paths: ReadonlySet<string>): FlatValues {
  return Object.fromEntries(Object.entries(values).filter(([k]) => paths.has(k)));
}

/** Decide the action; `match` means "query the target before choosing create or update". */
export function planUser(input: PlanInput): Plan {
  const { link } = input;
  if (!input.exists) {
    return link ? { action: 'delete' } : { action: 'skip', reason: 'User was deleted and was never provisioned' };
  }
  if (!input.inScope) {
    if (!link)
      return {
        action: 'skip',
        reason: `${input.outOfScopeReason}; it was never provisioned, so there is nothing to do`,
      };
    if (link.state === 'disabled')
      return { action: 'skip', reason: `${input.outOfScopeReason}; it is already disabled in the target` };
    return { action: 'disable' };
  }
  if (!link) return { action: 'match' };
  const ops = diffForPatch(pickPaths(link.exported, input.managedPaths), input.desired ?? {});
  if (ops.length === 0) return { action: 'skip', reason: 'User is already up to date in the target' };
  return { action: 'update', ops };
}
