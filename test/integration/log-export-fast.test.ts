import { stringify } from 'csv-stringify/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../db/client';
import { UTF8_BOM } from '../../src/kernel/csv-cell';
import { CSV_COLUMNS, exportLogsCsv, toCsvCells } from '../../src/log/csv-export';
import { timeSlicedCsv } from '../../src/log/export-format';
import { logPages } from '../../src/log/export-pages';
import { exportRowPages } from '../../src/log/export-rows';
import { type LogQuery, parseLogQuery } from '../../src/log/query';
import type { LogEntry } from '../../src/log/types';
import { writeLog } from '../../src/log/write';

// Issue 16: the export reads raw pages through one prepared statement and writes bytes directly. It must give
// the bytes the export gave before (csv-stringify over toCsvCells, searchLogs pages) for every filter.
const T0 = Date.UTC(2026, 10, 28, 10, 0, 0);
const N = 1203; // several read pages of 250 and 500
const names = new Map([
  ['app-1', 'MindTickle'],
  ['app-2', '=Evil, "App"'],
]);
let db: Db;

function entry(i: number): LogEntry {
  const failed = i % 7 === 0;
  return {
    id: `chg-${String((i * 7919) % 10007).padStart(5, '0')}`, // ids not in time order: ties sort by id
    appId: i % 3 === 0 ? 'app-2' : i % 11 === 0 ? 'app-unnamed' : 'app-1',
    activityDateTime: T0 + Math.floor(i / 5) * 1000, // five rows share each time, across page boundaries
    jobId: `job-${i % 2}`,
    cycleId: `cy-${i % 4}`,
    provisioningAction:
      (['create', 'update', 'delete', 'disable', 'other', 'stagedDelete'] as const)[i % 6] ?? 'create',
    status: failed ? 'failure' : i % 5 === 0 ? 'skipped' : 'success',
    durationMs: i % 13,
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    source: {
      id: `s${i}`,
      displayName: i % 9 === 0 ? `=HYPERLINK("http://evil/${i}")` : i % 4 === 0 ? null : `García, "${i}"`,
      type: 'user',
    },
    target: { id: i % 6 === 0 ? null : `t${i}`, displayName: i % 8 === 0 ? ` -minus ${i}` : null },
    sourceSystem: i % 10 === 0 ? 'LDAP' : 'Provisio directory',
    targetSystem: 'App',
    error: failed
      ? { errorCode: 'Timeout', errorCategory: 'failure', reason: `slow\r\nline ${i}`, recommendedAction: '@retry' }
      : null,
    steps:
      i % 17 === 0
        ? []
        : [
            {
              name: 'EntryImport',
              provisioningStepType: 'import',
              status: 'success',
              description: `Retrieved 'user ${i}' 👍`,
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
            { displayName: 'addresses[type eq "work"].locality', oldValue: null, newValue: 'Zürich' },
          ]
        : [],
  };
}

/** The export before issue 16, as the reference: csv-stringify over toCsvCells, searchLogs pages of 500. */
async function reference(q: LogQuery): Promise<Buffer> {
  let text = stringify([[...CSV_COLUMNS]]);
  for await (const rows of logPages(db, q))
    text += stringify(rows.map((r) => toCsvCells(r, names.get(r.appId) ?? r.appId)));
  return Buffer.from(text);
}

async function bytes(chunks: AsyncIterable<string | Uint8Array>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of chunks) out.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
  return Buffer.concat(out);
}

beforeAll(() => {
  db = openDb(':memory:');
  db.$client.transaction(() => {
    for (let i = 1; i <= N; i++) writeLog(db, entry(i));
  })();
});

const FILTERS: Record<string, string>[] = [
  {},
  { sort: 'date-asc' },
  { sort: 'duration-desc' },
  { sort: 'duration-asc' },
  { status: 'failure' },
  { action: 'update' },
  { appId: 'app-2' },
  { appId: 'app-unnamed', sort: 'date-asc' },
  { q: 'García' },
  { q: 'Zürich', status: 'success' },
  { identity: 's99' },
  { identity: 'García' },
  { jobId: 'job-1', cycleId: 'cy-3' },
  { errorCode: 'Timeout', sort: 'duration-asc' },
  { sourceSystem: 'ldap' },
  { from: new Date(T0 + 30_000).toISOString(), to: new Date(T0 + 90_000).toISOString() },
  { to: new Date(T0 + 100_000).toISOString(), action: 'create' },
  { changeId: 'chg-07919' },
];

describe('CSV export fast path (raw prepared pages, bytes written per record)', () => {
  it.each(FILTERS)('gives the bytes of the export before it for %j', async (filter) => {
    const q = parseLogQuery({ ...filter, limit: '7', cursor: undefined });
    const fast = await bytes(exportLogsCsv(db, q, names));
    const ref = await reference(q);
    expect(fast.equals(ref)).toBe(true);
    expect(fast.toString('utf8').split('\n').length).toBeGreaterThan(1);
  });

  it('keeps order and count over many small pages, ties on equal times included', async () => {
    for (const sort of ['date-desc', 'date-asc', 'duration-desc'] as const) {
      const q = parseLogQuery({ sort });
      const small = await bytes(timeSlicedCsv(exportRowPages(db, q, 3), names));
      const ref = await reference(q);
      expect(Buffer.concat([Buffer.from(stringify([[...CSV_COLUMNS]])), small]).equals(ref)).toBe(true);
      expect(small.toString('utf8').match(/^chg-\d{5},/gm)).toHaveLength(N);
    }
  });

  it('writes the header, guards formulas, keeps Unicode, and has no BOM of its own', async () => {
    const text = (await bytes(exportLogsCsv(db, parseLogQuery({ appId: 'app-2' }), names))).toString('utf8');
    expect(text.startsWith(UTF8_BOM)).toBe(false);
    expect(text.split('\n')[0]).toBe(CSV_COLUMNS.join(','));
    expect(text).toContain(`"'=Evil, ""App"""`);
    expect(text).toContain(`'=HYPERLINK(""http://evil/`);
    expect(text).toContain(",' -minus 24,"); // leading spaces are looked through
    expect(text).toContain('"title: A -> @SUM(1) | addresses[type eq ""work""].locality:  -> Zürich"');
    expect(text).toContain('"García, ""');
    expect(text).toContain('👍');
  });

  it('an empty result is the header alone', async () => {
    const q = parseLogQuery({ appId: 'no-such-app' });
    const fast = await bytes(exportLogsCsv(db, q, names));
    expect(fast.toString('utf8')).toBe(`${CSV_COLUMNS.join(',')}\n`);
    expect(fast.equals(await reference(q))).toBe(true);
  });
});
