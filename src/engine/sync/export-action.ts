/**
 * The export step for linked users: update, disable or delete in the target over SCIM; an unlinked user goes
 * to `matchOrCreate`. A 404 means the link is stale (someone removed the object in the target): a delete is
 * then already done, a disable has nothing left to disable, and an update re-matches and creates if gone.
 */
import { disableOps } from '../../scim/patch-diff';
import { dropLink, saveLink } from '../connector-store';
import type { CycleContext } from '../context';
import { type ActionInput, failure, isStatus, success } from './action-result';
import { matchOrCreate } from './match-or-create';
import { applyOpsToFlat, patchedProperties } from './patch-baseline';
import type { Outcome } from './record-outcome';
import { matchingStep } from './steps';

export type { ActionInput } from './action-result';

const gone = (ctx: CycleContext, targetId: string, method: string) =>
  `User ${targetId} no longer exists in ${ctx.targetSystem} (HTTP 404 on ${method})`;

/** Carry out a plan; SCIM failures become failure outcomes for the intended action. */
export async function executeAction(ctx: CycleContext, input: ActionInput): Promise<Outcome> {
  const { plan, link, sourceId, name } = input;
  const appId = ctx.app.id;
  const redacted = input.desired?.redacted ?? new Set<string>();
  const drop: Outcome['apply'] = (tx) => dropLink(tx, appId, sourceId);
  if (plan.action === 'delete' && link) {
    let note = '';
    try {
      await input.client.deleteUser(link.targetId);
    } catch (err) {
      if (!isStatus(err, 404)) return failure(ctx, input, 'delete', err);
      note = ` (it was already gone: HTTP 404)`;
    }
    return success(input, 'delete', `Deleted User '${name}' (${link.targetId}) in ${ctx.targetSystem}${note}`, {
      apply: drop,
    });
  }
  if (plan.action === 'disable' && link) {
    const ops = disableOps();
    try {
      await input.client.patchUser(link.targetId, ops);
    } catch (err) {
      if (!isStatus(err, 404)) return failure(ctx, input, 'disable', err);
      // Nothing left to disable; the user is out of scope, so it is not re-created either.
      return success(input, 'disable', `${gone(ctx, link.targetId, 'PATCH')}; the stale link was dropped`, {
        apply: drop,
      });
    }
    const exported = applyOpsToFlat(link.exported, ops);
    return success(input, 'disable', `Disabled User '${name}' in ${ctx.targetSystem} (active set to false)`, {
      modified: patchedProperties(ops, link.exported, redacted),
      apply: (tx, now) => saveLink(tx, appId, sourceId, { targetId: link.targetId, exported, state: 'disabled' }, now),
    });
  }
  if (plan.action === 'update' && link) {
    try {
      await input.client.patchUser(link.targetId, plan.ops);
    } catch (err) {
      if (!isStatus(err, 404)) return failure(ctx, input, 'update', err);
      return rematch(ctx, input, link.targetId);
    }
    const exported = applyOpsToFlat(link.exported, plan.ops);
    return success(
      input,
      'update',
      `Updated User '${name}' in ${ctx.targetSystem}: ${plan.ops.map((o) => o.path).join(', ')}`,
      {
        modified: patchedProperties(plan.ops, link.exported, redacted),
        apply: (tx, now) => saveLink(tx, appId, sourceId, { targetId: link.targetId, exported, state: 'active' }, now),
      },
    );
  }
  return matchOrCreate(ctx, input);
}

/** 404 on an update: forget the stale link, then match again and create if the user is really gone. */
async function rematch(ctx: CycleContext, input: ActionInput, staleId: string): Promise<Outcome> {
  input.steps.push(
    matchingStep('warning', `${gone(ctx, staleId, 'PATCH')}; the stale link was dropped and the user is re-matched`, {
      StaleTargetId: staleId,
    }),
  );
  const outcome = await matchOrCreate(ctx, {
    ...input,
    link: null,
    base: { ...input.base, target: { id: null, displayName: null } },
  });
  // A new link replaces the stale one; any other outcome must still drop it, so the next try re-matches.
  return outcome.apply ? outcome : { ...outcome, apply: (tx) => dropLink(tx, ctx.app.id, input.sourceId) };
}
