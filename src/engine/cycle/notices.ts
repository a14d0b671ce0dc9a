/**
 * The mails a cycle sends: on entering quarantine (once per reason; the deletion guard's own mail for
 * TooManyDeletes), a digest of its failures when the app asks for one (at most one per cycle), and the
 * Secret Token's expiry warnings (14 days and 1 day before, once each). Queued on the notifier, which never
 * throws: a mail problem can not break a cycle.
 */
import { and, asc, eq } from 'drizzle-orm';
import { provisioningLog } from '../../../db/schema';
import type { Application } from '../../apps/applications';
import { describeExpiry, dueExpiryWarnings } from '../../apps/jwt-expiry';
import { deletionGuardMail, failureDigestMail, quarantineMail, tokenExpiryMail } from '../../notify/messages';
import type { CycleContext, EngineDeps } from '../context';
import { setTokenExpiryNotified } from '../jobs';
import type { CycleVerdict } from './end';

const DIGEST_LINES = 20;

/** Mails after the cycle's end. */
export function sendCycleNotices(ctx: CycleContext, verdict: CycleVerdict): void {
  const { notifier } = ctx.deps;
  if (!notifier || !ctx.app.notificationEmail) return;
  const { app } = ctx;
  const q = verdict.quarantined;
  if (q?.notify) {
    const guard = q.reason === 'TooManyDeletes';
    const links = notifier.links(app.id, ctx.cycleId, guard ? { action: 'stagedDelete' } : {});
    const message =
      guard && ctx.guard
        ? deletionGuardMail(
            app.name,
            {
              held: ctx.guard.held,
              threshold: app.deleteThreshold,
              percent: app.deleteThresholdPercent,
              linked: ctx.guard.linked,
            },
            links,
          )
        : quarantineMail(app.name, q, links);
    notifier.send(app, guard ? 'deletion_guard' : 'quarantine', message);
  }
  if (app.sendFailureEmail && verdict.failed > 0) {
    const rows = ctx.deps.db
      .select()
      .from(provisioningLog)
      .where(and(eq(provisioningLog.cycleId, ctx.cycleId), eq(provisioningLog.status, 'failure')))
      .orderBy(asc(provisioningLog.activityDateTime))
      .limit(DIGEST_LINES)
      .all();
    const lines = rows.map((r) => ({
      name: r.sourceDisplayName ?? r.sourceId,
      action: r.provisioningAction,
      code: r.errorCode,
      reason: r.errorReason,
    }));
    const links = notifier.links(app.id, ctx.cycleId, { status: 'failure' });
    notifier.send(app, 'failure_digest', failureDigestMail(app.name, verdict, lines, links));
  }
}

/** Expiry warnings due for the app's Secret Token: marked as sent first, so each goes out once. */
export function sendTokenWarnings(deps: EngineDeps, app: Application, now: number): void {
  if (app.tokenExpiresAt === null || !deps.notifier || !app.notificationEmail) return;
  const [due] = dueExpiryWarnings(app.tokenExpiresAt, now, app.tokenExpiryNotified);
  if (!due) return;
  // The 1-day warning makes the 14-day one moot.
  const sent = due === '1d' ? '14d,1d' : '14d';
  setTokenExpiryNotified(deps.db, app.id, sent);
  const when = describeExpiry(app.tokenExpiresAt, now);
  deps.notifier.send(
    app,
    `token_expiry_${due}`,
    tokenExpiryMail(app.name, app.tokenExpiresAt, when, deps.notifier.links(app.id)),
  );
}
