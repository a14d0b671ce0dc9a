/**
 * The user half of the drift report: read the target's Users page by page and compare them with the connector state and the
 * directory. Orphan: in the target, not linked (with the in-scope, unlinked directory user whose matching
 * attribute has the same value, when there is one, so it can be adopted). Missing: linked, gone from the
 * target. Drifted: linked and the target's value differs from what we last exported, per attribute.
 * Read-only: only GETs go to the target; the report is stored so findings can be acted on one by one.
 */
import { and, eq } from 'drizzle-orm';
import { connectorObjects } from '../../../db/schema';
import type { CycleContext } from '../../engine/context';
import { initialWork } from '../../engine/cycle/work-list';
import { decide, loadSubject } from '../../engine/sync/evaluate';
import { pickPaths } from '../../engine/sync/plan';
import { matchingMappings } from '../../mapping/default-mappings';
import type { FlatValues } from '../../mapping/types';
import { diffForPatch, flatOps } from '../../scim/patch-diff';
import { flattenResource } from '../../scim/resource-builder';
import type { DriftSink } from './types';

const show = (v: FlatValues[string] | undefined): string | null =>
  v === undefined ? null : Array.isArray(v) ? v.join(';') : String(v);

/** Target paths whose values come through Redact(): shown as [Redact] in the report. */
function redactedPaths(ctx: CycleContext): Set<string> {
  return new Set(
    ctx.mappings.filter((m) => m.type === 'expression' && /redact\s*\(/i.test(m.expression ?? '')).map((m) => m.target),
  );
}

/** In-scope directory users without a link, by `<attribute>=<value>` of their matching attributes. */
function adoptable(ctx: CycleContext, linked: ReadonlySet<string>): Map<string, string> {
  const byKey = new Map<string, string>();
  const matching = matchingMappings(ctx.mappings);
  for (const w of initialWork(ctx.deps.db, ctx.app)) {
    if (linked.has(w.sourceId)) continue;
    try {
      const s = loadSubject(ctx, w.sourceId, null);
      const { scope, desired } = decide(ctx, s);
      if (!scope?.inScope || !desired) continue;
      for (const m of matching) {
        const v = desired.values[m.target];
        if (v !== undefined && !Array.isArray(v)) byKey.set(`${m.target}=${String(v).toLowerCase()}`, w.sourceId);
      }
    } catch {
      // A user whose mappings fail cannot be matched by the cycle either.
    }
  }
  return byKey;
}

/**
 * Compare the target with the connector state; reads only. Findings go to `out` as they are found. Once
 * cancelled it stops reading and reports no missing users: the users not read yet are unknown, not missing.
 */
export async function findDrift(ctx: CycleContext, out: DriftSink): Promise<{ targetUsers: number; linked: number }> {
  const links = ctx.deps.db
    .select()
    .from(connectorObjects)
    .where(and(eq(connectorObjects.appId, ctx.app.id), eq(connectorObjects.objectType, 'user')))
    .all();
  const byTarget = new Map(links.map((l) => [l.targetId, l]));
  const managed = [...ctx.managedPaths];
  const hidden = redactedPaths(ctx);
  const matchPaths = matchingMappings(ctx.mappings).map((m) => m.target);
  const candidates = adoptable(ctx, new Set(links.map((l) => l.sourceId)));
  const seen = new Set<string>();
  let targetUsers = 0;
  for await (const r of ctx.client.listUsers(undefined, { pageSize: 100 })) {
    if (out.signal.aborted) break;
    out.read();
    targetUsers += 1;
    seen.add(r.id);
    const current = flattenResource(r, [...new Set([...managed, ...matchPaths])]);
    const name = show(current.userName) ?? show(current.displayName) ?? r.id;
    const link = byTarget.get(r.id);
    if (!link) {
      const key = matchPaths.map((p) => `${p}=${show(current[p])?.toLowerCase()}`).find((k) => candidates.has(k));
      out.add({
        kind: 'orphan',
        sourceId: null,
        targetId: r.id,
        displayName: name,
        matchSourceId: key ? (candidates.get(key) ?? null) : null,
        attributes: [],
      });
      continue;
    }
    const exported = JSON.parse(link.exported) as FlatValues;
    // flatOps: a typed entry missing on one side is named by its mapped path, not as a whole-entry add.
    const ops = flatOps(diffForPatch(pickPaths(current, ctx.managedPaths), pickPaths(exported, ctx.managedPaths)));
    if (ops.length === 0) continue;
    const attributes = ops.map((o) => {
      const path = o.path ?? '';
      const hide = hidden.has(path);
      return {
        attribute: path,
        exported: hide ? '[Redact]' : show(exported[path]),
        target: hide ? '[Redact]' : show(current[path]),
      };
    });
    out.add({
      kind: 'drifted',
      sourceId: link.sourceId,
      targetId: r.id,
      displayName: name,
      matchSourceId: null,
      attributes,
    });
  }
  for (const l of out.signal.aborted ? [] : links) {
    if (seen.has(l.targetId)) continue;
    const exported = JSON.parse(l.exported) as FlatValues;
    out.add({
      kind: 'missing',
      sourceId: l.sourceId,
      targetId: l.targetId,
      displayName: show(exported.userName) ?? l.sourceId,
      matchSourceId: null,
      attributes: [],
    });
  }
  return { targetUsers, linked: links.length };
}
