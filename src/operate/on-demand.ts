/**
 * Provision on demand (entra.md §3.4): one user through the same steps a cycle takes, now, with the trace
 * shown as Entra shows it. Test Connection runs first and appears in the trace only when it fails (then
 * nothing else runs and no log row is written: the object was not touched). Otherwise the user goes through
 * `processUser`, so the trace is exactly the log row's steps; a disable or delete is not held by the
 * deletion guard (one object, asked for by a person).
 */
import { and, eq } from 'drizzle-orm';
import { connectorObjects, groups, provisioningLog, users } from '../../db/schema';
import { getApplication } from '../apps/applications';
import { transitiveUsers } from '../directory/memberships-repo';
import type { CycleContext, EngineDeps } from '../engine/context';
import { processGroup } from '../engine/groups/process-group';
import { processUser } from '../engine/sync/process-user';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { listRequests } from '../log/requests';
import { rowModifiedProperties, rowSteps } from '../log/row-json';
import type { ModifiedProperty, ProvisioningStep } from '../log/types';
import { operateContext } from './app-context';

export interface OnDemandResult {
  appId: string;
  sourceId: string;
  /** The log row written (its changeId), or null when Test Connection failed. */
  changeId: string | null;
  cycleId: string;
  provisioningAction: string;
  status: 'success' | 'failure' | 'skipped' | 'warning';
  durationMs: number;
  steps: ProvisioningStep[];
  modifiedProperties: ModifiedProperty[];
  error: { errorCode: string; reason: string; recommendedAction: string | null } | null;
  /** The SCIM requests made for the object (method, path, status), in order. */
  requests: { method: string; path: string; status: number | null; durationMs: number }[];
}

function testConnectionStep(message: string, code: string): ProvisioningStep {
  return {
    name: 'TestConnection',
    provisioningStepType: 'import',
    status: 'failure',
    description: `Test connection failed: ${message}`,
    details: { Code: code },
  };
}

/** The failure result of a Test Connection that did not pass (nothing else ran). */
function testFailed(
  base: Pick<OnDemandResult, 'appId' | 'sourceId' | 'cycleId'>,
  message: string,
  code: string,
  ms: number,
): OnDemandResult {
  return {
    ...base,
    changeId: null,
    provisioningAction: 'other',
    status: 'failure',
    durationMs: ms,
    steps: [testConnectionStep(message, code)],
    modifiedProperties: [],
    error: { errorCode: `TestConnection_${code}`, reason: message, recommendedAction: null },
    requests: [],
  };
}

/** The result of one object processed in `ctx`, read back from its log row (the trace is the row's steps). */
function resultOf(ctx: CycleContext, sourceId: string, started: number): OnDemandResult {
  const { db, clock } = ctx.deps;
  const row = db
    .select()
    .from(provisioningLog)
    .where(and(eq(provisioningLog.cycleId, ctx.cycleId), eq(provisioningLog.sourceId, sourceId)))
    .get();
  if (!row) throw new Error(`provision on demand wrote no log row for ${sourceId}`);
  return {
    appId: ctx.app.id,
    sourceId,
    cycleId: ctx.cycleId,
    changeId: row.id,
    provisioningAction: row.provisioningAction,
    status: row.status,
    durationMs: clock.now() - started,
    steps: rowSteps(row),
    modifiedProperties: rowModifiedProperties(row),
    error: row.errorCode
      ? { errorCode: row.errorCode, reason: row.errorReason ?? '', recommendedAction: row.recommendedAction }
      : null,
    requests: listRequests(db, row.id).map((r) => ({
      method: r.method,
      path: r.path,
      status: r.status,
      durationMs: r.durationMs,
    })),
  };
}

/** A user of the directory, or one linked as a user (hard-deleted since): a group id is not a user. */
function isUser(deps: EngineDeps, appId: string, id: string): boolean {
  if (deps.db.select({ id: users.id }).from(users).where(eq(users.id, id)).get()) return true;
  return (
    deps.db
      .select({ id: connectorObjects.sourceId })
      .from(connectorObjects)
      .where(
        and(
          eq(connectorObjects.appId, appId),
          eq(connectorObjects.sourceId, id),
          eq(connectorObjects.objectType, 'user'),
        ),
      )
      .get() !== undefined
  );
}

/** Process users now in `ctx`; a held disable/delete is carried out (a person asked for these objects). */
async function provisionUsers(ctx: CycleContext, ids: readonly string[]): Promise<OnDemandResult[]> {
  const out: OnDemandResult[] = [];
  for (const id of ids) {
    const started = ctx.deps.clock.now();
    await processUser(ctx, id, null);
    for (const h of ctx.held.splice(0)) await h.execute();
    out.push(resultOf(ctx, id, started));
  }
  return out;
}

/** Provision one directory user now and return its trace. */
export async function provisionOnDemand(
  deps: EngineDeps,
  appId: string,
  sourceId: string,
  initiatedBy: CycleContext['initiatedBy'],
): Promise<OnDemandResult> {
  const started = deps.clock.now();
  const ctx = operateContext(deps, getApplication(deps.db, appId), initiatedBy);
  if (!isUser(deps, appId, sourceId)) throw new NotFoundError('User', sourceId);
  const test = await ctx.client.testConnection();
  if (!test.ok)
    return testFailed({ appId, sourceId, cycleId: ctx.cycleId }, test.message, test.code, deps.clock.now() - started);
  const [result] = await provisionUsers(ctx, [sourceId]);
  return { ...(result as OnDemandResult), durationMs: deps.clock.now() - started };
}

/** Entra's limit for a group on demand. */
export const MAX_GROUP_MEMBERS_ON_DEMAND = 5;

/**
 * Provision a group now with up to five of its members (entra.md §3.4): the members first, each with its
 * trace, then the group, whose member references resolve to the members just provisioned (and to any
 * member linked before: the group's members are synchronised as a cycle would).
 */
export async function provisionGroupOnDemand(
  deps: EngineDeps,
  appId: string,
  groupId: string,
  memberIds: readonly string[],
  initiatedBy: CycleContext['initiatedBy'],
): Promise<{ group: OnDemandResult; members: OnDemandResult[] }> {
  const started = deps.clock.now();
  const ctx = operateContext(deps, getApplication(deps.db, appId), initiatedBy);
  if (!deps.db.select({ id: groups.id }).from(groups).where(eq(groups.id, groupId)).get()) {
    throw new NotFoundError('Group', groupId);
  }
  const ids = [...new Set(memberIds)];
  if (ids.length > MAX_GROUP_MEMBERS_ON_DEMAND) {
    throw new ValidationError(`Pick at most ${MAX_GROUP_MEMBERS_ON_DEMAND} members of the group`);
  }
  const members = transitiveUsers(deps.db, groupId);
  const strangers = ids.filter((id) => !members.has(id));
  if (strangers.length > 0) throw new ValidationError(`Not members of the group: ${strangers.join(', ')}`);
  const test = await ctx.client.testConnection();
  if (!test.ok) {
    return {
      group: testFailed(
        { appId, sourceId: groupId, cycleId: ctx.cycleId },
        test.message,
        test.code,
        deps.clock.now() - started,
      ),
      members: [],
    };
  }
  const done = await provisionUsers(ctx, ids);
  const t0 = deps.clock.now();
  await processGroup(ctx, groupId, null);
  return { group: resultOf(ctx, groupId, t0), members: done };
}
