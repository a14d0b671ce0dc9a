/**
 * What one user's processing would do, without doing it: the same evaluation a cycle runs (evaluate-user),
 * the same action gates, and for unlinked users the same match queries (reads only), so the result says
 * create, adopt-and-update, or skip exactly as the cycle would decide. Values of Redact() mappings appear as
 * [Redact]: plans are stored and exported.
 */

import type { CycleContext } from '../../engine/context';
import { recordingIo } from '../../engine/exchanges';
import { gateAction } from '../../engine/sync/action-gates';
import type { ActionInput } from '../../engine/sync/action-result';
import { decide, loadSubject } from '../../engine/sync/evaluate';
import { toLogError } from '../../engine/sync/log-error';
import { match } from '../../engine/sync/match-or-create';
import { createdProperties, patchedProperties } from '../../engine/sync/patch-baseline';
import { pickPaths } from '../../engine/sync/plan';
import { applyMappings } from '../../mapping/apply';
import { diffForPatch, disableOps } from '../../scim/patch-diff';
import { flattenResource } from '../../scim/resource-builder';

export type PlanAction = 'create' | 'update' | 'disable' | 'delete' | 'skip' | 'failed';

export interface PlanChange {
  attribute: string;
  oldValue: string | null;
  newValue: string | null;
}

export interface PlanItem {
  sourceId: string;
  displayName: string | null;
  action: PlanAction;
  targetId: string | null;
  reason: string | null;
  changes: PlanChange[];
  /** A disable/delete the deletion guard counts. */
  guarded: boolean;
}

const toChanges = (props: { displayName: string; oldValue: string | null; newValue: string | null }[]) =>
  props.map((p) => ({ attribute: p.displayName, oldValue: p.oldValue, newValue: p.newValue }));

/** What apply compares: the action, its target and its field-level changes. */
export function fingerprintOf(item: Pick<PlanItem, 'action' | 'targetId' | 'changes'>): string {
  return JSON.stringify([item.action, item.targetId, item.changes]);
}

/** Plan one user. Never throws: an evaluation error becomes a `failed` item with the reason. */
export async function planOne(ctx: CycleContext, sourceId: string): Promise<PlanItem> {
  const s = loadSubject(ctx, sourceId, null);
  const item = (action: PlanAction, rest: Partial<PlanItem> = {}): PlanItem => ({
    sourceId,
    displayName: s.base.source.displayName ?? s.name,
    action,
    targetId: s.link?.targetId ?? null,
    reason: null,
    changes: [],
    guarded: false,
    ...rest,
  });
  try {
    const { plan, source, desired } = decide(ctx, s);
    if (plan.action === 'skip') return item('skip', { reason: plan.reason });
    const gate = gateAction(ctx.app, plan, false);
    if (gate.kind === 'skip') return item('skip', { reason: gate.reason });
    const redacted = desired?.redacted ?? new Set<string>();
    const guarded = gate.kind === 'hold';
    if (plan.action === 'delete') return item('delete', { guarded, reason: 'User was deleted from the directory' });
    if (plan.action === 'disable' && s.link) {
      const changes = toChanges(patchedProperties(disableOps(), s.link.exported, redacted));
      return item('disable', {
        guarded,
        changes,
        reason: s.steps.find((x) => x.provisioningStepType === 'scoping')?.description ?? null,
      });
    }
    if (plan.action === 'update' && s.link) {
      return item('update', { changes: toChanges(patchedProperties(plan.ops, s.link.exported, redacted)) });
    }
    const create = applyMappings(ctx.mappings, source ?? {}, ctx.deps.mappingEnv, 'create');
    // Reads only; its exchanges are recorded but shown nowhere (a dry run writes no log row).
    const io = recordingIo(ctx.client);
    const input: ActionInput = {
      plan,
      link: null,
      source,
      desired,
      sourceId,
      name: s.name,
      base: s.base,
      steps: [],
      ...io,
    };
    const found = await match(ctx, input, desired?.values ?? create.values);
    if (found.kind === 'duplicate' || found.kind === 'duplicate_source') {
      return item('failed', { reason: input.steps.at(-1)?.description ?? 'Duplicate target entries' });
    }
    if (found.kind === 'no_value') return item('skip', { reason: 'User has no value for any matching attribute' });
    if (found.kind === 'found') {
      const current = flattenResource(found.resource, [...ctx.managedPaths]);
      const ops = diffForPatch(pickPaths(current, ctx.managedPaths), desired?.values ?? {});
      const targetId = found.resource.id;
      if (ops.length === 0)
        return item('skip', { targetId, reason: `Matches User ${targetId} already; would be linked without changes` });
      if (!ctx.app.actionUpdate)
        return item('skip', { targetId, reason: 'Matched but differs; Update is not ticked in Target Object Actions' });
      return item('update', {
        targetId,
        reason: `Adopts the matching User ${targetId}`,
        changes: toChanges(patchedProperties(ops, current, redacted)),
      });
    }
    if (!ctx.app.actionCreate)
      return item('skip', { reason: 'Not found in the target; Create is not ticked in Target Object Actions' });
    return item('create', { changes: toChanges(createdProperties(create.values, create.redacted)) });
  } catch (err) {
    return item('failed', { reason: toLogError(err).reason });
  }
}
