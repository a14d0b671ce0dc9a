import { describe, expect, it } from 'vitest';
import { csvLine } from '../../src/log/csv-line';
import { csvRecord, timeSlicedCsv } from '../../src/log/export-format';
import type { ExportRow } from '../../src/log/export-rows';

const T = Date.UTC(2026, 11, 5, 12, 0, 0);
const row = (i: number): ExportRow => [
  `chg-${i}`,
  T + i,
  'app-1',
  'job',
  'cy',
  'create',
  'success',
  i % 100,
  'Provisio provisioning service',
  `s${i}`,
  `García, "${i}"`,
  null,
  null,
  'Provisio directory',
  'App',
  null,
  null,
  null,
  null,
  JSON.stringify([
    { name: 'EntryImport', provisioningStepType: 'import', status: 'success', description: 'x', details: {} },
  ]),
  '[]',
];

describe('timeSlicedCsv (the export streams what the consumer pulls)', () => {
  it('reads pages only as chunks are taken, each chunk bounded, records whole', async () => {
    let pulled = 0;
    function* endless(): Generator<ExportRow[]> {
      for (let p = 0; ; p++) {
        pulled++;
        yield Array.from({ length: 250 }, (_, k) => row(p * 250 + k));
      }
    }
    const chunks = timeSlicedCsv(endless(), new Map([['app-1', 'MindTickle']]));
    const taken: Buffer[] = [];
    for (let n = 0; n < 3; n++) {
      const next = await chunks.next();
      if (!next.done) taken.push(next.value);
    }
    await chunks.return(undefined);
    // A slow client: the generator stopped after what three chunks hold, not after every row it could read.
    const rows = Buffer.concat(taken).toString('utf8').split('\n').length - 1;
    expect(pulled).toBeLessThanOrEqual(Math.ceil(rows / 250) + 1);
    for (const c of taken) expect(c.length).toBeLessThanOrEqual(256 * 1024);
    expect(Buffer.concat(taken).toString('utf8').endsWith('\n')).toBe(true);
  });

  it('a record is the csvLine of the row cells', () => {
    const r = row(7);
    const cells = [
      'chg-7',
      new Date(T + 7).toISOString(),
      'MindTickle',
      'job',
      'cy',
      'create',
      'success',
      '7',
      'Provisio provisioning service',
      's7',
      'García, "7"',
      '',
      '',
      'Provisio directory',
      'App',
      '',
      '',
      '',
      '',
      'import:success: x',
      '',
    ];
    expect(csvRecord(r, 'MindTickle')).toBe(csvLine(cells));
  });
});
