import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../db/client';
import { provisioningLog } from '../../db/schema';
import { FTS_DRIVE_LIMIT, ftsIsDense, rebuildLogFts } from '../../src/log/fts';
import { COUNT_CAP, countLogs, type LogQuery, type LogRow, parseLogQuery, searchLogs } from '../../src/log/query';
import type { LogEntry } from '../../src/log/types';
import { writeLog } from '../../src/log/write';

const T0 = Date.UTC(2026, 10, 28, 10, 0, 0);
let db: Db;

function entry(i: number, over: Partial<LogEntry> = {}): LogEntry {
  return {
    id: `change-${String(i).padStart(4, '0')}`,
    appId: i % 2 ? 'app-odd' : 'app-even',
    activityDateTime: T0 + i * 1000,
    jobId: i % 2 ? 'scim.job-odd' : 'scim.job-even',
    cycleId: `cycle-${Math.floor(i / 10)}`,
    provisioningAction: i % 3 === 0 ? 'update' : 'create',
    status: i % 5 === 0 ? 'failure' : 'success',
    durationMs: (i * 37) % 100,
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    source: { id: `src-${i}`, displayName: `User ${i}`, type: 'user' },
    target: { id: `TGT-${i}`, displayName: `user${i}@x.example` },
    sourceSystem: 'Provisio directory',
    targetSystem: i % 2 ? 'MindTickle' : 'Sandbox',
    error:
      i % 5 === 0
        ? {
            errorCode: i % 10 ? 'EntryConflict' : 'Timeout',
            errorCategory: 'failure',
            reason: `reason ${i}`,
            recommendedAction: null,
          }
        : null,
    steps: [
      {
        name: 'EntryImport',
        provisioningStepType: 'import',
        status: 'success',
        description: `Retrieved User 'User ${i}' from Provisio directory`,
        details: {},
      },
    ],
    modifiedProperties: [{ displayName: 'title', oldValue: null, newValue: `Title${i}` }],
    ...over,
  };
}

function ids(q: Record<string, string>): string[] {
  return searchLogs(db, parseLogQuery({ limit: '1000', ...q })).items.map((r) => r.id);
}
const n = (i: number) => `change-${String(i).padStart(4, '0')}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

beforeEach(() => {
  db = openDb(':memory:');
  for (let i = 1; i <= 40; i++) writeLog(db, entry(i));
});

describe('log search filters', () => {
  it.each<[string, Record<string, string>, number[]]>([
    ['status', { status: 'failure' }, [40, 35, 30, 25, 20, 15, 10, 5]],
    ['action', { action: 'update', to: new Date(T0 + 12_000).toISOString() }, [12, 9, 6, 3]],
    ['application', { appId: 'app-odd', from: new Date(T0 + 33_000).toISOString() }, [39, 37, 35, 33]],
    ['job id', { jobId: 'scim.job-even', cycleId: 'cycle-1' }, [18, 16, 14, 12, 10]],
    ['cycle id', { cycleId: 'cycle-0' }, range(1, 9).reverse()],
    ['change id', { changeId: n(17) }, [17]],
    ['source system (any case)', { sourceSystem: 'provisio DIRECTORY', cycleId: 'cycle-4' }, [40]],
    ['target system', { targetSystem: 'sandbox', cycleId: 'cycle-0' }, [8, 6, 4, 2]],
    ['error code', { errorCode: 'Timeout' }, [40, 30, 20, 10]],
    ['date range', { from: new Date(T0 + 5000).toISOString(), to: new Date(T0 + 7000).toISOString() }, [7, 6, 5]],
    ['identity by name (any case)', { identity: 'user 1' }, [19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 1]],
    ['identity by exact name', { identity: 'User 33' }, [33]],
    ['identity by source id', { identity: 'src-7' }, [7]],
    ['identity by target id', { identity: 'TGT-8' }, [8]],
    ['free text in a step description', { q: 'retrieved "user 22"' }, [22]],
    ['free text phrase + prefix in modified values', { q: 'title3*' }, [39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 3]],
    ['free text in the error reason', { q: '"reason 15"' }, [15]],
    ['free text in the error code', { q: 'timeout' }, [40, 30, 20, 10]],
    ['combined', { status: 'failure', action: 'update', appId: 'app-odd' }, [15]],
  ])('%s', (_name, q, expected) => {
    expect(ids(q)).toEqual(expected.map(n));
  });

  it('never turns odd free text into an SQL or FTS syntax error', () => {
    for (const q of ['"', '*', 'AND', 'a OR', 'NEAR(', 'col:x', "'; drop table x; --", '(((', '^', '-x', '\\', '""*'])
      expect(() => ids({ q })).not.toThrow();
  });

  it('sorts by duration both ways and by date ascending, with stable keyset pages', () => {
    const all = searchLogs(db, parseLogQuery({ limit: '1000', sort: 'duration-desc' })).items;
    const durations = all.map((r) => r.durationMs);
    expect(durations).toEqual([...durations].sort((a, b) => b - a));
    for (const sort of ['date-desc', 'date-asc', 'duration-desc', 'duration-asc'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = searchLogs(db, { sort, limit: 7, cursor } as LogQuery);
        seen.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(searchLogs(db, { sort, limit: 1000 } as LogQuery).items.map((r) => r.id));
    }
    expect(ids({ sort: 'date-asc' }).slice(0, 2)).toEqual([n(1), n(2)]);
  });

  it('keeps cursor pages stable while rows are inserted between page loads', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let extra = 1000;
    do {
      const page = searchLogs(db, { sort: 'date-desc', limit: 6, cursor } as LogQuery);
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
      // New events arrive (newer, and one with the very same timestamp as a seen row) while the user pages.
      writeLog(db, entry(extra++, { activityDateTime: T0 + 100_000 + extra }));
      writeLog(db, entry(extra++, { activityDateTime: T0 + 20_000 }));
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const i of range(1, 40)) expect(seen).toContain(n(i));
  });

  it('counts up to the cap, says when it is capped, and refuses to count unindexed-only filters', () => {
    expect(countLogs(db, { status: 'failure' })).toEqual({ count: 8, capped: false });
    expect(countLogs(db, { q: 'timeout' })).toEqual({ count: 4, capped: false });
    expect(countLogs(db, { targetSystem: 'Sandbox' })).toBeNull();
    db.$client.transaction(() => {
      for (let i = 100; i < 100 + COUNT_CAP; i++) writeLog(db, entry(i));
    })();
    expect(countLogs(db, {})).toEqual({ count: COUNT_CAP, capped: true });
  });
});

describe('many matches (FTS probed from the sort index instead of driving)', () => {
  it('gives the same rows, order and pages as a few matches would', () => {
    expect(FTS_DRIVE_LIMIT).toBeLessThan(2600);
    db.$client.transaction(() => {
      for (let i = 2000; i < 4600; i++)
        writeLog(
          db,
          entry(i, {
            activityDateTime: T0 + ((i * 7919) % 5000) * 1000,
            source: { id: `w${i}`, displayName: `Wizard ${i}`, type: 'user' },
          }),
        );
    })();
    expect(ftsIsDense(db, '"wizard"')).toBe(true);
    for (const sort of ['date-desc', 'duration-asc'] as const) {
      const seen: LogRow[] = [];
      let cursor: string | undefined;
      do {
        const page = searchLogs(db, parseLogQuery({ q: 'wizard', sort, limit: '500', ...(cursor ? { cursor } : {}) }));
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toHaveLength(2600);
      const keys = seen.map((r) => [sort === 'date-desc' ? r.activityDateTime : r.durationMs, r.id] as const);
      const sorted = [...keys].sort(
        (a, b) => (a[0] - b[0] || (a[1] < b[1] ? -1 : 1)) * (sort === 'date-desc' ? -1 : 1),
      );
      expect(keys).toEqual(sorted);
    }
    expect(ids({ identity: 'wizard 2001' }).length).toBeGreaterThan(0);
    expect(ids({ identity: 'wizard', status: 'failure' })).toHaveLength(520);
    expect(countLogs(db, { q: 'wizard' })).toEqual({ count: 2600, capped: false });
  });
});

describe('full-text index stays in sync', () => {
  const fts = (q: string) => ids({ q });

  it('follows inserts, updates and deletes', () => {
    expect(fts('wizard')).toEqual([]);
    writeLog(
      db,
      entry(500, { modifiedProperties: [{ displayName: 'title', oldValue: 'Clerk', newValue: 'Chief Wizard' }] }),
    );
    expect(fts('"chief wizard"')).toEqual([n(500)]);
    expect(fts('clerk')).toEqual([n(500)]);
    db.update(provisioningLog)
      .set({ modifiedProperties: '[]', errorReason: 'now a sorcerer' })
      .where(sql`id = ${n(500)}`)
      .run();
    expect(fts('wizard')).toEqual([]);
    expect(fts('sorcerer')).toEqual([n(500)]);
    db.delete(provisioningLog)
      .where(sql`id = ${n(500)}`)
      .run();
    expect(fts('sorcerer')).toEqual([]);
    expect(fts('"user 21"')).toEqual([n(21)]);
  });

  it('rebuilds to the same answers', () => {
    const before = fts('title2*');
    rebuildLogFts(db);
    expect(fts('title2*')).toEqual(before);
    expect(before).toHaveLength(11);
  });
});
