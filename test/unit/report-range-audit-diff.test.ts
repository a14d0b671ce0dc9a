/** Pure parts of issue 8: report ranges and their default buckets (the audit diff: audit-diff.test.ts). */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/kernel/errors';
import { bucketStarts, HOUR_MS, parseReportRange, reportRangeParams } from '../../src/reports/range';

const NOW = Date.UTC(2026, 10, 28, 9, 30, 0);

describe('report ranges', () => {
  it('counts presets back from the current hour, in hours up to a week and days beyond', () => {
    const day = parseReportRange({ range: '24h' }, NOW);
    expect(day.toHour - day.fromHour).toBe(24);
    expect(day.toHour * HOUR_MS).toBe(Date.UTC(2026, 10, 28, 10, 0, 0));
    expect(bucketStarts(day)).toHaveLength(24);
    expect(parseReportRange({}, NOW).range).toBe('7d');
    expect(parseReportRange({ range: '7d' }, NOW).bucket).toBe('hour');
    const q = parseReportRange({ range: '90d', appId: 'a1' }, NOW);
    expect(q.bucket).toBe('day');
    expect(bucketStarts(q)).toHaveLength(91); // the first, partial day included
    expect(bucketStarts(q).every((t) => t % 86_400_000 === 0)).toBe(true);
    expect(reportRangeParams(q)).toEqual({ range: '90d', appId: 'a1', from: undefined, to: undefined });
  });

  it('takes custom ranges up to a year and refuses the rest', () => {
    const r = parseReportRange({ range: 'custom', from: '2026-11-01T00:00:00Z', to: '2026-11-03T00:00:00Z' }, NOW);
    expect([r.fromHour * HOUR_MS, r.toHour * HOUR_MS]).toEqual([Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 3)]);
    expect(r.bucket).toBe('hour');
    expect(() => parseReportRange({ range: 'custom' }, NOW)).toThrow(ValidationError);
    expect(() => parseReportRange({ range: 'custom', from: '2020-01-01' }, NOW)).toThrow(/at most a year/);
    expect(() => parseReportRange({ range: 'custom', from: '2026-11-05', to: '2026-11-01' }, NOW)).toThrow(/before/);
    expect(() => parseReportRange({ range: '1y' }, NOW)).toThrow(ValidationError);
  });
});
