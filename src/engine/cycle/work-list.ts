/** Which users a cycle evaluates: all in scope (initial) or those touched since the watermark (incremental). */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { appAssignments, users } from '../../../db/schema';
import type { Application } from '../../apps/applications';
import { changesBetween } from '../../directory/journal';
import { linkedSourceIds } from '../connector-store';
import { usersViaAssignedGroups } from '../groups/work';

export interface WorkItem {
  sourceId: string;
  /** Entra's change type for the import step; null in initial cycles ("Retrieved ..."). */
  changeKind: string | null;
}

const KIND: Record<string, string> = {
  create: 'Add',
  update: 'Update',
  soft_delete: 'Delete',
  restore: 'Update',
  hard_delete: 'Delete',
  assign: 'Add',
  unassign: 'Delete',
};

/**
 * Initial: every assigned user (or every user, for scope "all") plus every linked user, so users that
 * left scope while provisioning was off are disabled too.
 */
export function initialWork(db: Db, app: Application): WorkItem[] {
  const ids = new Set<string>(
    app.scope === 'all'
      ? db
          .select({ id: users.id })
          .from(users)
          .all()
          .map((r) => r.id)
      : db
          .select({ id: appAssignments.principalId })
          .from(appAssignments)
          .where(and(eq(appAssignments.appId, app.id), eq(appAssignments.principalType, 'user')))
          .all()
          .map((r) => r.id),
  );
  // Members of assigned groups are in scope too (issue 4); groups themselves are added by splitWork.
  if (app.scope !== 'all') for (const id of usersViaAssignedGroups(db, app.id)) ids.add(id);
  for (const id of linkedSourceIds(db, app.id, 'user')) ids.add(id);
  return [...ids].map((sourceId) => ({ sourceId, changeKind: null }));
}

/** Incremental: each object changed in (watermark, head] once, with its latest change kind. O(changes). */
export function incrementalWork(db: Db, app: Application, head: number): WorkItem[] {
  const latest = new Map<string, string>();
  for (const c of changesBetween(db, app.watermark, head)) {
    // Assignments, and changes journaled for one app only (a manager's reports, manager-ref.ts), are that app's.
    if ((c.objectType === 'assignment' || c.appId) && c.appId !== app.id) continue;
    latest.delete(c.objectId); // re-insert so the order follows the latest change
    latest.set(c.objectId, c.kind);
  }
  return [...latest].map(([sourceId, kind]) => ({ sourceId, changeKind: KIND[kind] ?? 'Update' }));
}

/**
 * Add escrowed objects whose next attempt is due (failures to retry, held deletes to re-evaluate) to a work
 * list, once each: an object changed since the watermark is already in it.
 */
export function withDueEscrows(work: WorkItem[], dueIds: readonly string[]): WorkItem[] {
  const seen = new Set(work.map((w) => w.sourceId));
  const extra = dueIds.filter((id) => !seen.has(id)).map((sourceId) => ({ sourceId, changeKind: null }));
  return extra.length === 0 ? work : [...work, ...extra];
}
