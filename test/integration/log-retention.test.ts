import { describe, expect, it, vi } from 'vitest';
import { type Db, openDb } from '../../db/client';
import { listRequests, writeRequests } from '../../src/log/requests';
import {
  DEFAULT_RETENTION_DAYS,
  getRetention,
  logStorageStats,
  parseRetention,
  purgeExpiredLogs,
  setRetention,
} from '../../src/log/retention';
import { startRetention } from '../../src/log/retention-job';
import type { LogEntry } from '../../src/log/types';
import { writeLog } from '../../src/log/write';

const DAY = 24 * 3600e3;
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

function entry(id: string, at: number, word: string): LogEntry {
  return {
    id,
    appId: 'a',
    activityDateTime: at,
    jobId: 'j',
    cycleId: 'c',
    provisioningAction: 'update',
    status: 'success',
    durationMs: 1,
    initiatedBy: { type: 'system', name: 'x' },
    source: { id: `s-${id}`, displayName: `Person ${id}`, type: 'user' },
    target: { id: null, displayName: null },
    sourceSystem: 'S',
    targetSystem: 'T',
    error: null,
    steps: [],
    modifiedProperties: [{ displayName: 'title', oldValue: null, newValue: word }],
  };
}

function ftsCount(db: Db, q: string): number {
  const row = db.$client
    .prepare('SELECT count(*) AS n FROM provisioning_log_fts WHERE provisioning_log_fts MATCH ?')
    .get(q) as { n: number };
  return row.n;
}

/** 30 rows older than 180 days (word "ancient"), 20 newer (word "recent"); one exactly at the cutoff stays. */
function seeded(): Db {
  const db = openDb(':memory:');
  db.$client.transaction(() => {
    for (let i = 0; i < 30; i++) {
      writeLog(db, entry(`old-${i}`, NOW - 181 * DAY - i * 1000, 'ancient'));
      writeRequests(db, `old-${i}`, [
        { method: 'GET', path: '/Users', status: 200, durationMs: 1, attempt: 1, waitedMs: 0 },
      ]);
    }
    for (let i = 0; i < 19; i++) writeLog(db, entry(`new-${i}`, NOW - i * DAY, 'recent'));
    writeLog(db, entry('edge', NOW - 180 * DAY, 'recent'));
    writeRequests(db, 'edge', [{ method: 'GET', path: '/Users', status: 200, durationMs: 1, attempt: 1, waitedMs: 0 }]);
  })();
  return db;
}

describe('log retention', () => {
  it('parses and stores the setting (default 180 days, forever allowed)', () => {
    const db = openDb(':memory:');
    expect(getRetention(db)).toBe(DEFAULT_RETENTION_DAYS);
    setRetention(db, null, NOW);
    expect(getRetention(db)).toBeNull();
    setRetention(db, 30, NOW);
    expect(getRetention(db)).toBe(30);
    expect(parseRetention('Forever')).toBeNull();
    expect(parseRetention(' 90 ')).toBe(90);
    for (const bad of ['0', '-1', '1.5', 'soon', '', '40000']) expect(() => parseRetention(bad)).toThrow('Retention');
  });

  it('purges exactly the rows older than the retention, in batches, with their requests and FTS entries', async () => {
    const db = seeded();
    expect(ftsCount(db, 'ancient')).toBe(30);
    const deleted = await purgeExpiredLogs(db, NOW, { batchSize: 7 });
    expect(deleted).toBe(30);
    const left = db.$client.prepare('SELECT id FROM provisioning_log ORDER BY id').all() as { id: string }[];
    expect(left.map((r) => r.id)).toEqual(['edge', ...Array.from({ length: 19 }, (_, i) => `new-${i}`)].sort());
    expect(ftsCount(db, 'ancient')).toBe(0);
    expect(ftsCount(db, 'recent')).toBe(20);
    expect(ftsCount(db, 'identity : "person old"*')).toBe(0);
    expect(listRequests(db, 'old-3')).toEqual([]);
    expect(listRequests(db, 'edge')).toHaveLength(1);
    expect(await purgeExpiredLogs(db, NOW)).toBe(0);
  });

  it('keeps everything when set to forever, and follows a shorter setting', async () => {
    const db = seeded();
    setRetention(db, null, NOW);
    expect(await purgeExpiredLogs(db, NOW)).toBe(0);
    setRetention(db, 10, NOW);
    // A row exactly at the cutoff is kept: 'older than' is strict.
    expect(await purgeExpiredLogs(db, NOW)).toBe(30 + 1 + 8);
    expect(logStorageStats(db)).toMatchObject({ rows: 11, oldest: NOW - 10 * DAY });
    expect(logStorageStats(db).bytes).toBeGreaterThan(0);
  });

  it('runs from a croner job and stops', async () => {
    const db = seeded();
    const logger = { info: vi.fn(), error: vi.fn() };
    const stop = startRetention({ db, clock: { now: () => NOW }, logger, schedule: '* * * * * *' });
    await vi.waitFor(() => expect(logger.info).toHaveBeenCalledWith({ deleted: 30 }, expect.any(String)), {
      timeout: 3000,
    });
    stop();
    expect(logger.error).not.toHaveBeenCalled();
  });
});
