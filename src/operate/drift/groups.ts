/**
 * The group half of the drift report: the target's Groups (paged) against the group links. Attributes
 * compare as for users (exported vs target, over the group mapping's paths); members compare as target ids:
 * the members we last sent (source ids, resolved through the user links) against the group's members in the
 * target. Orphans are adoptable when an unlinked directory group in scope has the same displayName (the
 * group matching attribute). Members are read explicitly: group reads exclude them by default. Read-only.
 */
import { and, eq } from 'drizzle-orm';
import { appAssignments, appRoles, connectorObjects, groups } from '../../../db/schema';
import { mappingsOf } from '../../apps/mappings';
import type { CycleContext } from '../../engine/context';
import { groupScope } from '../../engine/groups/steps';
import type { FlatValues } from '../../mapping/types';
import { diffForPatch } from '../../scim/patch-diff';
import { flattenResource } from '../../scim/resource-builder';
import type { DriftSink } from './types';

const show = (v: FlatValues[string] | undefined): string | null =>
  v === undefined ? null : Array.isArray(v) ? v.join(';') : String(v);

/** Unlinked directory groups in scope, by lower-case displayName. */
function adoptableGroups(ctx: CycleContext, linked: ReadonlySet<string>): Map<string, string> {
  const { db } = ctx.deps;
  const out = new Map<string, string>();
  for (const g of db.select().from(groups).all()) {
    if (linked.has(g.id)) continue;
    const assignment =
      db
        .select({ role: appRoles.displayName, isDefaultAccess: appRoles.isDefaultAccess })
        .from(appAssignments)
        .innerJoin(appRoles, eq(appRoles.id, appAssignments.roleId))
        .where(and(eq(appAssignments.appId, ctx.app.id), eq(appAssignments.principalId, g.id)))
        .get() ?? null;
    if (groupScope(g, ctx.app.scope, assignment).inScope) out.set(g.displayName.toLowerCase(), g.id);
  }
  return out;
}

/** Target user id and userName of every user link (to resolve and name members). */
function userTargets(ctx: CycleContext) {
  const rows = ctx.deps.db
    .select({
      sourceId: connectorObjects.sourceId,
      targetId: connectorObjects.targetId,
      exported: connectorObjects.exported,
    })
    .from(connectorObjects)
    .where(and(eq(connectorObjects.appId, ctx.app.id), eq(connectorObjects.objectType, 'user')))
    .all();
  const bySource = new Map(rows.map((r) => [r.sourceId, r.targetId]));
  const nameOf = new Map(
    rows.map((r) => [r.targetId, String((JSON.parse(r.exported) as { userName?: unknown }).userName ?? r.targetId)]),
  );
  return { bySource, nameOf };
}

/** Group findings; reads only. */
export async function findGroupDrift(
  ctx: CycleContext,
  out: DriftSink,
): Promise<{ targetGroups: number; linkedGroups: number }> {
  const links = ctx.deps.db
    .select()
    .from(connectorObjects)
    .where(and(eq(connectorObjects.appId, ctx.app.id), eq(connectorObjects.objectType, 'group')))
    .all();
  const byTarget = new Map(links.map((l) => [l.targetId, l]));
  const paths = mappingsOf(ctx.app, 'group')
    .filter((m) => m.type !== 'none' && m.apply === 'always' && m.target !== 'members')
    .map((m) => m.target);
  const candidates = adoptableGroups(ctx, new Set(links.map((l) => l.sourceId)));
  const users = userTargets(ctx);
  const seen = new Set<string>();
  let targetGroups = 0;
  for await (const r of ctx.client.listGroups(undefined, { pageSize: 100, excludedAttributes: [] })) {
    if (out.signal.aborted) break;
    out.read();
    targetGroups += 1;
    seen.add(r.id);
    const current = flattenResource(r, [...paths, 'displayName']);
    const name = show(current.displayName) ?? r.id;
    const link = byTarget.get(r.id);
    const base = { objectType: 'group' as const, targetId: r.id, displayName: name };
    if (!link) {
      out.add({
        ...base,
        kind: 'orphan',
        sourceId: null,
        matchSourceId: candidates.get(name.toLowerCase()) ?? null,
        attributes: [],
      });
      continue;
    }
    const exported = JSON.parse(link.exported) as FlatValues;
    const pick = (v: FlatValues) =>
      Object.fromEntries(paths.filter((p) => v[p] !== undefined).map((p) => [p, v[p] as FlatValues[string]]));
    const attributes = diffForPatch(pick(current), pick(exported)).map((o) => ({
      attribute: o.path ?? '',
      exported: show(exported[o.path ?? '']),
      target: show(current[o.path ?? '']),
    }));
    const sent = new Set(
      (Array.isArray(exported.members) ? exported.members : [])
        .map((id) => users.bySource.get(id))
        .filter((t) => t !== undefined),
    );
    const actual = new Set(
      Array.isArray(r.members) ? (r.members as { value?: unknown }[]).map((m) => String(m.value)) : [],
    );
    const lost = [...sent].filter((t) => !actual.has(t));
    const extra = [...actual].filter((t) => !sent.has(t));
    if (lost.length > 0 || extra.length > 0) {
      const names = (ids: string[]) =>
        ids
          .map((t) => users.nameOf.get(t) ?? t)
          .sort()
          .join('; ');
      attributes.push({
        attribute: 'members',
        exported: lost.length > 0 ? `missing in target: ${names(lost)}` : null,
        target: extra.length > 0 ? `not sent by Provisio: ${names(extra)}` : null,
      });
    }
    if (attributes.length > 0)
      out.add({ ...base, kind: 'drifted', sourceId: link.sourceId, matchSourceId: null, attributes });
  }
  // Cancelled: the groups not read yet are unknown, not missing.
  for (const l of out.signal.aborted ? [] : links) {
    if (seen.has(l.targetId)) continue;
    const exported = JSON.parse(l.exported) as FlatValues;
    out.add({
      objectType: 'group',
      kind: 'missing',
      sourceId: l.sourceId,
      targetId: l.targetId,
      displayName: show(exported.displayName) ?? l.sourceId,
      matchSourceId: null,
      attributes: [],
    });
  }
  return { targetGroups, linkedGroups: links.length };
}
