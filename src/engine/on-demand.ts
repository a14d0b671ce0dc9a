/**
 * Provision on demand (entra.md §3.4): one user through the same steps a cycle takes, now, with the trace
 * shown as Entra shows it. Test Connection runs first and appears in the trace only when it fails (then
 * nothing else runs and no log row is written: the object was not touched). Otherwise the user goes through
 * `processUser`, so the trace is exactly the log row's steps; a disable or delete is not held by the
 * deletion guard (one object, asked for by a person).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { provisioningLog, users } from '../../db/schema';
import { getApplication } from '../apps/applications';
import { listUsers } from '../directory/users';
import { NotFoundError } from '../errors';
import { listRequests } from '../log/requests';
import { rowModifiedProperties, rowSteps } from '../log/row-json';
import type { ModifiedProperty, ProvisioningStep } from '../log/types';
import { getLink } from './connector-store';
import type { CycleContext, EngineDeps } from './context';
import { operateContext } from './operate-context';
import { processUser } from './process-user';

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

/** Directory users whose name, UPN or email starts with `q` (the on-demand search box). */
export function searchUsersForOnDemand(db: Db, q: string, limit = 20) {
  if (q.trim() === '') return [];
  return listUsers(db, { limit, q }).items.map((u) => ({
    id: u.id,
    displayName: u.displayName,
    userPrincipalName: u.userPrincipalName,
    mail: u.mail,
    accountEnabled: u.accountEnabled,
    deleted: u.deletedAt !== null,
  }));
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

/** Provision one directory user now and return its trace. */
export async function provisionOnDemand(
  deps: EngineDeps,
  appId: string,
  sourceId: string,
  initiatedBy: CycleContext['initiatedBy'],
): Promise<OnDemandResult> {
  const started = deps.clock.now();
  const ctx = operateContext(deps, getApplication(deps.db, appId), initiatedBy);
  const known = deps.db.select({ id: users.id }).from(users).where(eq(users.id, sourceId)).get();
  if (!known && !getLink(deps.db, appId, sourceId)) throw new NotFoundError('User', sourceId);
  const base = { appId, sourceId, cycleId: ctx.cycleId };
  const test = await ctx.client.testConnection();
  if (!test.ok) {
    return {
      ...base,
      changeId: null,
      provisioningAction: 'other',
      status: 'failure',
      durationMs: deps.clock.now() - started,
      steps: [testConnectionStep(test.message, test.code)],
      modifiedProperties: [],
      error: { errorCode: `TestConnection_${test.code}`, reason: test.message, recommendedAction: null },
      requests: [],
    };
  }
  await processUser(ctx, sourceId, null);
  // One object, one explicit request: a held disable/delete is carried out rather than staged.
  for (const h of ctx.held) await h.execute();
  const row = deps.db.select().from(provisioningLog).where(eq(provisioningLog.cycleId, ctx.cycleId)).get();
  if (!row) throw new Error(`provision on demand wrote no log row for ${sourceId}`);
  return {
    ...base,
    changeId: row.id,
    provisioningAction: row.provisioningAction,
    status: row.status,
    durationMs: deps.clock.now() - started,
    steps: rowSteps(row),
    modifiedProperties: rowModifiedProperties(row),
    error: row.errorCode
      ? { errorCode: row.errorCode, reason: row.errorReason ?? '', recommendedAction: row.recommendedAction }
      : null,
    requests: listRequests(deps.db, row.id).map((r) => ({
      method: r.method,
      path: r.path,
      status: r.status,
      durationMs: r.durationMs,
    })),
  };
}
