/**
 * Issue 16: a file database's CSV export is read and formatted in a worker thread (src/log/worker-export.ts).
 * It must write the same bytes as the in-thread export, for any filter, stop its thread when the consumer
 * stops early, and fail loudly rather than end short.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../db/client';
import { exportLogsCsv } from '../../src/log/csv-export';
import { parseLogQuery } from '../../src/log/query';
import type { LogEntry } from '../../src/log/types';
import { csvPagesInWorker, workerFileOf } from '../../src/log/worker-export';
import { writeLogs } from '../../src/log/write';

const T0 = Date.UTC(2026, 10, 28, 10, 0, 0);
const N = 2_345; // several pages of 500
let dir = '';
let db: Db;

function entry(i: number): LogEntry {
  const failed = i % 7 === 0;
  return {
    id: `chg-${String(i).padStart(5, '0')}`,
    appId: i % 3 ? 'app-1' : 'app-2',
    activityDateTime: T0 + i * 1000,
    jobId: 'job',
    cycleId: 'cy',
    provisioningAction: i % 4 === 0 ? 'update' : 'create',
    status: failed ? 'failure' : 'success',
    durationMs: i % 50,
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    source: { id: `s${i}`, displayName: i % 100 === 8 ? '=HYPERLINK("http://evil")' : `Üser, "${i}"`, type: 'user' },
    target: { id: `t${i}`, displayName: null },
    sourceSystem: 'Provisio directory',
    targetSystem: 'App',
    error: failed
      ? { errorCode: 'Timeout', errorCategory: 'failure', reason: 'slow\r\nline', recommendedAction: null }
      : null,
    steps: [
      { name: 'EntryImport', provisioningStepType: 'import', status: 'success', description: `Got ${i}`, details: {} },
    ],
    modifiedProperties: i % 4 === 0 ? [{ displayName: 'title', oldValue: 'A', newValue: '@SUM(1)' }] : [],
  };
}

const names = new Map([['app-1', 'MindTickle']]);

async function text(gen: AsyncGenerator<string>): Promise<string> {
  let out = '';
  for await (const c of gen) out += c;
  return out;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-export-worker-'));
  db = openDb(path.join(dir, 'log.db'));
  writeLogs(
    db,
    Array.from({ length: N }, (_, i) => entry(i + 1)),
  );
});
afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('CSV export in a worker thread', { timeout: 120_000 }, () => {
  it('runs in a worker for a file database only', () => {
    expect(workerFileOf(db.$client)).toBe(path.join(dir, 'log.db'));
    const mem = openDb(':memory:');
    expect(workerFileOf(mem.$client)).toBeNull();
  });

  it('writes the same bytes as the in-thread export, for several filters and sorts', async () => {
    for (const filter of [{}, { status: 'failure' }, { sort: 'duration-asc' }, { q: 'Üser' }, { appId: 'app-2' }]) {
      const q = parseLogQuery(filter);
      const inThread = await text(exportLogsCsv(db, q, names, { inWorker: false }));
      const inWorker = await text(exportLogsCsv(db, q, names));
      expect(inWorker.length).toBeGreaterThan(1000);
      expect(inWorker).toBe(inThread);
    }
    const all = await text(exportLogsCsv(db, parseLogQuery({}), names));
    expect(all.split('\n').filter((l) => l.startsWith('chg-'))).toHaveLength(N);
  });

  it('stops its thread when the consumer stops after the first page', async () => {
    const gen = csvPagesInWorker(path.join(dir, 'log.db'), parseLogQuery({}), names);
    const first = await gen.next();
    expect(first.value).toContain('chg-');
    await gen.return(undefined);
    expect((await gen.next()).done).toBe(true);
  });

  it('fails with a message, not a short file, when the worker cannot read', async () => {
    const gen = csvPagesInWorker(path.join(dir, 'missing.db'), parseLogQuery({}), names);
    await expect(text(gen)).rejects.toThrow(/Log export failed/);
  });
});
