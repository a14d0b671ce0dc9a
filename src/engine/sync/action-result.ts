/** Shared by the export files: the action input, and success / failure / skip outcomes with their steps. */
import type { ProvisioningAction, ProvisioningStep } from '../../log/types';
import type { MappedValues } from '../../mapping/apply';
import type { SourceObject } from '../../mapping/types';
import { ScimError } from '../../scim/scim-error';
import type { CycleContext } from '../context';
import type { Counter } from '../cycle/cycles-repo';
import type { ObjectIo } from '../exchanges';
import { toLogError } from './log-error';
import type { Link, Plan } from './plan';
import type { Outcome } from './record-outcome';
import { exportStep, processingStep } from './steps';

/** One user's action: what to do, and the client view whose exchanges go in its log row (`ObjectIo`). */
export interface ActionInput extends ObjectIo {
  plan: Exclude<Plan, { action: 'skip' }>;
  link: Link | null;
  source: SourceObject | null;
  desired: MappedValues | null;
  sourceId: string;
  name: string;
  base: Pick<Outcome, 'source' | 'target'>;
  steps: ProvisioningStep[];
}

export type Verb = 'create' | 'update' | 'disable' | 'delete';

const VERB: Record<Verb, [ProvisioningAction, Counter]> = {
  create: ['create', 'created'],
  update: ['update', 'updated'],
  disable: ['disable', 'disabled'],
  delete: ['delete', 'deleted'],
};

/** A SCIM failure (or an engine one) as the failure outcome of the intended action. */
export function failure(ctx: CycleContext, input: ActionInput, verb: Verb, err: unknown, rest: Partial<Outcome> = {}) {
  const error = toLogError(err);
  input.steps.push(
    exportStep(
      'failure',
      `Failed to ${verb} User '${input.name}' in ${ctx.targetSystem}: ${error.reason}`,
      attemptedDetails(input, verb),
    ),
  );
  const outcome: Outcome = {
    ...input.base,
    action: VERB[verb][0],
    status: 'failure',
    counter: 'failed',
    steps: input.steps,
    modified: [],
    error,
    log: true,
    ...rest,
  };
  return outcome;
}

/** Request, response status and the names (not values) of the attributes a failed write carried. */
function attemptedDetails(input: ActionInput, verb: Verb): Record<string, string> {
  const details = input.exchanges.lastWriteDetails();
  if (!details.Request) return details;
  const names =
    input.plan.action === 'update'
      ? input.plan.ops.map((o) => o.path ?? '')
      : verb === 'create'
        ? Object.keys(input.desired?.values ?? {})
        : [];
  if (names.length > 0) details.AttributesAttempted = names.join(', ');
  return details;
}

/** The success outcome of an action, with its export step. */
export function success(input: ActionInput, verb: Verb, description: string, rest: Partial<Outcome>): Outcome {
  const [action, counter] = VERB[verb];
  const sent = rest.modified ?? [];
  const details = input.exchanges.lastWriteDetails();
  if (sent.length > 0)
    details.AttributesSent = sent.map((p) => `${p.displayName}=${p.newValue ?? '(removed)'}`).join('; ');
  input.steps.push(exportStep('success', description, details));
  return {
    ...input.base,
    action,
    status: 'success',
    counter,
    steps: input.steps,
    modified: [],
    error: null,
    log: true,
    ...rest,
  };
}

/** A skipped outcome (action `other`, nothing modified); logged unless `rest` says otherwise. */
export function skippedOutcome(
  base: ActionInput['base'],
  steps: ActionInput['steps'],
  rest: Partial<Outcome> = {},
): Outcome {
  return {
    ...base,
    action: 'other',
    status: 'skipped',
    counter: 'skipped',
    steps,
    modified: [],
    error: null,
    log: true,
    ...rest,
  };
}

/** A skip that is always logged (unlike "nothing to do"): an option of the app stopped the action. */
export function optionSkip(input: Pick<ActionInput, 'base' | 'steps'>, reason: string, rest: Partial<Outcome> = {}) {
  input.steps.push(processingStep('skipped', reason));
  return skippedOutcome(input.base, input.steps, rest);
}

/** True for the target's answer `status` (e.g. 404 on a PATCH, 409 on a POST). */
export function isStatus(err: unknown, status: number): err is ScimError {
  return err instanceof ScimError && err.failure === 'http' && err.status === status;
}
