/** The input of a group's export step and the outcomes it ends in (identity type `group`). */
import type { ProvisioningAction, ProvisioningStep } from '../../log/types';
import type { MappedValues } from '../../mapping/apply';
import type { FlatValues } from '../../mapping/types';
import type { CycleContext } from '../context';
import type { Counter } from '../cycle/cycles-repo';
import type { ObjectIo } from '../exchanges';
import { toLogError } from '../sync/log-error';
import type { Link } from '../sync/plan';
import type { Outcome } from '../sync/record-outcome';
import { exportStep } from '../sync/steps';
import type { GroupPlan } from './plan';

/** One group's export: the plan and what it needs, and the client view whose exchanges go in its log row. */
export interface GroupInput extends ObjectIo {
  plan: Exclude<GroupPlan, { action: 'skip' }>;
  link: Link | null;
  sourceId: string;
  name: string;
  base: Pick<Outcome, 'source' | 'target'>;
  steps: ProvisioningStep[];
  desired: MappedValues | null;
  createValues: FlatValues;
  /** False when the app's group mapping has no `members` row. */
  syncMembers: boolean;
}

const COUNTER: Record<'create' | 'update' | 'delete' | 'other', Counter> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  other: 'skipped',
};

export function outcome(
  input: GroupInput,
  action: 'create' | 'update' | 'delete' | 'other',
  rest: Partial<Outcome>,
): Outcome {
  return {
    ...input.base,
    action,
    status: action === 'other' ? 'skipped' : 'success',
    counter: COUNTER[action],
    steps: input.steps,
    modified: [],
    error: null,
    log: true,
    sourceType: 'group',
    ...rest,
  };
}

export function failed(
  ctx: CycleContext,
  input: GroupInput,
  verb: ProvisioningAction,
  err: unknown,
  rest: Partial<Outcome> = {},
) {
  const error = toLogError(err);
  input.steps.push(
    exportStep('failure', `Failed to ${verb} Group '${input.name}' in ${ctx.targetSystem}: ${error.reason}`),
  );
  return outcome(input, verb === 'create' || verb === 'update' || verb === 'delete' ? verb : 'other', {
    status: 'failure',
    counter: 'failed',
    error,
    ...rest,
  });
}
