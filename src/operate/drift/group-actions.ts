/**
 * Connector-state preparation for acting on a group finding (see drift-actions.ts): adopt links the target
 * group as it is (members unknown, so every wanted member is sent, as the cycle's match does), re-create
 * forgets the stale link, re-push records what the target holds (attributes, and members as the source ids
 * of the linked users it has) so processing the group sends the difference back.
 */
import { and, eq } from 'drizzle-orm';
import { connectorObjects } from '../../../db/schema';
import { mappingsOf } from '../../apps/mappings';
import { dropLink, getLink, saveLink, sourceLinkedTo } from '../../engine/connector-store';
import type { CycleContext, EngineDeps } from '../../engine/context';
import { ConflictError, ValidationError } from '../../kernel/errors';
import type { FlatValues } from '../../mapping/types';
import { flattenResource } from '../../scim/resource-builder';
import type { DriftItemRow } from './store';

type Action = 'adopt' | 'recreate' | 'repush';

/** Source ids of linked users by target id. */
function sourcesByTarget(deps: EngineDeps, appId: string): Map<string, string> {
  const rows = deps.db
    .select({ sourceId: connectorObjects.sourceId, targetId: connectorObjects.targetId })
    .from(connectorObjects)
    .where(and(eq(connectorObjects.appId, appId), eq(connectorObjects.objectType, 'user')))
    .all();
  return new Map(rows.map((r) => [r.targetId, r.sourceId]));
}

/** Prepare the group's link; returns the directory group to process. */
export async function prepareGroup(
  deps: EngineDeps,
  ctx: Pick<CycleContext, 'client' | 'app'>,
  item: DriftItemRow,
  action: Action,
): Promise<string> {
  const appId = ctx.app.id;
  const now = deps.clock.now();
  if (action === 'recreate' && item.sourceId) {
    deps.db.transaction((tx) => dropLink(tx, appId, item.sourceId as string));
    return item.sourceId;
  }
  if (!item.targetId) throw new ValidationError('The finding has no target object');
  const paths = mappingsOf(ctx.app, 'group')
    .filter((m) => m.type !== 'none' && m.target !== 'members')
    .map((m) => m.target);
  const target = await ctx.client.getGroup(item.targetId, { excludedAttributes: [] });
  const attrs = flattenResource(target, paths);
  if (action === 'adopt') {
    if (!item.matchSourceId)
      throw new ValidationError('No in-scope directory group has this name; it cannot be adopted');
    if (getLink(deps.db, appId, item.matchSourceId))
      throw new ConflictError('already_linked', 'The directory group is linked already');
    if (sourceLinkedTo(deps.db, appId, item.targetId))
      throw new ConflictError('already_linked', 'The target group is linked already');
    const link = { targetId: item.targetId, exported: { ...attrs, members: [] as string[] }, state: 'active' as const };
    deps.db.transaction((tx) => saveLink(tx, appId, item.matchSourceId as string, link, now, 'group'));
    return item.matchSourceId;
  }
  const link = item.sourceId ? getLink(deps.db, appId, item.sourceId) : null;
  if (!link || !item.sourceId) throw new ConflictError('not_linked', 'The group is no longer linked');
  const bySource = sourcesByTarget(deps, appId);
  const held = Array.isArray(target.members) ? (target.members as { value?: unknown }[]) : [];
  const members = held.map((m) => bySource.get(String(m.value))).filter((s): s is string => s !== undefined);
  const exported: FlatValues = { ...link.exported, members };
  for (const p of paths) {
    if (attrs[p] === undefined) delete exported[p];
    else exported[p] = attrs[p] as FlatValues[string];
  }
  deps.db.transaction((tx) => saveLink(tx, appId, item.sourceId as string, { ...link, exported }, now, 'group'));
  return item.sourceId;
}
