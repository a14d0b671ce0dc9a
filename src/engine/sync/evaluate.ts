/**
 * The read-only half of processing one user: import (read the user, its assignment and its link), scope
 * and plan, with the trace steps. Cycles, provision on demand and dry runs all start here, so a dry run
 * plans exactly what a cycle would do. Synchronous reads only; nothing is sent.
 */
import { eq, sql } from 'drizzle-orm';
import { preparedOn } from '../../../db/prepared';
import { users } from '../../../db/schema';
import type { ProvisioningStep } from '../../log/types';
import { SOURCE_SYSTEM } from '../../log/types';
import { applyMappings, type MappedValues } from '../../mapping/apply';
import { parseExpression, referencedAttributes } from '../../mapping/expression/index';
import { evaluateScoping } from '../../mapping/scoping';
import { HUB_USER_ATTRIBUTES, userSource } from '../../mapping/source';
import type { SourceObject } from '../../mapping/types';
import { getLink } from '../connector-store';
import type { CycleContext } from '../context';
import { type EffectiveAssignment, effectiveAssignment } from './effective-assignment';
import { withManagerRef } from './manager-ref';
import { type Link, type Plan, planUser } from './plan';
import type { Outcome } from './record-outcome';
import { evaluateScope, type ScopeResult } from './scope';
import { importDeletedStep, importStep, matchingStep, scopingStep } from './steps';

export type EvalContext = Pick<CycleContext, 'deps' | 'app' | 'mappings' | 'scoping' | 'managedPaths' | 'targetSystem'>;

/** What was read about one user, and the trace so far. */
export interface Subject {
  sourceId: string;
  user: typeof users.$inferSelect | null;
  assignment: EffectiveAssignment | null;
  link: Link | null;
  name: string;
  base: Pick<Outcome, 'source' | 'target'>;
  steps: ProvisioningStep[];
}

export interface Decision {
  scope: ScopeResult | null;
  source: SourceObject | null;
  desired: MappedValues | null;
  plan: Plan;
}

/** Source attributes read by a Redact() mapping: the import step must not show them either. */
function redactedSources(mappings: EvalContext['mappings']): Set<string> {
  const hidden = new Set<string>();
  for (const m of mappings) {
    if (m.type !== 'expression' || !m.expression || !/redact\s*\(/i.test(m.expression)) continue;
    try {
      for (const a of referencedAttributes(parseExpression(m.expression))) hidden.add(a.toLowerCase());
    } catch {
      // An invalid expression fails the object later with its own error; nothing to hide here.
    }
  }
  return hidden;
}

/** The directory attributes shown in the import step (what was read). */
function importDetails(
  user: NonNullable<Subject['user']>,
  assignment: Subject['assignment'],
  hidden: ReadonlySet<string>,
) {
  const details: Record<string, string> = {
    ObjectId: user.id,
    UPN: user.userPrincipalName,
    accountEnabled: String(user.accountEnabled),
    IsSoftDeleted: String(user.deletedAt !== null),
  };
  const optional = {
    displayName: user.displayName,
    mail: user.mail,
    mailNickname: user.mailNickname,
    givenName: user.givenName,
    surname: user.surname,
    jobTitle: user.jobTitle,
    department: user.department,
    employeeId: user.employeeId,
    ...Object.fromEntries(HUB_USER_ATTRIBUTES.map((a) => [a, user[a]])),
  };
  for (const [k, v] of Object.entries(optional)) {
    if (v !== null && v !== '') details[k] = hidden.has(k.toLowerCase()) ? '[Redact]' : v;
  }
  if (assignment) details.appRoleAssignments = assignment.role;
  return details;
}

/** Import: read the user, its assignment to the app and its link. Never throws for a missing user. */
export function loadSubject(ctx: EvalContext, sourceId: string, changeKind: string | null): Subject {
  const { db } = ctx.deps;
  const user =
    preparedOn(db, 'engine.loadSubject.user', () =>
      db
        .select()
        .from(users)
        .where(eq(users.id, sql.placeholder('id')))
        .prepare(),
    ).get({ id: sourceId }) ?? null;
  // Direct or through (nested) groups: one user, one decision, however many ways it is assigned (issue 4).
  const assignment = user ? effectiveAssignment(db, ctx.app.id, sourceId, true) : null;
  const link = getLink(db, ctx.app.id, sourceId);
  const name = user ? (user.displayName ?? user.userPrincipalName) : (link?.exported.userName?.toString() ?? sourceId);
  return {
    sourceId,
    user,
    assignment,
    link,
    name,
    base: {
      source: { id: sourceId, displayName: user?.displayName ?? user?.userPrincipalName ?? null },
      target: { id: link?.targetId ?? null, displayName: (link?.exported.userName as string | undefined) ?? null },
    },
    steps: [
      user
        ? importStep(
            { displayName: name, changeKind },
            importDetails(user, assignment, redactedSources(ctx.mappings)),
            SOURCE_SYSTEM,
          )
        : importDeletedStep(sourceId, SOURCE_SYSTEM),
    ],
  };
}

/** Scope, mapped values and the plan; pushes the scoping (and cached-link matching) steps. May throw on a mapping error. */
export function decide(ctx: EvalContext, s: Subject): Decision {
  const { user, assignment, link } = s;
  const roles = assignment ? assignment.roles : [];
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
  if (scope) s.steps.push(scopingStep(scope));
  if (link) {
    s.steps.push(
      matchingStep('success', `User '${s.name}' is linked to User ${link.targetId} in ${ctx.targetSystem}`, {
        MatchedBy: 'connector data store (link)',
        TargetId: link.targetId,
      }),
    );
  }
  // Outbound, `manager` is the manager's target id in this app (manager-ref.ts).
  const source = user
    ? withManagerRef(ctx.deps.db, ctx.app.id, userSource(user, { inScope: scope?.inScope ?? false, roles }))
    : null;
  const desired = source && scope?.inScope ? applyMappings(ctx.mappings, source, ctx.deps.mappingEnv, 'update') : null;
  const plan = planUser({
    exists: user !== null,
    inScope: scope?.inScope ?? false,
    outOfScopeReason: scope?.reason ?? 'User was deleted',
    link,
    desired: desired?.values ?? null,
    managedPaths: ctx.managedPaths,
  });
  return { scope, source, desired, plan };
}
