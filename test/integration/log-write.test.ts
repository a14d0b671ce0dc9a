import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/client';
import { getLogRow, parseLogQuery, searchLogs } from '../../src/log/query';
import { rowModifiedProperties, rowSteps } from '../../src/log/row-json';
import type { LogEntry } from '../../src/log/types';
import { connectionOf, writeLog, writeLogs } from '../../src/log/write';

const T0 = Date.UTC(2026, 11, 5, 10, 0, 0);

function entry(i: number): LogEntry {
  return {
    id: `w-${i}`,
    appId: 'app-1',
    activityDateTime: T0 + i,
    jobId: 'scim.job',
    cycleId: 'cycle-1',
    provisioningAction: 'create',
    status: i % 2 ? 'failure' : 'success',
    durationMs: 10 + i,
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    source: { id: `src-${i}`, displayName: `Writer Person${i}`, type: 'user' },
    target: { id: i % 2 ? null : `tgt-${i}`, displayName: null },
    sourceSystem: 'Provisio directory',
    targetSystem: 'Sandbox',
    error:
      i % 2
        ? { errorCode: 'EntryConflict', errorCategory: 'failure', reason: 'clash', recommendedAction: 'Fix it' }
        : null,
    steps: [
      {
        name: 'EntryImport',
        provisioningStepType: 'import',
        status: 'success',
        description: `Retrieved 'Writer Person${i}'`,
        details: { UPN: `person${i}@contoso.test` },
      },
    ],
    modifiedProperties: [{ displayName: 'title', oldValue: null, newValue: `Title${i}` }],
  };
}

let db = openDb(':memory:');
const ids = (q: Record<string, string>) => searchLogs(db, parseLogQuery({ limit: '100', ...q })).items.map((r) => r.id);

describe('log writer (prepared statements per connection)', () => {
  it('stores every column, serialised steps and properties, and indexes the row for search', () => {
    db = openDb(':memory:');
    writeLog(db, entry(1));
    const row = getLogRow(db, 'w-1');
    expect(row).toMatchObject({
      appId: 'app-1',
      activityDateTime: T0 + 1,
      provisioningAction: 'create',
      status: 'failure',
      durationMs: 11,
      initiatedByType: 'system',
      sourceId: 'src-1',
      sourceType: 'user',
      targetId: null,
      errorCode: 'EntryConflict',
      errorCategory: 'failure',
      errorReason: 'clash',
      recommendedAction: 'Fix it',
    });
    expect(row && rowSteps(row)).toEqual(entry(1).steps);
    expect(row && rowModifiedProperties(row)).toEqual(entry(1).modifiedProperties);
    expect(ids({ identity: 'person1@contoso.test' })).toEqual(['w-1']);
    expect(ids({ q: 'clash' })).toEqual(['w-1']);
  });

  it('writes inside the caller transaction: a rollback takes the row and its search entry with it', () => {
    db = openDb(':memory:');
    expect(() =>
      db.transaction((tx) => {
        writeLog(tx, entry(2));
        expect(connectionOf(tx)).toBe(db.$client);
        throw new Error('state change failed');
      }),
    ).toThrow('state change failed');
    expect(getLogRow(db, 'w-2')).toBeUndefined();
    expect(ids({ identity: 'Writer' })).toEqual([]);
    writeLog(db, entry(2));
    expect(ids({ identity: 'Writer' })).toEqual(['w-2']);
  });

  it('writes a batch all or nothing, in or outside a transaction', () => {
    db = openDb(':memory:');
    writeLogs(db, [entry(3), entry(4)]);
    expect(() => writeLogs(db, [entry(5), entry(3)])).toThrow(/UNIQUE/);
    expect(getLogRow(db, 'w-5')).toBeUndefined();
    db.transaction((tx) => writeLogs(tx, [entry(6), entry(7)]));
    writeLogs(db, []);
    expect(ids({}).sort()).toEqual(['w-3', 'w-4', 'w-6', 'w-7']);
  });

  it('keeps statements per connection: two databases never share one', () => {
    const a = openDb(':memory:');
    const b = openDb(':memory:');
    writeLog(a, entry(8));
    writeLog(b, entry(9));
    expect(getLogRow(a, 'w-9')).toBeUndefined();
    expect(getLogRow(b, 'w-8')).toBeUndefined();
    expect(getLogRow(b, 'w-9')?.id).toBe('w-9');
  });
});
