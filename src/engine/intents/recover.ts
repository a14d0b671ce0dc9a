/**
 * Reconcile the intents a killed process left (issue 16 item 4), before the app's cycle does any work: each
 * is looked up at the target (recover-lookup.ts) and finished, in one transaction, as a log row saying what
 * happened, with a step "Recovered after an interruption", the link a found create needs (so the cycle
 * does not adopt it) or the one a done delete/disable changes, and the intent's deletion. A write that did
 * not happen, or cannot be confirmed, gets a row saying so: no row claims a write the target did not take.
 * The row belongs to the interrupted cycle. An intent whose lookup fails stays, and the cycle waits.
 */

import { writeRequests } from '../../log/requests';
import type { LogEntry, LogError, ProvisioningStatus } from '../../log/types';
import { SOURCE_SYSTEM } from '../../log/types';
import { writeLog } from '../../log/write';
import { disableOps } from '../../scim/patch-diff';
import { flattenResource } from '../../scim/resource-builder';
import { dropLink, getLink, saveLink } from '../connector-store';
import type { CycleContext } from '../context';
import { type ObjectIo, recordingIo } from '../exchanges';
import { applyOpsToFlat } from '../sync/patch-baseline';
import { watchAuth } from '../sync/process-user';
import { exportStep } from '../sync/steps';
import { dropIntents, type LeftIntent, leftIntents } from './intent-store';
import { type Finding, lookUp } from './recover-lookup';

type Tx = Parameters<Parameters<CycleContext['deps']['db']['transaction']>[0]>[0];

const RECOVERY = { type: 'system' as const, name: 'Provisio provisioning service' };

const UNCONFIRMED: Omit<LogError, 'reason'> = {
  errorCode: 'InterruptedWriteUnconfirmed',
  errorCategory: 'nonServiceFailure',
  recommendedAction:
    'Nothing to do in most cases: the next cycle compares the object with what Provisio last confirmed and sends what still differs. Check the object in the target if it matters',
};

/** The link change a finished write makes (the same as its outcome would have made). */
function linkChange(ctx: CycleContext, i: LeftIntent, f: Finding, tx: Tx, now: number): void {
  if (f.kind !== 'done') return;
  const appId = ctx.app.id;
  const link = getLink(ctx.deps.db, appId, i.sourceId);
  if (i.action === 'delete') {
    if (link?.targetId === i.targetId) dropLink(tx, appId, i.sourceId);
  } else if (i.action === 'disable' && link && link.targetId === i.targetId) {
    const exported = applyOpsToFlat(link.exported, disableOps());
    saveLink(tx, appId, i.sourceId, { targetId: link.targetId, exported, state: 'disabled' }, now, i.objectType);
  } else if (i.action === 'create' && f.resource && !link) {
    // What the target holds, as an adoption would record it; a group's members are re-sent (adds are idempotent).
    const exported =
      i.objectType === 'group'
        ? { ...flattenResource(f.resource, ['displayName']), members: [] as string[] }
        : flattenResource(f.resource, [...ctx.managedPaths]);
    saveLink(tx, appId, i.sourceId, { targetId: f.resource.id, exported, state: 'active' }, now, i.objectType);
  }
}

function describe(i: LeftIntent, f: Finding, name: string): { status: ProvisioningStatus; text: string } {
  const write = `the ${i.action} of ${i.objectType === 'group' ? 'Group' : 'User'} '${name}' (${i.method} ${i.path})`;
  if (f.kind === 'done') return { status: 'success', text: `${write} was carried out: ${f.what}` };
  if (f.kind === 'not_done')
    return { status: 'skipped', text: `${write} was not carried out: ${f.what}; the next cycle does it` };
  return { status: 'warning', text: `whether ${write} was carried out could not be confirmed: ${f.what}` };
}

function entry(ctx: CycleContext, i: LeftIntent, f: Finding, id: string, now: number, started: number): LogEntry {
  const name = i.sourceDisplayName ?? i.sourceId;
  const { status, text } = describe(i, f, name);
  const found = f.kind === 'done' ? f.resource : undefined;
  const targetId = found ? found.id : i.targetId;
  const shown = found?.userName ?? found?.displayName;
  const details = {
    Request: `${i.method} ${i.path}`,
    IntendedAt: new Date(i.createdAt).toISOString(),
    InterruptedCycle: i.cycleId,
  };
  return {
    id,
    appId: ctx.app.id,
    activityDateTime: now,
    jobId: ctx.app.jobId,
    cycleId: i.cycleId,
    provisioningAction: f.kind === 'done' ? i.action : 'other',
    status,
    durationMs: Math.max(0, now - started),
    initiatedBy: RECOVERY,
    source: { id: i.sourceId, displayName: i.sourceDisplayName, type: i.objectType },
    target: { id: targetId, displayName: typeof shown === 'string' ? shown : null },
    sourceSystem: SOURCE_SYSTEM,
    targetSystem: ctx.targetSystem,
    error: f.kind === 'unconfirmed' ? { ...UNCONFIRMED, reason: `Recovered after an interruption: ${text}` } : null,
    steps: [exportStep(status, `Recovered after an interruption: ${text}`, details)],
    modifiedProperties: [],
  };
}

/** Finish one intent (and any it stands for) in one transaction. */
function finish(ctx: CycleContext, i: LeftIntent, ids: string[], f: Finding, io: ObjectIo, started: number) {
  const { db, clock, newId } = ctx.deps;
  const now = clock.now();
  db.transaction((tx) => {
    linkChange(ctx, i, f, tx, now);
    const id = newId();
    writeLog(tx, entry(ctx, i, f, id, now, started));
    writeRequests(tx, id, io.exchanges.all);
    dropIntents(tx, ids);
  });
}

/** Several PATCHes of one object (member chunks) are one unconfirmed update, not a row each. */
function collapse(intents: LeftIntent[]): { intent: LeftIntent; ids: string[] }[] {
  const updates = new Map<string, { intent: LeftIntent; ids: string[] }>();
  const out: { intent: LeftIntent; ids: string[] }[] = [];
  for (const i of intents) {
    if (i.action !== 'update') {
      out.push({ intent: i, ids: [i.id] });
      continue;
    }
    const key = `${i.objectType}\u0000${i.sourceId}`;
    const seen = updates.get(key);
    if (seen) seen.ids.push(i.id);
    else {
      const first = { intent: i, ids: [i.id] };
      updates.set(key, first);
      out.push(first);
    }
  }
  return out;
}

/**
 * Reconcile the app's left intents, one at a time (a kill leaves at most a worker count of them, plus an
 * interrupted group's member chunks). Returns how many were finished and how many still wait.
 */
export async function reconcileIntents(ctx: CycleContext): Promise<{ finished: number; left: number }> {
  let finished = 0;
  let left = 0;
  for (const { intent, ids } of collapse(leftIntents(ctx.deps.db, ctx.app.id))) {
    const io = recordingIo(ctx.client);
    const started = ctx.deps.clock.now();
    let found: Finding;
    try {
      found = await lookUp(ctx, io.client, intent);
    } catch (err) {
      left += ids.length;
      ctx.deps.logger.warn({ appId: ctx.app.id, intentId: intent.id, err }, 'interrupted write not reconciled yet');
      watchAuth(ctx, io.exchanges.all); // a 401/403 quarantines the job as any request would
      continue;
    }
    finish(ctx, intent, ids, found, io, started);
    finished += ids.length;
  }
  return { finished, left };
}
