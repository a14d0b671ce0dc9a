/**
 * The group side of a cycle's work: which work items are groups (processed after all users), which groups an
 * initial cycle evaluates, and the users that groups assigned to the app put in scope.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { appAssignments, connectorObjects, groups } from '../../../db/schema';
import type { Application } from '../../apps/applications';
import { ancestorGroups, transitiveUsers } from '../../directory/memberships-repo';
import { getLink, linkedSourceIds } from '../connector-store';

const CHUNK = 500;

// work-list.ts's WorkItem, restated: work-list imports this module, so importing it back would be a cycle.
interface WorkItem {
  sourceId: string;
  changeKind: string | null;
}

/** Active groups assigned to the app (any role: Default Access is decided per object, and logged). */
function assignedGroups(db: Db, appId: string): string[] {
  return db
    .select({ id: appAssignments.principalId })
    .from(appAssignments)
    .innerJoin(groups, eq(groups.id, appAssignments.principalId))
    .where(and(eq(appAssignments.appId, appId), isNull(groups.deletedAt)))
    .all()
    .map((r) => r.id);
}

/** Users in scope through the app's assigned groups (transitively). */
export function usersViaAssignedGroups(db: Db, appId: string): Set<string> {
  const out = new Set<string>();
  for (const g of assignedGroups(db, appId)) for (const u of transitiveUsers(db, g)) out.add(u);
  return out;
}

/** Ids among `ids` that are groups: in the directory, or linked as groups (a hard-deleted group). */
function groupIdsAmong(db: Db, appId: string, ids: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    for (const r of db.select({ id: groups.id }).from(groups).where(inArray(groups.id, part)).all()) out.add(r.id);
    const linked = db
      .select({ id: connectorObjects.sourceId })
      .from(connectorObjects)
      .where(
        and(
          eq(connectorObjects.appId, appId),
          eq(connectorObjects.objectType, 'group'),
          inArray(connectorObjects.sourceId, part),
        ),
      )
      .all();
    for (const r of linked) out.add(r.id);
  }
  return out;
}

/**
 * Split a work list into users and groups; an initial cycle adds every group in scope (assigned, or all for
 * scope "all") and every linked group. With group provisioning off, groups are left alone entirely.
 */
export function splitWork(db: Db, app: Application, work: readonly WorkItem[], initial: boolean) {
  const isGroup = groupIdsAmong(
    db,
    app.id,
    work.map((w) => w.sourceId),
  );
  const users = work.filter((w) => !isGroup.has(w.sourceId));
  if (!app.provisionGroups) return { users, groups: [] as WorkItem[] };
  const groupWork = work.filter((w) => isGroup.has(w.sourceId));
  if (!initial) {
    // An unlinked user may be created in this cycle (a retried failure, say): the groups above it can then
    // resolve it, so they come along rather than waiting for their next change. O(changes × nesting depth).
    const seen = new Set(groupWork.map((w) => w.sourceId));
    for (const w of users) {
      if (getLink(db, app.id, w.sourceId)) continue;
      for (const id of ancestorGroups(db, w.sourceId)) {
        if (seen.has(id)) continue;
        seen.add(id);
        groupWork.push({ sourceId: id, changeKind: 'Update' });
      }
    }
  }
  if (initial) {
    const seen = new Set(groupWork.map((w) => w.sourceId));
    const inScope =
      app.scope === 'all'
        ? db
            .select({ id: groups.id })
            .from(groups)
            .all()
            .map((r) => r.id)
        : assignedGroups(db, app.id);
    for (const id of [...inScope, ...linkedSourceIds(db, app.id, 'group')]) {
      if (seen.has(id)) continue;
      seen.add(id);
      groupWork.push({ sourceId: id, changeKind: null });
    }
  }
  return { users, groups: groupWork };
}
