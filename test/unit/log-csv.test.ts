import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { guardCell } from '../../src/kernel/csv-cell';
import { toCsvCells } from '../../src/log/csv-export';
import type { LogRow } from '../../src/log/query';

describe('guardCell', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+1+1', `'+1+1`],
    ['-2', `'-2`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tx', `'\tx`],
    ['  =1+1', `'  =1+1`],
    ['\n=1', `'\n=1`],
    ['plain', 'plain'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %j', (input, out) => expect(guardCell(input)).toBe(out));
});

const row: LogRow = {
  id: 'c1',
  appId: 'a1',
  activityDateTime: Date.UTC(2026, 10, 28, 12, 0, 0),
  jobId: 'job',
  cycleId: 'cy',
  provisioningAction: 'update',
  status: 'failure',
  durationMs: 12,
  initiatedByType: 'system',
  initiatedByName: 'Provisio provisioning service',
  sourceId: 's1',
  sourceDisplayName: '=cmd|"/c calc"!A1, "quoted"\nnewline',
  sourceType: 'user',
  targetId: null,
  targetDisplayName: null,
  sourceSystem: 'Provisio directory',
  targetSystem: 'App',
  errorCode: 'EntryConflict',
  errorCategory: 'nonServiceFailure',
  errorReason: 'conflict',
  recommendedAction: null,
  steps: JSON.stringify([
    { name: 'EntryImport', provisioningStepType: 'import', status: 'success', description: 'Retrieved', details: {} },
  ]),
  modifiedProperties: JSON.stringify([{ displayName: 'title', oldValue: 'A', newValue: 'B' }]),
};

describe('toCsvCells', () => {
  it('survives a CSV round trip with commas, quotes, newlines and formula guards', () => {
    const text = stringify([toCsvCells(row, 'App, Inc.')]);
    const [back] = parse(text) as string[][];
    expect(back?.[2]).toBe('App, Inc.');
    expect(back?.[10]).toBe(`'=cmd|"/c calc"!A1, "quoted"\nnewline`);
    expect(back?.[19]).toBe('import:success: Retrieved');
    expect(back?.[20]).toBe('title: A -> B');
    expect(back?.[11]).toBe('');
  });
});
