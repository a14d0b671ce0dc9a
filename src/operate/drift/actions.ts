/**
 * Acting on a drift finding, one at a time and only when a person asks (the report itself never writes):
 * adopt an orphan that matches an in-scope directory user (link it as the target holds it, then process
 * the user so the difference is pushed), re-create a missing object (forget the stale link, process: the
 * match finds nothing and the user is created), re-push a drifted object (record what the target holds as
 * exported, process: the drifted attributes are PATCHed back), or ignore the finding in later reports too.
 * Every action is audited; the writes go through processUser and so have their log rows.
 */
import { and, eq } from 'drizzle-orm';
import { driftIgnores, driftItems } from '../../../db/schema';
import { getApplication } from '../../apps/applications';
import { writeAudit } from '../../audit/audit-log';
import { dropLink, getLink, saveLink, sourceLinkedTo } from '../../engine/connector-store';
import type { CycleContext, EngineDeps } from '../../engine/context';
import type { Actor } from '../../kernel/actor';
import { ConflictError, ValidationError } from '../../kernel/errors';
import type { FlatValues } from '../../mapping/types';
import { flattenResource } from '../../scim/resource-builder';
import { operateContext } from '../app-context';
import { type OnDemandResult, provisionGroupOnDemand, provisionOnDemand } from '../on-demand';
import { prepareGroup } from './group-actions';
import { driftKey } from './report';
import { type DriftItemRow, getDriftItem, getDriftReport } from './store';

export type DriftAction = 'adopt' | 'recreate' | 'repush' | 'ignore';

const ALLOWED: Record<DriftAction, DriftItemRow['kind'][]> = {
  adopt: ['orphan'],
  recreate: ['missing'],
  repush: ['drifted'],
  ignore: ['orphan', 'missing', 'drifted'],
};

/** Prepare the connector state for the action (synchronous, before the user is processed). */
async function prepare(
  deps: EngineDeps,
  ctx: Pick<CycleContext, 'client' | 'managedPaths'>,
  appId: string,
  item: DriftItemRow,
  action: DriftAction,
) {
  const now = deps.clock.now();
  if (action === 'recreate' && item.sourceId) {
    deps.db.transaction((tx) => dropLink(tx, appId, item.sourceId as string));
    return item.sourceId;
  }
  if (!item.targetId) throw new ValidationError('The finding has no target object');
  const current = flattenResource(await ctx.client.getUser(item.targetId), [...ctx.managedPaths]);
  if (action === 'adopt') {
    if (!item.matchSourceId)
      throw new ValidationError('No in-scope directory user matches this orphan; it cannot be adopted');
    if (getLink(deps.db, appId, item.matchSourceId))
      throw new ConflictError('already_linked', 'The matching directory user is linked already');
    if (sourceLinkedTo(deps.db, appId, item.targetId))
      throw new ConflictError('already_linked', 'The target object is linked already');
    const link = { targetId: item.targetId, exported: current, state: 'active' as const };
    deps.db.transaction((tx) => saveLink(tx, appId, item.matchSourceId as string, link, now));
    return item.matchSourceId;
  }
  const link = item.sourceId ? getLink(deps.db, appId, item.sourceId) : null;
  if (!link || !item.sourceId) throw new ConflictError('not_linked', 'The object is no longer linked');
  // What the target holds now becomes the baseline, so the next diff sends the drifted attributes back.
  const exported: FlatValues = { ...link.exported };
  for (const p of ctx.managedPaths) {
    if (current[p] === undefined) delete exported[p];
    else exported[p] = current[p] as FlatValues[string];
  }
  deps.db.transaction((tx) => saveLink(tx, appId, item.sourceId as string, { ...link, exported }, now));
  return item.sourceId;
}

/** Carry out one action on one finding; returns the on-demand trace of the processed user (none for ignore). */
export async function actOnDrift(
  deps: EngineDeps,
  actor: Actor,
  appId: string,
  reportId: string,
  seq: number,
  action: DriftAction,
  initiatedBy: CycleContext['initiatedBy'],
): Promise<{ status: DriftItemRow['status']; result: OnDemandResult | null }> {
  const app = getApplication(deps.db, appId);
  const report = getDriftReport(deps.db, appId, reportId);
  // A running or cut-short report may have missed what would change the finding: act on finished ones only.
  if (report.status !== 'done')
    throw new ConflictError(
      'report_not_done',
      `The drift report is ${report.status}: act on the findings of a finished report.`,
    );
  const item = getDriftItem(deps.db, reportId, seq);
  if (!ALLOWED[action].includes(item.kind))
    throw new ValidationError(`${action} does not apply to a ${item.kind} finding`);
  if (item.status !== 'open') throw new ConflictError('finding_closed', `The finding is ${item.status} already`);
  const now = deps.clock.now();
  const audit = (after: Record<string, unknown>) =>
    writeAudit(
      deps.db,
      actor,
      {
        activity: `drift.${action}`,
        targetType: 'application',
        targetId: appId,
        after: { reportId, seq, kind: item.kind, targetId: item.targetId, sourceId: item.sourceId, ...after },
      },
      now,
    );
  const close = (status: DriftItemRow['status'], note: string) =>
    deps.db
      .update(driftItems)
      .set({ status, note })
      .where(and(eq(driftItems.reportId, reportId), eq(driftItems.seq, seq)))
      .run();
  if (action === 'ignore') {
    deps.db
      .insert(driftIgnores)
      .values({ appId, key: driftKey(item), createdAt: now, createdBy: actor.name })
      .onConflictDoNothing()
      .run();
    close('ignored', `Ignored by ${actor.name}`);
    audit({});
    return { status: 'ignored', result: null };
  }
  const ctx = operateContext(deps, app, initiatedBy);
  let result: OnDemandResult;
  if (item.objectType === 'group') {
    const groupId = await prepareGroup(deps, ctx, item, action);
    result = (await provisionGroupOnDemand(deps, appId, groupId, [], initiatedBy)).group;
  } else {
    const sourceId = await prepare(deps, ctx, appId, item, action);
    result = await provisionOnDemand(deps, appId, sourceId, initiatedBy);
  }
  close(
    'resolved',
    `${action}: ${result.provisioningAction} ${result.status}${result.changeId ? ` (log ${result.changeId})` : ''}`,
  );
  audit({ changeId: result.changeId, status: result.status });
  return { status: 'resolved', result };
}
