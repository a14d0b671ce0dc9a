/** The reports' time range and application filter: parsing and bucketing only (pure). */
import { z } from 'zod';
import { ValidationError } from '../kernel/errors';
import { parseOrThrow } from '../kernel/parse';
import { windowStarts } from './bucket';

export const HOUR_MS = 3_600_000;
export const RANGES = ['24h', '7d', '30d', '90d', 'custom'] as const;
export type RangeKey = (typeof RANGES)[number];

const RANGE_HOURS: Record<Exclude<RangeKey, 'custom'>, number> = { '24h': 24, '7d': 168, '30d': 720, '90d': 2160 };
/** Custom ranges are capped at a year: the rollups are hourly, so a year is at most ~9k buckets per series. */
const MAX_CUSTOM_HOURS = 366 * 24;

const empty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const date = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date')
  .transform((v) => Date.parse(v));

const schema = z.object({
  range: z.preprocess(empty, z.enum(RANGES).default('7d')),
  appId: z.preprocess(empty, z.string().trim().max(200).optional()),
  from: z.preprocess(empty, date.optional()),
  to: z.preprocess(empty, date.optional()),
});

export interface ReportRange {
  range: RangeKey;
  appId: string | undefined;
  /** Inclusive first hour and exclusive last hour (UTC hours since the epoch). */
  fromHour: number;
  toHour: number;
  /** Which rollup the range reads: hours up to 7 days, days beyond (the charts' bucket is chosen in bucket.ts). */
  bucket: 'hour' | 'day';
}

/** Parse ?range=&appId=&from=&to= against `now`; custom needs from (to defaults to now). */
export function parseReportRange(params: Record<string, string | undefined>, now: number): ReportRange {
  const q = parseOrThrow(schema, params, 'report filter');
  const nowHour = Math.floor(now / HOUR_MS) + 1;
  let fromHour: number;
  let toHour = nowHour;
  if (q.range === 'custom') {
    if (q.from === undefined)
      throw new ValidationError('A custom range needs "from"', [{ path: 'from', message: 'required' }]);
    fromHour = Math.floor(q.from / HOUR_MS);
    if (q.to !== undefined) toHour = Math.min(nowHour, Math.ceil(q.to / HOUR_MS));
    if (fromHour >= toHour)
      throw new ValidationError('"from" must be before "to"', [{ path: 'from', message: 'after "to"' }]);
    if (toHour - fromHour > MAX_CUSTOM_HOURS) {
      throw new ValidationError('A custom range spans at most a year', [{ path: 'from', message: 'too early' }]);
    }
  } else {
    fromHour = nowHour - RANGE_HOURS[q.range];
  }
  return { range: q.range, appId: q.appId, fromHour, toHour, bucket: toHour - fromHour > 168 ? 'day' : 'hour' };
}

/** Every bucket start (ms) in the range at its default bucket (hours up to a week, days beyond). */
export function bucketStarts(r: ReportRange): number[] {
  return windowStarts({ bucket: r.bucket, fromHour: r.fromHour, toHour: r.toHour, trimmed: false });
}

/** The range as query parameters again (for links, CSV and the form). */
export function reportRangeParams(r: ReportRange): Record<string, string | undefined> {
  return {
    range: r.range,
    appId: r.appId,
    from: r.range === 'custom' ? new Date(r.fromHour * HOUR_MS).toISOString() : undefined,
    to: r.range === 'custom' ? new Date(r.toHour * HOUR_MS).toISOString() : undefined,
  };
}
