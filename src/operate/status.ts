/** An application's provisioning status, as the API and the pages show it. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { escrows } from '../../db/schema';
import { appState, getApplication } from '../apps/applications';
import { daysUntil, describeExpiry } from '../apps/jwt-expiry';
import { scopeCounts } from '../apps/scope-counts';
import { linkCounts } from '../engine/connector-store';
import { cycleSummary, lastFinishedCycle, runningCycle } from '../engine/cycle/cycles-repo';
import { quarantineView } from '../engine/quarantine';
import type { PacingView } from '../scim/pacing';

function escrowTotals(db: Db, appId: string) {
  const count = (kind: 'failure' | 'staged') =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(escrows)
      .where(and(eq(escrows.appId, appId), eq(escrows.kind, kind)))
      .get()?.n ?? 0;
  return { failures: count('failure'), staged: count('staged') };
}

/**
 * State, current cycle with progress, last finished cycle with counts, the last initial cycle (kept beside
 * the last cycle as Entra does, so an empty incremental cycle does not hide what the initial one did),
 * statistics to date with what is in scope, and health:
 * quarantine (reason, since, next attempt), escrows, and the Secret Token's expiry when it is a JWT.
 * `now` is the caller's clock reading: the token's days-left and expired flag depend on it. `pacing` is what
 * the app's SCIM clients learned (EngineDeps.pacing), null before any client of it ran since start.
 */
export function appStatus(db: Db, appId: string, now: number, pacing: PacingView | null = null) {
  const app = getApplication(db, appId);
  const current = runningCycle(db, appId);
  const last = lastFinishedCycle(db, appId);
  const lastInitial = last?.type === 'initial' ? last : lastFinishedCycle(db, appId, 'initial');
  // Users only: "Users provisioned" counted the linked groups too, and disagreed with the statistics to date.
  const links = linkCounts(db, appId, 'user');
  const expiresAt = app.tokenExpiresAt;
  return {
    appId,
    state: current ? ('running' as const) : appState(app),
    provisioningEnabled: app.provisioningEnabled,
    currentCycle: current ? cycleSummary(current) : null,
    lastCycle: last ? cycleSummary(last) : null,
    lastInitialCycle: lastInitial ? cycleSummary(lastInitial) : null,
    statistics: {
      usersProvisioned: links.active,
      usersDisabled: links.disabled,
      watermark: app.watermark,
      inScope: scopeCounts(db, app),
    },
    quarantine: quarantineView(app),
    escrows: escrowTotals(db, appId),
    deletesAllowed: app.forceDeletes,
    pacing: pacing && {
      limit: pacing.limit,
      ceiling: pacing.ceiling,
      learnedRate: pacing.learnedRate,
      rateCeiling: pacing.rateCeiling,
      // The running cycle's client counts live; after it, the cycle row has the same figure for good.
      waitedMs: current ? pacing.waitedMs : (last?.waitedMs ?? 0),
    },
    secretToken:
      expiresAt === null
        ? null
        : {
            expiresAt: new Date(expiresAt).toISOString(),
            daysLeft: daysUntil(expiresAt, now),
            expired: expiresAt <= now,
            text: describeExpiry(expiresAt, now),
          },
  };
}

export type AppStatus = ReturnType<typeof appStatus>;
