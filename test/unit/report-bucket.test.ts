/** The reports' bucket chooser (issue 15 item 13): the range and its data decide hour, day or week. */
import { describe, expect, it } from 'vitest';
import { bucketStartHour, chooseBucket, windowStarts } from '../../src/reports/bucket';

// 2026-11-28 10:00 UTC, a Saturday, as an hour number; ranges end there.
const TO = Date.UTC(2026, 10, 28, 10) / 3_600_000;
const DAY = 24;

describe('chooseBucket', () => {
  const cases: {
    name: string;
    span: number;
    firstAgo: number | null;
    active: number;
    bucket: 'hour' | 'day' | 'week';
    trimmedTo?: number;
  }[] = [
    { name: '24 hours, busy', span: DAY, firstAgo: 20, active: 12, bucket: 'hour' },
    { name: '24 hours, one active hour', span: DAY, firstAgo: 3, active: 1, bucket: 'hour' },
    { name: '48 hours is still hourly', span: 2 * DAY, firstAgo: 47, active: 2, bucket: 'hour' },
    { name: '7 days, dense (every other hour)', span: 7 * DAY, firstAgo: 167, active: 84, bucket: 'hour' },
    { name: '7 days, one daily cycle', span: 7 * DAY, firstAgo: 160, active: 7, bucket: 'day' },
    { name: '30 days of daily cycles', span: 30 * DAY, firstAgo: 700, active: 40, bucket: 'day' },
    { name: '90 days', span: 90 * DAY, firstAgo: 2000, active: 300, bucket: 'day' },
    { name: 'a custom year', span: 365 * DAY, firstAgo: 8000, active: 2000, bucket: 'week' },
    { name: 'nothing at all keeps the range', span: 30 * DAY, firstAgo: null, active: 0, bucket: 'day' },
    // Five minutes of history in a 30-day range: the last day, hourly, not one hairline.
    { name: '30 days holding 5 minutes', span: 30 * DAY, firstAgo: 1, active: 1, bucket: 'hour', trimmedTo: DAY },
    // Three days of history in 90 days: from the first activity (start of that day), hourly.
    { name: '90 days holding 2 days', span: 90 * DAY, firstAgo: 40, active: 20, bucket: 'hour', trimmedTo: 40 },
    { name: '90 days holding 10 days', span: 90 * DAY, firstAgo: 10 * DAY, active: 30, bucket: 'day', trimmedTo: 250 },
    // Data in more than half the range: the range is kept whole.
    { name: '30 days holding 20 days', span: 30 * DAY, firstAgo: 20 * DAY, active: 60, bucket: 'day' },
  ];

  it.each(cases)('$name → $bucket', (c) => {
    const fromHour = TO - c.span;
    const w = chooseBucket(
      { fromHour, toHour: TO },
      { firstHour: c.firstAgo === null ? null : TO - c.firstAgo, activeHours: c.active },
    );
    expect(w.bucket).toBe(c.bucket);
    expect(w.toHour).toBe(TO);
    expect(w.trimmed).toBe(c.trimmedTo !== undefined);
    // The window starts at a bucket boundary, at or before the trimmed start and never before the range's bucket.
    expect(bucketStartHour(w.bucket, w.fromHour)).toBe(w.fromHour);
    const expectedStart = c.trimmedTo === undefined ? fromHour : TO - c.trimmedTo;
    expect(w.fromHour).toBe(bucketStartHour(w.bucket, expectedStart));
  });
});

describe('bucket boundaries', () => {
  it('starts weeks on Monday and days at midnight, UTC', () => {
    const monday = Date.UTC(2026, 10, 23) / 3_600_000;
    expect(bucketStartHour('week', TO)).toBe(monday);
    expect(bucketStartHour('week', monday)).toBe(monday);
    expect(bucketStartHour('day', TO)).toBe(Date.UTC(2026, 10, 28) / 3_600_000);
    expect(bucketStartHour('hour', TO)).toBe(TO);
  });

  it('lists every bucket start of a window, the partial first one included', () => {
    const weeks = windowStarts({ bucket: 'week', fromHour: TO - 365 * DAY, toHour: TO, trimmed: false });
    expect(weeks).toHaveLength(53);
    expect(weeks.every((ms) => new Date(ms).getUTCDay() === 1)).toBe(true);
    expect(windowStarts({ bucket: 'hour', fromHour: TO - 24, toHour: TO, trimmed: false })).toHaveLength(24);
    expect(windowStarts({ bucket: 'day', fromHour: TO - 7 * DAY, toHour: TO, trimmed: false })).toHaveLength(8);
  });
});
