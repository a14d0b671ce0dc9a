/**
 * Drift report: read the target's Users page by page and compare them with the connector state and the
 * directory. Orphan: in the target, not linked (with the in-scope, unlinked directory user whose matching
 * attribute has the same value, when there is one, so it can be adopted). Missing: linked, gone from the
 * target. Drifted: linked and the target's value differs from what we last exported, per attribute.
 * Read-only: only GETs go to the target; the report is stored so findings can be acted on one by one.
 */
import { and, eq } from 'drizzle-orm';
import { connectorObjects, driftIgnores, driftItems, driftReports } from '../../../db/schema';
import { getApplication } from '../../apps/applications';
import { writeAudit } from '../../audit/audit-log';
import type { CycleContext, EngineDeps } from '../../engine/context';
import { initialWork } from '../../engine/cycle/work-list';
import { decide, loadSubject } from '../../engine/sync/evaluate';
import { pickPaths } from '../../engine/sync/plan';
import type { Actor } from '../../kernel/actor';
import { matchingMappings } from '../../mapping/default-mappings';
import type { FlatValues } from '../../mapping/types';
import { diffForPatch, flatOps } from '../../scim/patch-diff';
import { flattenResource } from '../../scim/resource-builder';
import { operateContext } from '../app-context';
import { findGroupDrift } from './groups';
import type { DriftFinding } from './types';

export type { DriftFinding, DriftKind } from './types';

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

/** Compare the target with the connector state; reads only. */
export async function findDrift(
  ctx: CycleContext,
): Promise<{ findings: DriftFinding[]; targetUsers: number; linked: number }> {
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
  const findings: DriftFinding[] = [];
  const seen = new Set<string>();
  let targetUsers = 0;
  for await (const r of ctx.client.listUsers(undefined, { pageSize: 100 })) {
    targetUsers += 1;
    seen.add(r.id);
    const current = flattenResource(r, [...new Set([...managed, ...matchPaths])]);
    const name = show(current.userName) ?? show(current.displayName) ?? r.id;
    const link = byTarget.get(r.id);
    if (!link) {
      const key = matchPaths.map((p) => `${p}=${show(current[p])?.toLowerCase()}`).find((k) => candidates.has(k));
      findings.push({
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
    findings.push({
      kind: 'drifted',
      sourceId: link.sourceId,
      targetId: r.id,
      displayName: name,
      matchSourceId: null,
      attributes,
    });
  }
  for (const l of links) {
    if (seen.has(l.targetId)) continue;
    const exported = JSON.parse(l.exported) as FlatValues;
    findings.push({
      kind: 'missing',
      sourceId: l.sourceId,
      targetId: l.targetId,
      displayName: show(exported.userName) ?? l.sourceId,
      matchSourceId: null,
      attributes: [],
    });
  }
  return { findings, targetUsers, linked: links.length };
}

/** The ignore key of a finding: orphans by target id, the others by source id. */
export function driftKey(f: Pick<DriftFinding, 'kind' | 'sourceId' | 'targetId'>): string {
  return `${f.kind}:${f.kind === 'orphan' ? f.targetId : f.sourceId}`;
}

/** Build and store a drift report; returns its id. */
export async function createDriftReport(deps: EngineDeps, actor: Actor, appId: string): Promise<string> {
  const ctx = operateContext(deps, getApplication(deps.db, appId), { type: 'user', name: actor.name });
  const users = await findDrift(ctx);
  // Groups only when the app provisions them; their links would otherwise be reported as missing objects.
  const grouped = ctx.app.provisionGroups
    ? await findGroupDrift(ctx)
    : { findings: [], targetGroups: 0, linkedGroups: 0 };
  const findings = [...users.findings, ...grouped.findings];
  const { targetUsers, linked } = users;
  const { targetGroups, linkedGroups } = grouped;
  const ignored = new Set(
    deps.db
      .select({ key: driftIgnores.key })
      .from(driftIgnores)
      .where(eq(driftIgnores.appId, appId))
      .all()
      .map((r) => r.key),
  );
  const tally = { orphan: 0, missing: 0, drifted: 0, ignored: 0 };
  const rows = findings.map((f, seq) => {
    const status = ignored.has(driftKey(f)) ? ('ignored' as const) : ('open' as const);
    if (status === 'ignored') tally.ignored += 1;
    else tally[f.kind] += 1;
    return {
      reportId: ctx.cycleId,
      seq,
      ...f,
      objectType: f.objectType ?? ('user' as const),
      attributes: JSON.stringify(f.attributes),
      status,
    };
  });
  const counts = { targetUsers, linked, targetGroups, linkedGroups, ...tally };
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    tx.insert(driftReports)
      .values({ id: ctx.cycleId, appId, createdAt: now, createdBy: actor.name, counts: JSON.stringify(counts) })
      .run();
    for (let i = 0; i < rows.length; i += 400)
      tx.insert(driftItems)
        .values(rows.slice(i, i + 400))
        .run();
    writeAudit(
      tx,
      actor,
      {
        activity: 'drift.report',
        targetType: 'application',
        targetId: appId,
        after: { reportId: ctx.cycleId, ...counts },
      },
      now,
    );
  });
  return ctx.cycleId;
}
