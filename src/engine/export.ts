/** The export step: match, create, update, disable or delete in the target over SCIM. */

import type { ProvisioningAction, ProvisioningStep } from '../log/types';
import { applyMappings, type MappedValues } from '../mapping/apply';
import { matchingMappings } from '../mapping/default-mappings';
import type { FlatValues, SourceObject } from '../mapping/types';
import { eqFilter } from '../scim/filter';
import { diffForPatch, disableOps } from '../scim/patch-diff';
import { buildResource, flattenResource } from '../scim/resource-builder';
import { dropLink, saveLink, sourceLinkedTo } from './connector-store';
import type { CycleContext } from './context';
import type { Counter } from './cycles-repo';
import { applyOpsToFlat, createdProperties, type Outcome, patchedProperties, toLogError } from './outcome';
import { type Link, type Plan, pickPaths } from './plan';
import { exportStep, matchingStep } from './steps';

export interface ActionInput {
  plan: Exclude<Plan, { action: 'skip' }>;
  link: Link | null;
  source: SourceObject | null;
  desired: MappedValues | null;
  sourceId: string;
  name: string;
  base: Pick<Outcome, 'source' | 'target'>;
  steps: ProvisioningStep[];
}

const VERB: Record<string, [ProvisioningAction, Counter, string]> = {
  create: ['create', 'created', 'create'],
  update: ['update', 'updated', 'update'],
  disable: ['disable', 'disabled', 'disable'],
  delete: ['delete', 'deleted', 'delete'],
};

function failure(ctx: CycleContext, input: ActionInput, verb: string, err: unknown): Outcome {
  const error = toLogError(err);
  const [action] = VERB[verb] ?? ['other'];
  input.steps.push(
    exportStep('failure', `Failed to ${verb} User '${input.name}' in ${ctx.targetSystem}: ${error.reason}`),
  );
  return {
    ...input.base,
    action,
    status: 'failure',
    counter: 'failed',
    steps: input.steps,
    modified: [],
    error,
    log: true,
  };
}

function success(input: ActionInput, verb: keyof typeof VERB, description: string, rest: Partial<Outcome>): Outcome {
  const [action, counter] = VERB[verb] ?? ['other', 'skipped'];
  input.steps.push(exportStep('success', description));
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

/** Query the target by each matching attribute in precedence order; the first single hit wins. */
async function match(ctx: CycleContext, input: ActionInput, values: FlatValues) {
  const tried: string[] = [];
  for (const m of matchingMappings(ctx.mappings)) {
    const value = values[m.target];
    if (value === undefined || Array.isArray(value)) continue;
    tried.push(`${m.target} '${value}'`);
    const found = await ctx.client.findUsers(eqFilter(m.target, String(value)));
    if (found.length > 1) {
      input.steps.push(
        matchingStep('failure', `${found.length} Users in ${ctx.targetSystem} have ${m.target} '${value}'`),
      );
      return { kind: 'duplicate' as const, attribute: m.target, count: found.length };
    }
    const hit = found[0];
    if (hit) {
      const owner = sourceLinkedTo(ctx.deps.db, ctx.app.id, hit.id);
      if (owner && owner !== input.sourceId) {
        input.steps.push(
          matchingStep('failure', `User ${hit.id} in ${ctx.targetSystem} is already linked to source object ${owner}`),
        );
        return { kind: 'duplicate_source' as const, attribute: m.target, value: String(value), owner };
      }
      input.steps.push(
        matchingStep(
          'success',
          `User '${input.name}' matched User ${hit.id} in ${ctx.targetSystem} by ${m.target} '${value}'`,
          {
            [m.target]: String(value),
          },
        ),
      );
      return { kind: 'found' as const, resource: hit };
    }
  }
  return tried.length === 0 ? { kind: 'no_value' as const } : { kind: 'none' as const, tried };
}

/** Carry out a plan; SCIM failures become failure outcomes for the intended action. */
export async function executeAction(ctx: CycleContext, input: ActionInput): Promise<Outcome> {
  const { plan, link, sourceId, name } = input;
  const appId = ctx.app.id;
  const redacted = input.desired?.redacted ?? new Set<string>();
  if (plan.action === 'delete' && link) {
    try {
      await ctx.client.deleteUser(link.targetId);
    } catch (err) {
      return failure(ctx, input, 'delete', err);
    }
    return success(input, 'delete', `Deleted User '${name}' (${link.targetId}) in ${ctx.targetSystem}`, {
      apply: (tx) => dropLink(tx, appId, sourceId),
    });
  }
  if (plan.action === 'disable' && link) {
    const ops = disableOps();
    try {
      await ctx.client.patchUser(link.targetId, ops);
    } catch (err) {
      return failure(ctx, input, 'disable', err);
    }
    const exported = applyOpsToFlat(link.exported, ops);
    return success(input, 'disable', `Disabled User '${name}' in ${ctx.targetSystem} (active set to false)`, {
      modified: patchedProperties(ops, link.exported, redacted),
      apply: (tx, now) => saveLink(tx, appId, sourceId, { targetId: link.targetId, exported, state: 'disabled' }, now),
    });
  }
  if (plan.action === 'update' && link) {
    try {
      await ctx.client.patchUser(link.targetId, plan.ops);
    } catch (err) {
      return failure(ctx, input, 'update', err);
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
  // plan.action === 'match': an in-scope user without a link.
  const createValues = applyMappings(ctx.mappings, input.source ?? {}, ctx.deps.mappingEnv, 'create');
  let found: Awaited<ReturnType<typeof match>>;
  try {
    found = await match(ctx, input, input.desired?.values ?? createValues.values);
  } catch (err) {
    return failure(ctx, input, 'create', err);
  }
  if (found.kind === 'duplicate') {
    return failure(ctx, input, 'update', {
      code: 'DuplicateTargetEntries',
      message: `${found.count} target Users match ${found.attribute}; Provisio cannot tell which one is this user`,
    });
  }
  if (found.kind === 'duplicate_source') {
    return failure(ctx, input, 'create', {
      code: 'DuplicateSourceEntries',
      message: `Another source User (${found.owner}) has the same ${found.attribute} '${found.value}' and is already linked to that target User`,
    });
  }
  if (found.kind === 'no_value') {
    const reason = `User has no value for any matching attribute (${matchingMappings(ctx.mappings)
      .map((m) => m.target)
      .join(', ')}), so it cannot be matched or created`;
    input.steps.push(matchingStep('skipped', reason));
    return {
      ...input.base,
      action: 'other',
      status: 'skipped',
      counter: 'skipped',
      steps: input.steps,
      modified: [],
      error: {
        errorCode: 'ImportSkipped',
        errorCategory: 'nonServiceFailure',
        reason,
        recommendedAction:
          'Give the user a value for the matching attribute, or change the matching attributes in the mappings',
      },
      log: true,
    };
  }
  if (found.kind === 'found') return adopt(ctx, input, found.resource);
  input.steps.push(
    matchingStep(
      'success',
      `User '${name}' will be created in ${ctx.targetSystem} (User is active and assigned, but no matching User was found in ${ctx.targetSystem})`,
      { 'Matching attributes tried': found.kind === 'none' ? found.tried.join(', ') : '' },
    ),
  );
  let created: { id: string };
  try {
    created = await ctx.client.createUser(buildResource(createValues.values, 'User'));
  } catch (err) {
    return failure(ctx, input, 'create', err);
  }
  return success(input, 'create', `Created User '${name}' in ${ctx.targetSystem} with id ${created.id}`, {
    target: { id: created.id, displayName: (createValues.values.userName as string | undefined) ?? null },
    modified: createdProperties(createValues.values, createValues.redacted),
    apply: (tx, now) =>
      saveLink(tx, appId, sourceId, { targetId: created.id, exported: createValues.values, state: 'active' }, now),
  });
}

/** Link to an existing target user, then PATCH whatever differs from the mapped values. */
async function adopt(
  ctx: CycleContext,
  input: ActionInput,
  resource: Record<string, unknown> & { id: string },
): Promise<Outcome> {
  const desired = input.desired?.values ?? {};
  const current = flattenResource(resource, [...ctx.managedPaths]);
  const ops = diffForPatch(pickPaths(current, ctx.managedPaths), desired);
  const link = { targetId: resource.id, exported: { ...current, ...desired }, state: 'active' as const };
  const target = { id: resource.id, displayName: (desired.userName as string | undefined) ?? null };
  const apply = (tx: Parameters<NonNullable<Outcome['apply']>>[0], now: number) =>
    saveLink(tx, ctx.app.id, input.sourceId, link, now);
  if (ops.length === 0) {
    input.steps.push(
      exportStep('skipped', `User '${input.name}' already matches ${ctx.targetSystem}; linked without changes`),
    );
    return {
      ...input.base,
      target,
      action: 'other',
      status: 'skipped',
      counter: 'skipped',
      steps: input.steps,
      modified: [],
      error: null,
      log: true,
      apply,
    };
  }
  try {
    await ctx.client.patchUser(resource.id, ops);
  } catch (err) {
    return failure(ctx, input, 'update', err);
  }
  return success(
    input,
    'update',
    `Updated matched User '${input.name}' in ${ctx.targetSystem}: ${ops.map((o) => o.path).join(', ')}`,
    {
      target,
      modified: patchedProperties(ops, current, input.desired?.redacted ?? new Set()),
      apply,
    },
  );
}
