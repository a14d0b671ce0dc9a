/**
 * Where one directory user stands in each application: the effective assignment (direct or through groups),
 * the connector link (target id, state), the last provisioning-log row and any escrow. Read-only; the user
 * page renders it. Only apps that concern the user appear: assigned, linked, logged or escrowed.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { applications, escrows, provisioningLog } from '../../db/schema';
import { getLink } from '../engine/connector-store';
import { escrowView } from '../engine/escrow';
import { type EffectiveAssignment, effectiveAssignment } from '../engine/sync/effective-assignment';
import { sourceIdIn } from '../log/object-keys';

export interface UserAppState {
  appId: string;
  appName: string;
  /** "all" apps provision every user, so an assignment is not needed there. */
  scope: 'assigned' | 'all';
  assignment: EffectiveAssignment | null;
  link: { targetId: string; state: 'active' | 'disabled' } | null;
  lastLog: {
    id: string;
    at: number;
    action: string;
    status: string;
    errorCode: string | null;
  } | null;
  escrow: ReturnType<typeof escrowView> | null;
}

/** The per-application state of a user, apps by name. */
export function userProvisioning(db: Db, userId: string): UserAppState[] {
  const apps = db
    .select({ id: applications.id, name: applications.name, scope: applications.scope })
    .from(applications)
    .orderBy(asc(applications.name))
    .all();
  const out: UserAppState[] = [];
  for (const app of apps) {
    const assignment = effectiveAssignment(db, app.id, userId, true);
    const link = getLink(db, app.id, userId);
    const log = db
      .select({
        id: provisioningLog.id,
        at: provisioningLog.activityDateTime,
        action: provisioningLog.provisioningAction,
        status: provisioningLog.status,
        errorCode: provisioningLog.errorCode,
      })
      .from(provisioningLog)
      .where(and(sourceIdIn([userId]), eq(provisioningLog.appId, app.id)))
      .orderBy(desc(provisioningLog.activityDateTime), desc(provisioningLog.id))
      .limit(1)
      .get();
    const escrow = db
      .select()
      .from(escrows)
      .where(and(eq(escrows.appId, app.id), eq(escrows.sourceId, userId)))
      .get();
    if (!assignment && !link && !log && !escrow) continue;
    out.push({
      appId: app.id,
      appName: app.name,
      scope: app.scope,
      assignment,
      link: link ? { targetId: link.targetId, state: link.state } : null,
      lastLog: log ?? null,
      escrow: escrow ? escrowView(escrow) : null,
    });
  }
  return out;
}
