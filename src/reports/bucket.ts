/**
 * Which bucket a time-series report draws with, and where it starts (pure). A fixed "hours up to a week, days
 * beyond" rule drew a week of one daily cycle as 168 bars with 7 spikes, and 30 days holding five minutes of
 * history as one hairline. Here the range and what is in it decide.
 */

export type Bucket = 'hour' | 'day' | 'week';

/** What the rollup holds in the requested range: its first hour with rows and how many hours have rows. */
export interface DataExtent {
  firstHour: number | null;
  activeHours: number;
}

export interface SeriesWindow {
  bucket: Bucket;
  /** First hour drawn (bucket-aligned); later than the range's start when the range was trimmed. */
  fromHour: number;
  toHour: number;
  /** True when the empty start of the range was left out (the page says so). */
  trimmed: boolean;
}

const DAY_HOURS = 24;
/** Spans up to this are always hourly: at most 48 bars. */
const HOURLY_MAX = 48;
/** Up to two weeks, hourly only when at least a quarter of the hours have activity; otherwise days. */
const DENSE_MAX = 14 * DAY_HOURS;
const DENSE_SHARE = 0.25;
/** Up to 120 days, days (≤ 120 bars); beyond, weeks (a year is 53). */
const DAILY_MAX = 120 * DAY_HOURS;
/** A trimmed window still shows at least a day, so a few minutes of history are not a single bar. */
const MIN_WINDOW = DAY_HOURS;

/** The first hour of the bucket holding `hour` (weeks start on Monday, UTC; 1970-01-01 was a Thursday). */
export function bucketStartHour(bucket: Bucket, hour: number): number {
  if (bucket === 'hour') return hour;
  const day = Math.floor(hour / DAY_HOURS);
  if (bucket === 'day') return day * DAY_HOURS;
  return (day - ((day + 3) % 7)) * DAY_HOURS;
}

/** Hours per bucket. */
export const bucketHours = (bucket: Bucket): number => (bucket === 'hour' ? 1 : bucket === 'day' ? 24 : 168);

function bucketFor(spanHours: number, activeHours: number): Bucket {
  if (spanHours <= HOURLY_MAX) return 'hour';
  if (spanHours <= DENSE_MAX) return activeHours / spanHours >= DENSE_SHARE ? 'hour' : 'day';
  return spanHours <= DAILY_MAX ? 'day' : 'week';
}

/**
 * Choose the bucket for [fromHour, toHour) given the data in it. When the data fills less than half of the
 * range, the window starts at the first activity (at least a day before the end), so recent history is drawn
 * at a readable size rather than squeezed into the last bar.
 */
export function chooseBucket(range: { fromHour: number; toHour: number }, data: DataExtent): SeriesWindow {
  const { fromHour, toHour } = range;
  let start = fromHour;
  if (data.firstHour !== null && (toHour - data.firstHour) * 2 < toHour - fromHour) {
    start = Math.max(fromHour, Math.min(data.firstHour, toHour - MIN_WINDOW));
  }
  const bucket = bucketFor(toHour - start, data.activeHours);
  const aligned = bucketStartHour(bucket, start);
  return { bucket, fromHour: aligned, toHour, trimmed: start > fromHour };
}

/** Every bucket start (ms) of the window, so series have explicit zeros rather than gaps. */
export function windowStarts(w: SeriesWindow): number[] {
  const step = bucketHours(w.bucket);
  const out: number[] = [];
  for (let h = bucketStartHour(w.bucket, w.fromHour); h < w.toHour; h += step) out.push(h * 3_600_000);
  return out;
}
