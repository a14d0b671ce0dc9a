/**
 * The export step of a group: match or create when unlinked (group-match.ts), PATCH changed attributes
 * (rename), then send the member delta in chunks. A delete or an unassignment is a DELETE. Each path ends
 * in one Outcome whose `apply` saves what the target now holds.
 */
import type { ModifiedProperty } from '../../log/types';
import type { FlatValues } from '../../mapping/types';
import { diffForPatch } from '../../scim/patch-diff';
import { dropLink, saveLink } from '../connector-store';
import type { CycleContext } from '../context';
import { isStatus } from '../sync/action-result';
import { applyOpsToFlat, patchedProperties } from '../sync/patch-baseline';
import type { Link } from '../sync/plan';
import type { Outcome } from '../sync/record-outcome';
import { exportStep, processingStep } from '../sync/steps';
import { matchOrCreate } from './match';
import { desiredMembers, membersAfter, planMembers, type Ref, sendMemberDelta } from './members';
import { failed, type GroupInput, outcome } from './outcome';
import { exportedMembers } from './plan';
import { referenceStep } from './steps';

export type { GroupInput } from './outcome';

async function deleteInTarget(ctx: CycleContext, input: GroupInput, link: Link): Promise<Outcome> {
  const app = ctx.app;
  const why = input.steps.find((s) => s.provisioningStepType === 'scoping')?.description ?? 'Group was deleted';
  if (!app.actionDelete || (app.skipOutOfScopeDeletions && input.desired === null && input.createValues.displayName)) {
    input.steps.push(
      processingStep(
        'skipped',
        !app.actionDelete
          ? 'Group is not deleted in the target: Delete is not ticked in Target Object Actions'
          : 'Group left the scope but is not deleted in the target: Skip out-of-scope deletions is on',
      ),
    );
    return outcome(input, 'other', {});
  }
  let note = '';
  try {
    await input.client.deleteGroup(link.targetId);
  } catch (err) {
    if (!isStatus(err, 404)) return failed(ctx, input, 'delete', err);
    note = ' (it was already gone: HTTP 404)';
  }
  input.steps.push(
    exportStep('success', `Deleted Group '${input.name}' (${link.targetId}) in ${ctx.targetSystem} (${why})${note}`),
  );
  return outcome(input, 'delete', { apply: (tx) => dropLink(tx, app.id, input.sourceId) });
}

const names = (refs: readonly Ref[]) =>
  refs.length === 0
    ? null
    : refs
        .map((r) => r.name)
        .sort((a, b) => a.localeCompare(b))
        .join('; ');

/** Carry out a group plan. */
export async function exportGroup(ctx: CycleContext, input: GroupInput): Promise<Outcome> {
  const { plan } = input;
  if (plan.action === 'delete' && input.link) return deleteInTarget(ctx, input, input.link);
  let link: Link;
  let action: 'create' | 'update' | 'other' = 'other';
  const modified: ModifiedProperty[] = [];
  if (input.link) link = input.link;
  else {
    const r = await matchOrCreate(ctx, input);
    if (r.kind === 'end') return r.outcome;
    link = r.link;
    action = r.action;
    modified.push(...r.modified);
  }
  const target = { id: link.targetId, displayName: (input.desired?.values.displayName as string | undefined) ?? null };
  const save =
    (exported: FlatValues): Outcome['apply'] =>
    (tx, now) =>
      saveLink(tx, ctx.app.id, input.sourceId, { targetId: link.targetId, exported, state: 'active' }, now, 'group');
  let exported = link.exported;
  const { members: _m, ...attrs } = exported;
  const ops = diffForPatch(attrs, input.desired?.values ?? {});
  const mayUpdate = ctx.app.actionUpdate || action === 'create';
  if (ops.length > 0 && mayUpdate) {
    try {
      await input.client.patchGroup(link.targetId, ops);
    } catch (err) {
      if (isStatus(err, 404))
        return failed(ctx, input, 'update', err, { apply: (tx) => dropLink(tx, ctx.app.id, input.sourceId) });
      return failed(ctx, input, 'update', err, { target, apply: save(exported) });
    }
    modified.push(...patchedProperties(ops, exported, new Set()));
    exported = applyOpsToFlat(exported, ops);
    input.steps.push(
      exportStep(
        'success',
        `Updated Group '${input.name}' in ${ctx.targetSystem}: ${ops.map((o) => o.path).join(', ')}`,
      ),
    );
    if (action === 'other') action = 'update';
  }
  let unresolved: Ref[] = [];
  if (input.syncMembers) {
    const current = exportedMembers(link);
    const mplan = planMembers(ctx, current, desiredMembers(ctx, input.sourceId));
    unresolved = mplan.unresolved;
    const resolvedCount = mplan.add.length + mplan.remove.length;
    input.steps.push(
      referenceStep(
        input.name,
        mplan.add.length,
        unresolved.map((u) => u.name),
        ctx.targetSystem,
      ),
    );
    if (resolvedCount > 0 && !mayUpdate) {
      input.steps.push(
        processingStep(
          'skipped',
          `Members of Group '${input.name}' differ but are not updated: Update is not ticked in Target Object Actions`,
        ),
      );
    } else {
      const sent = await sendMemberDelta(ctx, input.client, link.targetId, mplan);
      exported = { ...exported, members: membersAfter(current, mplan, sent.applied) };
      const added = names(sent.applied.add);
      const removed = names(sent.applied.remove);
      if (added) modified.push({ displayName: 'members (added)', oldValue: null, newValue: added });
      if (removed) modified.push({ displayName: 'members (removed)', oldValue: removed, newValue: null });
      if (sent.requests > 0 && !sent.error) {
        input.steps.push(
          exportStep(
            'success',
            `Sent ${sent.applied.add.length} member addition(s) and ${sent.applied.remove.length} removal(s) to Group '${input.name}' in ${sent.requests} PATCH request(s)`,
          ),
        );
      }
      if ((added || removed || mplan.forgotten.length > 0) && action === 'other') action = 'update';
      if (sent.error) return failed(ctx, input, 'update', sent.error, { target, modified, apply: save(exported) });
    }
  }
  const warning = unresolved.length > 0;
  if (action === 'other' && !warning && input.link) {
    input.steps.push(processingStep('skipped', 'Group is already up to date in the target'));
    return outcome(input, 'other', { target, apply: save(exported), log: ctx.type !== 'incremental' });
  }
  return outcome(input, action, {
    target,
    modified,
    apply: save(exported),
    ...(warning
      ? {
          status: 'warning' as const,
          error: {
            errorCode: 'UnableToResolveReferenceAttributeValue',
            errorCategory: 'nonServiceFailure' as const,
            reason: `We were unable to assign ${unresolved.map((u) => u.name).join(', ')} as the members of ${input.name}: they are not provisioned in ${ctx.targetSystem}`,
            recommendedAction:
              'Check the log rows of those users (failed, out of scope or not yet provisioned); the group sends them once they exist in the target',
          },
        }
      : {}),
  });
}
