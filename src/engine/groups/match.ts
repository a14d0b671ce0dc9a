/**
 * An unlinked group: query the target by displayName (`GET /Groups?excludedAttributes=members&filter=...`),
 * adopt a single hit, or create the group without members (Entra's shape, entra.md §5.4).
 */
import type { ModifiedProperty } from '../../log/types';
import { eqFilter } from '../../scim/filter';
import { buildResource, flattenResource } from '../../scim/resource-builder';
import { sourceLinkedTo } from '../connector-store';
import type { CycleContext } from '../context';
import { createdProperties } from '../sync/patch-baseline';
import type { Link } from '../sync/plan';
import type { Outcome } from '../sync/record-outcome';
import { exportStep, matchingStep, processingStep } from '../sync/steps';
import { failed, type GroupInput, outcome } from './outcome';

/** Entra's Group schema extension, listed on create as Entra sends it (entra.md §5.4). */
const AD_GROUP_SCHEMA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

export type Found =
  | { kind: 'link'; link: Link; action: 'create' | 'other'; modified: ModifiedProperty[] }
  | { kind: 'end'; outcome: Outcome };

/** Query the target by displayName; adopt a hit, else create the group without members. */
export async function matchOrCreate(ctx: CycleContext, input: GroupInput): Promise<Found> {
  const values = input.desired?.values ?? {};
  const displayName = values.displayName;
  if (typeof displayName !== 'string') {
    input.steps.push(matchingStep('skipped', 'Group has no displayName, so it cannot be matched or created'));
    return { kind: 'end', outcome: outcome(input, 'other', {}) };
  }
  const find = () => input.client.findGroups(eqFilter('displayName', displayName));
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
    const created = await input.client.createGroup(
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
