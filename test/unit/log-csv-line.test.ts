import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { guardCell } from '../../src/kernel/csv-cell';
import { csvField, csvLine } from '../../src/log/csv-line';

const TRICKY = [
  '',
  'plain',
  'García Müller',
  'a,b',
  'say "hi"',
  '"',
  'line\nbreak',
  'cr\rhere',
  'crlf\r\n',
  '=1+2',
  '+49 30',
  '-3',
  '@SUM(A1)',
  '\tTab',
  '  =spaced',
  ' leading space',
  "'=already",
  'x=1',
  '=HYPERLINK("http://x","y")',
  'emoji 👍, and "quotes"',
];

describe('csvLine (the log export hand-rolled record)', () => {
  it('writes what csv-stringify wrote for the guarded cells, value by value and as one record', () => {
    for (const v of TRICKY) {
      expect(csvLine([v])).toBe(stringify([[guardCell(v)]]));
      expect(csvField(v)).toBe(stringify([[v]]).slice(0, -1));
    }
    expect(csvLine(TRICKY)).toBe(stringify([TRICKY.map(guardCell)]));
  });

  it('guards formulas exactly as guardCell does, and only once', () => {
    expect(csvLine(['=1', '-2', 'ok'])).toBe("'=1,'-2,ok\n");
    expect(csvLine([guardCell('=1')])).toBe("'=1\n");
  });
});
