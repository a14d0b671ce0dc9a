/**
 * The export step of a group: match by displayName (`GET /Groups?excludedAttributes=members&filter=...`),
 * adopt or create (without members), PATCH changed attributes, then send the member delta. A delete or an
 * unassignment is a DELETE. Each path ends in one Outcome whose `apply` saves what the target now holds.
 */
import type { ModifiedProperty, ProvisioningAction, ProvisioningStep } from '../log/types';
import type { MappedValues } from '../mapping/apply';
import type { FlatValues } from '../mapping/types';
import { eqFilter } from '../scim/filter';
import { diffForPatch } from '../scim/patch-diff';
import { buildResource, flattenResource } from '../scim/resource-builder';
import { dropLink, saveLink, sourceLinkedTo } from './connector-store';
import type { CycleContext } from './context';
import type { Counter } from './cycles-repo';
import { isStatus } from './export-result';
import { desiredMembers, membersAfter, planMembers, type Ref, sendMemberDelta } from './group-members';
import { exportedMembers, type GroupPlan } from './group-plan';
import { referenceStep } from './group-steps';
import { applyOpsToFlat, createdProperties, type Outcome, patchedProperties, toLogError } from './outcome';
import type { Link } from './plan';
import { exportStep, matchingStep, processingStep } from './steps';

/** Entra's Group schema extension, listed on create as Entra sends it (entra.md §5.4). */
const AD_GROUP_SCHEMA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

export interface GroupInput {
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

function outcome(input: GroupInput, action: 'create' | 'update' | 'delete' | 'other', rest: Partial<Outcome>): Outcome {
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

function failed(
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
    await ctx.client.deleteGroup(link.targetId);
  } catch (err) {
    if (!isStatus(err, 404)) return failed(ctx, input, 'delete', err);
    note = ' (it was already gone: HTTP 404)';
  }
  input.steps.push(
    exportStep('success', `Deleted Group '${input.name}' (${link.targetId}) in ${ctx.targetSystem} (${why})${note}`),
  );
  return outcome(input, 'delete', { apply: (tx) => dropLink(tx, app.id, input.sourceId) });
}

type Found =
  | { kind: 'link'; link: Link; action: 'create' | 'other'; modified: ModifiedProperty[] }
  | { kind: 'end'; outcome: Outcome };

/** Query the target by displayName; adopt a hit, else create the group without members. */
async function matchOrCreate(ctx: CycleContext, input: GroupInput): Promise<Found> {
  const values = input.desired?.values ?? {};
  const displayName = values.displayName;
  if (typeof displayName !== 'string') {
    input.steps.push(matchingStep('skipped', 'Group has no displayName, so it cannot be matched or created'));
    return { kind: 'end', outcome: outcome(input, 'other', {}) };
  }
  const find = () => ctx.client.findGroups(eqFilter('displayName', displayName));
  let found: Awaited<ReturnType<typeof find>>;
  try {
    found = await find();
  } catch (err) {
    return { kind: 'end', outcome: failed(ctx, input, 'create', err) };
  }
  if (found.length > 1) {
    return {
      kind: 'end',
      outcome: failed(ctx, input, 'create', {
        code: 'DuplicateTargetEntries',
        message: `${found.length} target Groups have displayName '${displayName}'`,
      }),
    };
  }
  const hit = found[0];
  if (hit) {
    const owner = sourceLinkedTo(ctx.deps.db, ctx.app.id, hit.id);
    if (owner && owner !== input.sourceId) {
      return {
        kind: 'end',
        outcome: failed(ctx, input, 'create', {
          code: 'DuplicateSourceEntries',
          message: `Group ${hit.id} in ${ctx.targetSystem} is already linked to source group ${owner}`,
        }),
      };
    }
    input.steps.push(
      matchingStep('success', `Group '${input.name}' matched Group ${hit.id} in ${ctx.targetSystem} by displayName`),
    );
    // Members were not read (excludedAttributes=members): adds are idempotent, so all wanted members are sent.
    const exported = { ...flattenResource(hit, Object.keys(values)), members: [] as string[] };
    return { kind: 'link', link: { targetId: hit.id, exported, state: 'active' }, action: 'other', modified: [] };
  }
  if (!ctx.app.actionCreate) {
    input.steps.push(
      processingStep('skipped', `Group '${input.name}' is not created: Create is not ticked in Target Object Actions`),
    );
    return { kind: 'end', outcome: outcome(input, 'other', {}) };
  }
  input.steps.push(
    matchingStep(
      'success',
      `Group '${input.name}' will be created in ${ctx.targetSystem} (no Group named '${displayName}' was found)`,
    ),
  );
  try {
    const created = await ctx.client.createGroup(
      buildResource(input.createValues, 'Group', { extraSchemas: [AD_GROUP_SCHEMA] }),
    );
    input.steps.push(
      exportStep('success', `Created Group '${input.name}' in ${ctx.targetSystem} with id ${created.id}`),
    );
    return {
      kind: 'link',
      link: { targetId: created.id, exported: { ...input.createValues, members: [] }, state: 'active' },
      action: 'create',
      modified: createdProperties(input.createValues, new Set()),
    };
  } catch (err) {
    return { kind: 'end', outcome: failed(ctx, input, 'create', err) };
  }
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
      await ctx.client.patchGroup(link.targetId, ops);
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
      const sent = await sendMemberDelta(ctx, link.targetId, mplan);
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
    return outcome(input, 'other', { target, apply: save(exported), log: ctx.type === 'initial' });
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
