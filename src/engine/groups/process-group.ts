/**
 * One group through Entra's steps: import → scope → match (displayName) → action → referenceResolution →
 * export. Groups run after the cycle's users, so members created in this cycle resolve. Attribute changes
 * (rename) are a PATCH replace; members travel as chunked add/remove deltas; delete/unassign is a DELETE.
 * As for users, SCIM calls come first, then a group commit records link + log row + counters (awaited).
 */
import { and, eq } from 'drizzle-orm';
import { appAssignments, appRoles, groups } from '../../../db/schema';
import { mappingsOf, scopingOf } from '../../apps/mappings';
import { SOURCE_SYSTEM } from '../../log/types';
import { applyMappings } from '../../mapping/apply';
import { evaluateScoping } from '../../mapping/scoping';
import { getLink } from '../connector-store';
import type { CycleContext } from '../context';
import { type ObjectIo, recordingIo } from '../exchanges';
import { withIntents } from '../intents/intent-client';
import { skippedOutcome } from '../sync/action-result';
import { toLogError } from '../sync/log-error';
import { watchAuth } from '../sync/process-user';
import { type Outcome, recordOutcome } from '../sync/record-outcome';
import { exportStep, processingStep } from '../sync/steps';
import { exportGroup, type GroupInput } from './export';
import { planGroup } from './plan';
import { groupImportStep, groupScope, groupScopingStep, groupSource, withGroupFilters } from './steps';

function load(ctx: CycleContext, sourceId: string) {
  const { db } = ctx.deps;
  const group = db.select().from(groups).where(eq(groups.id, sourceId)).get() ?? null;
  const assignment = group
    ? (db
        .select({ role: appRoles.displayName, isDefaultAccess: appRoles.isDefaultAccess })
        .from(appAssignments)
        .innerJoin(appRoles, eq(appRoles.id, appAssignments.roleId))
        .where(and(eq(appAssignments.appId, ctx.app.id), eq(appAssignments.principalId, sourceId)))
        .get() ?? null)
    : null;
  return { group, assignment, link: getLink(db, ctx.app.id, sourceId) };
}

/** Process one group; never throws (a failure becomes a failure log row with the exchanges made). */
export async function processGroup(ctx: CycleContext, sourceId: string, changeKind: string | null): Promise<void> {
  const io = recordingIo(ctx.client);
  await groupOne(ctx, sourceId, changeKind, io);
  watchAuth(ctx, io.exchanges.all);
}

async function groupOne(ctx: CycleContext, sourceId: string, changeKind: string | null, plain: ObjectIo) {
  const exchanges = plain.exchanges.all;
  const startedAt = ctx.deps.clock.now();
  const { group, assignment, link } = load(ctx, sourceId);
  const linkedName = typeof link?.exported.displayName === 'string' ? link.exported.displayName : null;
  const name = group?.displayName ?? linkedName ?? sourceId;
  const base = {
    source: { id: sourceId, displayName: group?.displayName ?? linkedName },
    target: { id: link?.targetId ?? null, displayName: linkedName },
  };
  const steps = [groupImportStep(group, sourceId, changeKind, SOURCE_SYSTEM)];
  const io = withIntents(ctx, plain, { objectType: 'group', sourceId, name });
  try {
    const filters = scopingOf(ctx.app, 'group');
    const scope = withGroupFilters(
      groupScope(group, ctx.app.scope, assignment),
      group && filters.length > 0 ? evaluateScoping(filters, groupSource(group, true)) : null,
    );
    if (group) steps.push(groupScopingStep(scope));
    const mappings = mappingsOf(ctx.app, 'group').filter((m) => m.type !== 'none');
    const attributeMappings = mappings.filter((m) => m.target !== 'members');
    const source = group ? groupSource(group, scope.inScope) : null;
    const desired =
      source && scope.inScope ? applyMappings(attributeMappings, source, ctx.deps.mappingEnv, 'update') : null;
    const plan = planGroup({
      exists: group !== null,
      inScope: scope.inScope,
      outOfScopeReason: scope.reason,
      link,
      desired: desired?.values ?? null,
    });
    if (plan.action === 'skip') {
      steps.push(processingStep('skipped', plan.reason));
      const outcome = skippedOutcome(base, steps, { log: ctx.type !== 'incremental', sourceType: 'group' });
      return await recordOutcome(ctx, outcome, startedAt, exchanges);
    }
    const input: GroupInput = {
      plan,
      link,
      sourceId,
      name,
      base,
      steps,
      desired,
      createValues: source ? applyMappings(attributeMappings, source, ctx.deps.mappingEnv, 'create').values : {},
      syncMembers: mappings.some((m) => m.target === 'members'),
      ...io,
    };
    await recordOutcome(ctx, await exportGroup(ctx, input), startedAt, exchanges, io.intents);
  } catch (err) {
    const error = toLogError(err);
    steps.push(exportStep('failure', `Failed to process Group '${name}': ${error.reason}`));
    const outcome: Outcome = {
      ...base,
      action: 'other',
      status: 'failure',
      counter: 'failed',
      steps,
      modified: [],
      error,
      log: true,
      sourceType: 'group',
    };
    await recordOutcome(ctx, outcome, startedAt, exchanges, io.intents);
  }
}
