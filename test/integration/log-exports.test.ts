import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../db/client';
import { exportLogsBundle } from '../../src/log/bundle-export';
import { exportLogsCsv } from '../../src/log/csv-export';
import { exportLogsNdjson } from '../../src/log/ndjson-export';
import { parseLogQuery } from '../../src/log/query';
import type { LogEntry } from '../../src/log/types';
import { writeLog } from '../../src/log/write';

const T0 = Date.UTC(2026, 10, 28, 10, 0, 0);
const N = 2503; // more than two export pages
let db: Db;

function entry(i: number): LogEntry {
  return {
    id: `chg-${String(i).padStart(5, '0')}`,
    appId: 'app-1',
    activityDateTime: T0 + i,
    jobId: 'job',
    cycleId: 'cy',
    provisioningAction: i % 4 === 0 ? 'update' : 'create',
    status: i % 7 === 0 ? 'failure' : 'success',
    durationMs: i % 50,
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    source: { id: `s${i}`, displayName: i === 8 ? '=HYPERLINK("http://evil")' : `User, "${i}"`, type: 'user' },
    target: { id: `t${i}`, displayName: null },
    sourceSystem: 'Provisio directory',
    targetSystem: 'App',
    error:
      i % 7 === 0
        ? { errorCode: 'Timeout', errorCategory: 'failure', reason: 'slow\nline', recommendedAction: null }
        : null,
    steps: [
      {
        name: 'EntryImport',
        provisioningStepType: 'import',
        status: 'success',
        description: `Retrieved ${i}`,
        details: { UPN: `u${i}@x` },
      },
      {
        name: 'EntryExportUpdate',
        provisioningStepType: 'export',
        status: 'success',
        description: '+cmd',
        details: {},
      },
    ],
    modifiedProperties:
      i % 4 === 0
        ? [
            { displayName: 'title', oldValue: 'A', newValue: '@SUM(1)' },
            { displayName: 'secret', oldValue: null, newValue: '[Redact]' },
          ]
        : [],
  };
}

async function collect<T extends string | Uint8Array>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const c of gen) out.push(c);
  return out;
}

beforeAll(() => {
  db = openDb(':memory:');
  db.$client.transaction(() => {
    for (let i = 1; i <= N; i++) writeLog(db, entry(i));
  })();
});

const names = new Map([['app-1', 'MindTickle']]);

describe('exports of the current filter', () => {
  it('CSV: one row per event, every row, guarded cells', async () => {
    const text = (await collect(exportLogsCsv(db, parseLogQuery({}), names))).join('');
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(N);
    expect(new Set(rows.map((r) => r.changeId)).size).toBe(N);
    expect(rows.find((r) => r.changeId === 'chg-00008')?.sourceDisplayName).toBe(`'=HYPERLINK("http://evil")`);
    expect(rows.find((r) => r.changeId === 'chg-00007')?.errorReason).toBe('slow\nline');
  });

  it('Entra bundle: three CSV files joined by change id, parsed back from the zip', async () => {
    const q = parseLogQuery({ action: 'update' });
    const chunks = await collect(exportLogsBundle(db, q, names, T0));
    expect(chunks.length).toBeGreaterThan(3); // streamed, not one buffer
    const zip = Buffer.concat(chunks);
    const files = unzipSync(new Uint8Array(zip));
    expect(Object.keys(files)).toEqual([
      'ProvisioningLogs.csv',
      'ProvisioningLogs_ProvisioningSteps.csv',
      'ProvisioningLogs_ModifiedProperties.csv',
    ]);
    const read = (name: string) =>
      parse(Buffer.from(files[name] ?? new Uint8Array()).toString('utf8'), { columns: true }) as Record<
        string,
        string
      >[];
    const events = read('ProvisioningLogs.csv');
    const steps = read('ProvisioningLogs_ProvisioningSteps.csv');
    const props = read('ProvisioningLogs_ModifiedProperties.csv');
    const updates = Math.floor(N / 4);
    expect(events).toHaveLength(updates);
    expect(Object.keys(events[0] ?? {})).not.toContain('steps');
    expect(steps).toHaveLength(updates * 2);
    expect(props).toHaveLength(updates * 2);
    const eventIds = new Set(events.map((e) => e.changeId));
    expect(steps.every((s) => eventIds.has(s.changeId ?? ''))).toBe(true);
    expect(steps.find((s) => s.changeId === 'chg-00008' && s.stepNumber === '1')).toMatchObject({
      name: 'EntryImport',
      description: 'Retrieved 8',
      details: '{"UPN":"u8@x"}',
    });
    expect(steps.find((s) => s.changeId === 'chg-00008' && s.stepNumber === '2')?.description).toBe(`'+cmd`);
    expect(props.filter((p) => p.changeId === 'chg-00008')).toEqual([
      { changeId: 'chg-00008', displayName: 'title', oldValue: 'A', newValue: `'@SUM(1)` },
      { changeId: 'chg-00008', displayName: 'secret', oldValue: '', newValue: '[Redact]' },
    ]);
  });

  it('NDJSON: one Graph-shaped object per line', async () => {
    const text = (await collect(exportLogsNdjson(db, parseLogQuery({ status: 'failure' }), names))).join('');
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(Math.floor(N / 7));
    expect(lines[0]).toMatchObject({
      id: 'chg-02499',
      servicePrincipal: { id: 'app-1', displayName: 'MindTickle' },
      provisioningStatusInfo: { status: 'failure', errorInformation: { errorCode: 'Timeout' } },
    });
  });
});
