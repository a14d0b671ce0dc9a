/**
 * The app's deprovisioning options, applied to a planned action before anything is sent (entra.md §3.5,
 * §3.6): Target Object Actions (an unticked action is skipped and logged with the reason), skip out-of-scope
 * deletions, and the deletion guard, which holds disables and deletes until the cycle knows their count.
 * Pure: the app's settings and the plan in, a verdict out.
 */
import type { Application } from '../../apps/applications';
import type { Plan } from './plan';

export type Gate = { kind: 'go' } | { kind: 'skip'; reason: string } | { kind: 'hold' };

type GateApp = Pick<Application, 'actionUpdate' | 'actionDelete' | 'skipOutOfScopeDeletions' | 'preventDeletes'>;

/** What to do with a plan given the app's options; `allowDeletes` is set after "Allow deletes". */
export function gateAction(app: GateApp, plan: Plan, allowDeletes: boolean): Gate {
  if (plan.action === 'update' && !app.actionUpdate) {
    const paths = plan.ops.map((o) => o.path).join(', ');
    return {
      kind: 'skip',
      reason: `User differs in ${paths} but is not updated: Update is not ticked in Target Object Actions`,
    };
  }
  if (plan.action !== 'disable' && plan.action !== 'delete') return { kind: 'go' };
  const verb = plan.action === 'disable' ? 'disabled' : 'deleted';
  if (plan.action === 'disable' && app.skipOutOfScopeDeletions) {
    return {
      kind: 'skip',
      reason: 'User left the scope but is not disabled in the target: Skip out-of-scope deletions is on',
    };
  }
  if (!app.actionDelete) {
    return { kind: 'skip', reason: `User is not ${verb} in the target: Delete is not ticked in Target Object Actions` };
  }
  return app.preventDeletes && !allowDeletes ? { kind: 'hold' } : { kind: 'go' };
}

/** The deletion guard's verdict over a cycle's held disables and deletes. */
export function guardTrips(
  app: Pick<Application, 'deleteThreshold' | 'deleteThresholdPercent'>,
  held: number,
  linked: number,
): boolean {
  if (held > app.deleteThreshold) return true;
  const pct = app.deleteThresholdPercent;
  return pct !== null && linked > 0 && (held / linked) * 100 > pct;
}

/** The sentence logged on each held action and used as the quarantine detail. */
export function guardReason(
  app: Pick<Application, 'deleteThreshold' | 'deleteThresholdPercent'>,
  held: number,
  linked: number,
): string {
  const pct =
    app.deleteThresholdPercent === null ? '' : ` or ${app.deleteThresholdPercent} % of ${linked} linked users`;
  return `this cycle would disable or delete ${held} users, over the accidental-deletions threshold (${app.deleteThreshold}${pct}); nothing was disabled or deleted`;
}
