/** Provisioning-log rows for log stream tests and the benchmark, inserted directly (no FTS, no engine). */
import type { Db } from '../../db/client';
import { provisioningLog } from '../../db/schema';

/** Insert `n` rows `chg-<start+i>` (zero-padded, so they sort as numbers), one millisecond apart. */
export function seedLogRows(db: Db, n: number, opts: { start?: number; at?: number; appId?: string } = {}): void {
  const start = opts.start ?? 0;
  const at = opts.at ?? Date.UTC(2026, 11, 1);
  db.transaction((tx) => {
    for (let i = 0; i < n; i += 500) {
      const rows = [];
      for (let k = i; k < Math.min(n, i + 500); k++) {
        const j = start + k;
        rows.push({
          id: `chg-${String(j).padStart(7, '0')}`,
          appId: opts.appId ?? 'app-1',
          activityDateTime: at + j,
          jobId: 'job-1',
          cycleId: 'cycle-1',
          provisioningAction: 'create' as const,
          status: j % 10 === 0 ? ('failure' as const) : ('success' as const),
          durationMs: 12,
          initiatedByType: 'system' as const,
          initiatedByName: 'Provisio',
          sourceId: `user-${j}`,
          sourceDisplayName: `Ünïcode User ${j} "quoted" ]`,
          sourceType: 'User',
          targetId: `t-${j}`,
          targetDisplayName: `user${j}@example.com`,
          sourceSystem: 'Provisio directory',
          targetSystem: 'Sandbox',
          steps: '[]',
          modifiedProperties: '[]',
        });
      }
      tx.insert(provisioningLog).values(rows).run();
    }
  });
}
