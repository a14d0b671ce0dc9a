/** Per-app health figures for /metrics: escrow sizes by kind and whether the job is quarantined. */
import type { Db } from '../../db/client';
import { listApplications } from '../apps/applications';
import { escrowCounts } from '../engine/escrow';

/** One row per application. */
export interface AppHealth {
  appId: string;
  escrowFailures: number;
  escrowStaged: number;
  quarantined: boolean;
  quarantineReason: string | null;
}

/** Read at scrape time, so the gauges never drift from the database. */
export function appHealth(db: Db): AppHealth[] {
  const counts = escrowCounts(db);
  const count = (appId: string, kind: 'failure' | 'staged') =>
    counts.find((c) => c.appId === appId && c.kind === kind)?.n ?? 0;
  return listApplications(db).map((a) => ({
    appId: a.id,
    escrowFailures: count(a.id, 'failure'),
    escrowStaged: count(a.id, 'staged'),
    quarantined: a.quarantineReason !== null,
    quarantineReason: a.quarantineReason,
  }));
}
