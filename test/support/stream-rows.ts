/** Provisioning-log rows for log stream tests and the benchmark, through the log writer (rows, FTS, rollups). */
import type { Db } from '../../db/client';
import type { LogEntry } from '../../src/log/types';
import { writeLogs } from '../../src/log/write';

/** Insert `n` rows `chg-<start+i>` (zero-padded, so they sort as numbers), one millisecond apart. */
export function seedLogRows(db: Db, n: number, opts: { start?: number; at?: number; appId?: string } = {}): void {
  const start = opts.start ?? 0;
  const at = opts.at ?? Date.UTC(2026, 11, 1);
  db.transaction((tx) => {
    for (let i = 0; i < n; i += 500) {
      const rows: LogEntry[] = [];
      for (let k = i; k < Math.min(n, i + 500); k++) {
        const j = start + k;
        rows.push({
          id: `chg-${String(j).padStart(7, '0')}`,
          appId: opts.appId ?? 'app-1',
          activityDateTime: at + j,
          jobId: 'job-1',
          cycleId: 'cycle-1',
          provisioningAction: 'create',
          status: j % 10 === 0 ? 'failure' : 'success',
          durationMs: 12,
          initiatedBy: { type: 'system', name: 'Provisio' },
          source: { id: `user-${j}`, displayName: `Ünïcode User ${j} "quoted" ]`, type: 'user' },
          target: { id: `t-${j}`, displayName: `user${j}@example.com` },
          sourceSystem: 'Provisio directory',
          targetSystem: 'Sandbox',
          error: null,
          steps: [],
          modifiedProperties: [],
        });
      }
      writeLogs(tx, rows);
    }
  });
}
