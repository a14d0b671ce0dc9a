/**
 * What people do to a job beyond its settings, each audited: Allow deletes (process the disables/deletes the
 * deletion guard held), Restart provisioning (Entra's: clears escrows, quarantine and the watermark, so the
 * next cycle is an initial one; links are kept), clearing the quarantine after a successful Test Connection,
 * and "retry now" on one escrowed object.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { connectorObjects } from '../../db/schema';
import { getApplication } from '../apps/applications';
import { writeAudit } from '../audit/audit-log';
import { clearEscrows, makeDue } from '../engine/escrow';
import { allowDeletesOnce, requireInitialCycle } from '../engine/jobs';
import { leaveQuarantine } from '../engine/quarantine';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { NotFoundError, ValidationError } from '../kernel/errors';

interface Deps {
  db: Db;
  clock: Clock;
  /** Tells the scheduler to re-read the job after a committed change; absent where none runs. */
  onAppChanged?: ((appId: string) => void) | undefined;
}

/** Let the next cycle process the held disables/deletes past the threshold, and lift TooManyDeletes. */
export function allowDeletes(deps: Deps, actor: Actor, appId: string): { held: number } {
  const app = getApplication(deps.db, appId);
  const now = deps.clock.now();
  const result = deps.db.transaction((tx) => {
    const held = makeDue(tx, appId, null, now);
    if (held === 0 && app.quarantineReason !== 'TooManyDeletes') {
      throw new ValidationError('No disables or deletes are held for this application');
    }
    allowDeletesOnce(tx, appId);
    if (app.quarantineReason === 'TooManyDeletes') leaveQuarantine(tx, app, now, 'Allow deletes', actor);
    writeAudit(
      tx,
      actor,
      { activity: 'provisioning.allow_deletes', targetType: 'application', targetId: appId, after: { held } },
      now,
    );
    return { held };
  });
  deps.onAppChanged?.(appId);
  return result;
}

/**
 * Restart provisioning: drop escrows and quarantine, reset the watermark; the next cycle is initial. Links
 * are kept, so the initial cycle updates rather than re-creates; `forgetLinks` drops them too (Graph's
 * resetScope Full): the initial cycle then re-matches every user by its matching attributes, which adopts
 * the existing target objects unless their matching values changed in the target.
 */
export function restartProvisioning(
  deps: Deps,
  actor: Actor,
  appId: string,
  opts: { forgetLinks?: boolean } = {},
): { escrowsCleared: number; linksForgotten: number } {
  const app = getApplication(deps.db, appId);
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const escrowsCleared = clearEscrows(tx, appId);
    const linksForgotten = opts.forgetLinks
      ? tx.delete(connectorObjects).where(eq(connectorObjects.appId, appId)).run().changes
      : 0;
    leaveQuarantine(tx, app, now, 'Restart provisioning', actor);
    requireInitialCycle(tx, appId, { restart: true });
    writeAudit(
      tx,
      actor,
      {
        activity: 'provisioning.restart',
        targetType: 'application',
        targetId: appId,
        after: { escrowsCleared, forgetLinks: opts.forgetLinks ?? false, linksForgotten },
      },
      now,
    );
    return { escrowsCleared, linksForgotten };
  });
}

/** A successful Test Connection shows the target accepts us again: lift the quarantine (if any). */
export function clearQuarantineAfterTest(deps: Deps, actor: Actor, appId: string): boolean {
  const app = getApplication(deps.db, appId);
  if (app.quarantineReason === null) return false;
  const left = deps.db.transaction((tx) =>
    leaveQuarantine(tx, app, deps.clock.now(), 'Test Connection succeeded', actor),
  );
  // Out of quarantine, the schedule resumes.
  if (left) deps.onAppChanged?.(appId);
  return left;
}

/** Make one escrowed object due now, so the next cycle retries it. */
export function retryEscrowNow(deps: Deps, actor: Actor, appId: string, sourceId: string): void {
  getApplication(deps.db, appId);
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    if (makeDue(tx, appId, sourceId, now) === 0) throw new NotFoundError('Escrow', sourceId);
    writeAudit(
      tx,
      actor,
      { activity: 'escrow.retry', targetType: 'application', targetId: appId, after: { sourceId } },
      now,
    );
  });
}
