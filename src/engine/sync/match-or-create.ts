/**
 * The export step for an in-scope user without a link: query the target by the matching attributes, adopt
 * what is found, create what is not. A 409 on the create means the target has the user after all (created
 * by an earlier attempt that crashed before its transaction, or by someone else): query again and adopt,
 * so a retry converges instead of failing forever.
 */
import { applyMappings } from '../../mapping/apply';
import { matchingMappings } from '../../mapping/default-mappings';
import type { FlatValues } from '../../mapping/types';
import { eqFilter } from '../../scim/filter';
import { diffForPatch } from '../../scim/patch-diff';
import { buildResource, flattenResource } from '../../scim/resource-builder';
import { saveLink, sourceLinkedTo } from '../connector-store';
import type { CycleContext } from '../context';
import { type ActionInput, failure, isStatus, optionSkip, skippedOutcome, success } from './action-result';
import { createdProperties, patchedProperties } from './patch-baseline';
import { pickPaths } from './plan';
import type { Outcome } from './record-outcome';
import { chooseUniqueValues } from './select-unique';
import { exportStep, matchingStep } from './steps';

/**
 * Query the target by each matching attribute in precedence order; the first single hit wins. The matching
 * step lists each attribute tried and what came back. Read-only: dry runs use it too.
 */
export async function match(ctx: CycleContext, input: ActionInput, values: FlatValues) {
  const tried: string[] = [];
  for (const m of matchingMappings(ctx.mappings)) {
    const value = values[m.target];
    if (value === undefined || Array.isArray(value)) continue;
    tried.push(`${m.target} '${value}'`);
    const found = await input.client.findUsers(eqFilter(m.target, String(value)));
    if (found.length > 1) {
      input.steps.push(
        matchingStep('failure', `${found.length} Users in ${ctx.targetSystem} have ${m.target} '${value}'`),
      );
      return { kind: 'duplicate' as const, attribute: m.target, count: found.length };
    }
    const hit = found[0];
    if (!hit) tried[tried.length - 1] += ': 0 matches';
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
          { 'Matching attributes tried': [...tried.slice(0, -1), `${tried.at(-1)}: 1 match (${hit.id})`].join(', ') },
        ),
      );
      return { kind: 'found' as const, resource: hit };
    }
  }
  return tried.length === 0 ? { kind: 'no_value' as const } : { kind: 'none' as const, tried };
}

type Matched = Awaited<ReturnType<typeof match>>;

/** Outcomes for the match results that end the action (duplicates, no value), or null to go on. */
function matchProblem(ctx: CycleContext, input: ActionInput, found: Matched): Outcome | null {
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
  if (found.kind !== 'no_value') return null;
  const reason = `User has no value for any matching attribute (${matchingMappings(ctx.mappings)
    .map((m) => m.target)
    .join(', ')}), so it cannot be matched or created`;
  input.steps.push(matchingStep('skipped', reason));
  return skippedOutcome(input.base, input.steps, {
    error: {
      errorCode: 'ImportSkipped',
      errorCategory: 'nonServiceFailure',
      reason,
      recommendedAction:
        'Give the user a value for the matching attribute, or change the matching attributes in the mappings',
    },
  });
}

/** Match, then adopt or create (the `match` plan). */
export async function matchOrCreate(ctx: CycleContext, input: ActionInput): Promise<Outcome> {
  const { sourceId, name } = input;
  const createValues = applyMappings(ctx.mappings, input.source ?? {}, ctx.deps.mappingEnv, 'create');
  const matchValues = input.desired?.values ?? createValues.values;
  let found: Matched;
  try {
    found = await match(ctx, input, matchValues);
  } catch (err) {
    return failure(ctx, input, 'create', err);
  }
  const problem = matchProblem(ctx, input, found);
  if (problem) return problem;
  if (found.kind === 'found') return adopt(ctx, input, found.resource);
  if (!ctx.app.actionCreate) {
    return optionSkip(
      input,
      `User '${name}' was not found in ${ctx.targetSystem} and is not created: Create is not ticked in Target Object Actions`,
    );
  }
  input.steps.push(
    matchingStep(
      'success',
      `User '${name}' will be created in ${ctx.targetSystem} (User is active and assigned, but no matching User was found in ${ctx.targetSystem})`,
      { 'Matching attributes tried': found.kind === 'none' ? found.tried.join(', ') : '' },
    ),
  );
  const notUnique = await chooseUniqueValues(ctx, input, createValues);
  if (notUnique) return notUnique;
  let created: { id: string };
  try {
    created = await input.client.createUser(buildResource(createValues.values, 'User'));
  } catch (err) {
    if (isStatus(err, 409)) return adoptAfterConflict(ctx, input, matchValues, err);
    return failure(ctx, input, 'create', err);
  }
  return success(input, 'create', `Created User '${name}' in ${ctx.targetSystem} with id ${created.id}`, {
    target: { id: created.id, displayName: (createValues.values.userName as string | undefined) ?? null },
    modified: createdProperties(createValues.values, createValues.redacted),
    apply: (tx, now) =>
      saveLink(tx, ctx.app.id, sourceId, { targetId: created.id, exported: createValues.values, state: 'active' }, now),
  });
}

/** 409 on create: the user exists after all. Query by the matching attributes again and adopt the hit. */
async function adoptAfterConflict(ctx: CycleContext, input: ActionInput, values: FlatValues, conflict: unknown) {
  input.steps.push(
    matchingStep(
      'warning',
      `${ctx.targetSystem} answered 409 Conflict to the create: a User with the same unique value exists; querying by the matching attributes to adopt it`,
    ),
  );
  let found: Matched;
  try {
    found = await match(ctx, input, values);
  } catch (err) {
    return failure(ctx, input, 'create', err);
  }
  if (found.kind !== 'found') return matchProblem(ctx, input, found) ?? failure(ctx, input, 'create', conflict);
  input.steps.push(
    matchingStep('success', `Adopted the existing User ${found.resource.id} after 409 Conflict`, {
      AdoptedAfterConflict: 'true',
    }),
  );
  return adopt(ctx, input, found.resource);
}

/** Link to an existing target user, then PATCH whatever differs from the mapped values. */
async function adopt(ctx: CycleContext, input: ActionInput, resource: Record<string, unknown> & { id: string }) {
  const desired = input.desired?.values ?? {};
  const current = flattenResource(resource, [...ctx.managedPaths]);
  const ops = diffForPatch(pickPaths(current, ctx.managedPaths), desired);
  const target = { id: resource.id, displayName: (desired.userName as string | undefined) ?? null };
  const link = { targetId: resource.id, exported: { ...current, ...desired }, state: 'active' as const };
  const apply: Outcome['apply'] = (tx, now) => saveLink(tx, ctx.app.id, input.sourceId, link, now);
  if (ops.length > 0 && !ctx.app.actionUpdate) {
    // Linked as the target holds it, so a later update (once ticked) sends the difference.
    const asIs = { ...link, exported: current };
    return optionSkip(
      input,
      `User '${input.name}' matched User ${resource.id} but differs in ${ops.map((o) => o.path).join(', ')}; not updated: Update is not ticked in Target Object Actions`,
      { target, apply: (tx, now) => saveLink(tx, ctx.app.id, input.sourceId, asIs, now) },
    );
  }
  if (ops.length === 0) {
    input.steps.push(
      exportStep('skipped', `User '${input.name}' already matches ${ctx.targetSystem}; linked without changes`),
    );
    return skippedOutcome(input.base, input.steps, { target, apply });
  }
  try {
    await input.client.patchUser(resource.id, ops);
  } catch (err) {
    return failure(ctx, input, 'update', err);
  }
  return success(
    input,
    'update',
    `Updated matched User '${input.name}' in ${ctx.targetSystem}: ${ops.map((o) => o.path).join(', ')}`,
    { target, modified: patchedProperties(ops, current, input.desired?.redacted ?? new Set()), apply },
  );
}
