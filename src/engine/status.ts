/** An application's provisioning status, as the API and the pages show it. */
import type { Db } from '../../db/client';
import { appState, getApplication } from '../apps/applications';
import { linkCounts } from './connector-store';
import { cycleSummary, lastFinishedCycle, runningCycle } from './cycles-repo';

/** State, current cycle with progress, last finished cycle with counts, and connector statistics. */
export function appStatus(db: Db, appId: string) {
  const app = getApplication(db, appId);
  const current = runningCycle(db, appId);
  const last = lastFinishedCycle(db, appId);
  const links = linkCounts(db, appId);
  return {
    appId,
    state: current ? ('running' as const) : appState(app),
    provisioningEnabled: app.provisioningEnabled,
    currentCycle: current ? cycleSummary(current) : null,
    lastCycle: last ? cycleSummary(last) : null,
    statistics: { usersProvisioned: links.active, usersDisabled: links.disabled, watermark: app.watermark },
  };
}

export type AppStatus = ReturnType<typeof appStatus>;
