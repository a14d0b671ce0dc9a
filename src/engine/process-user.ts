/**
 * One user through Entra's steps: import → scope → match → action → export. SCIM calls happen first;
 * the result is then written (link + log row + counters) in one synchronous transaction.
 */
import { and, eq } from 'drizzle-orm';
import { appAssignments, appRoles, users } from '../../db/schema';
import { SOURCE_SYSTEM } from '../log/types';
import { applyMappings } from '../mapping/apply';
import { evaluateScoping } from '../mapping/scoping';
import { userSource } from '../mapping/source';
import type { ScimExchange } from '../scim/client';
import { getLink } from './connector-store';
import type { CycleContext } from './context';
import { collectExchanges } from './exchanges';
import { executeAction } from './export';
import { type Outcome, recordOutcome, toLogError } from './outcome';
import { planUser } from './plan';
import { evaluateScope } from './scope';
import { exportStep, importDeletedStep, importStep, processingStep, scopingStep } from './steps';

/** Read the user, its assignment and its link. Synchronous reads only. */
function load(ctx: CycleContext, sourceId: string) {
  const { db } = ctx.deps;
  const user = db.select().from(users).where(eq(users.id, sourceId)).get() ?? null;
  const assignment = user
    ? (db
        .select({ role: appRoles.displayName, isDefaultAccess: appRoles.isDefaultAccess })
        .from(appAssignments)
        .innerJoin(appRoles, eq(appRoles.id, appAssignments.roleId))
        .where(and(eq(appAssignments.appId, ctx.app.id), eq(appAssignments.principalId, sourceId)))
        .get() ?? null)
    : null;
  return { user, assignment, link: getLink(db, ctx.app.id, sourceId) };
}

/** Process one user; never throws (a failure becomes a failure log row with the exchanges made). */
export function processUser(ctx: CycleContext, sourceId: string, changeKind: string | null): Promise<void> {
  return collectExchanges((exchanges) => processOne(ctx, sourceId, changeKind, exchanges));
}

async function processOne(ctx: CycleContext, sourceId: string, changeKind: string | null, exchanges: ScimExchange[]) {
  const startedAt = ctx.deps.clock.now();
  const { user, assignment, link } = load(ctx, sourceId);
  const name = user ? (user.displayName ?? user.userPrincipalName) : (link?.exported.userName?.toString() ?? sourceId);
  const base = {
    source: { id: sourceId, displayName: user?.displayName ?? user?.userPrincipalName ?? null },
    target: { id: link?.targetId ?? null, displayName: (link?.exported.userName as string | undefined) ?? null },
  };
  const steps = [
    user
      ? importStep(
          { displayName: name, changeKind },
          {
            ObjectId: user.id,
            UPN: user.userPrincipalName,
            accountEnabled: String(user.accountEnabled),
            IsSoftDeleted: String(user.deletedAt !== null),
          },
          SOURCE_SYSTEM,
        )
      : importDeletedStep(sourceId, SOURCE_SYSTEM),
  ];
  try {
    const roles = assignment ? [assignment.role] : [];
    // Scoping filters read the same source object the mappings read.
    const filters =
      user && ctx.scoping.length > 0
        ? evaluateScoping([...ctx.scoping], userSource(user, { inScope: true, roles }))
        : undefined;
    const scope = user
      ? evaluateScope({
          softDeleted: user.deletedAt !== null,
          accountEnabled: user.accountEnabled,
          appScope: ctx.app.scope,
          assignment,
          filters,
        })
      : null;
    if (scope) steps.push(scopingStep(scope));
    const source = user
      ? userSource(user, { inScope: scope?.inScope ?? false, roles: assignment ? [assignment.role] : [] })
      : null;
    const desired =
      source && scope?.inScope ? applyMappings(ctx.mappings, source, ctx.deps.mappingEnv, 'update') : null;
    const plan = planUser({
      exists: user !== null,
      inScope: scope?.inScope ?? false,
      outOfScopeReason: scope?.reason ?? 'User was deleted',
      link,
      desired: desired?.values ?? null,
      managedPaths: ctx.managedPaths,
    });
    if (plan.action === 'skip') {
      steps.push(processingStep('skipped', plan.reason));
      const outcome: Outcome = {
        ...base,
        action: 'other',
        status: 'skipped',
        counter: 'skipped',
        steps,
        modified: [],
        error: null,
        log: ctx.type === 'initial',
      };
      recordOutcome(ctx, outcome, startedAt, exchanges);
      return;
    }
    const outcome = await executeAction(ctx, { plan, link, source, desired, sourceId, name, base, steps });
    recordOutcome(ctx, outcome, startedAt, exchanges);
  } catch (err) {
    const error = toLogError(err);
    steps.push(exportStep('failure', `Failed to process User '${name}': ${error.reason}`));
    ctx.deps.logger.warn({ appId: ctx.app.id, cycleId: ctx.cycleId, sourceId, code: error.errorCode }, 'user failed');
    recordOutcome(
      ctx,
      { ...base, action: 'other', status: 'failure', counter: 'failed', steps, modified: [], error, log: true },
      startedAt,
      exchanges,
    );
  }
}
