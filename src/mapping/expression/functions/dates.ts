/**
 * Date functions. Entra has no date type in mappings: dates travel as strings, and the functions that
 * make one (Now, CDate, DateAdd, DateFromNum) print Entra's "M/d/yyyy h:mm:ss tt" in UTC.
 */
import type { PlainValue } from '../values';
import { int, text } from './coerce';
import { parseExact } from './date-exact';
import { ENTRA_DATE_FORMAT, formatDate } from './date-format';
import { parseIso, parseLoose } from './date-parse';
import { type CallContext, type FunctionDef, fn } from './types';

const DAY = 86_400_000;
// Active Directory stores dates as 100 ns ticks since 1601-01-01 UTC.
const AD_EPOCH_OFFSET_MS = 11_644_473_600_000n;
const TICKS_PER_MS = 10_000n;
// No date or .NET format string is near this long; the exact parser's cost grows with input × format.
const MAX_DATE_TEXT = 256;

/** A date or format argument as text, refused when it is too long to be one. */
function dateText(value: PlainValue, ctx: CallContext, what: string): string | null {
  const s = text(value, ctx);
  if (s !== null && s.length > MAX_DATE_TEXT) {
    ctx.fail(`${ctx.name} expects ${what} of at most ${MAX_DATE_TEXT} characters, but it has ${s.length}`);
  }
  return s;
}

function toDate(value: PlainValue, ctx: CallContext): Date | null {
  const s = dateText(value, ctx, 'a date');
  if (s === null) return null;
  return parseLoose(s) ?? ctx.fail(`${ctx.name} cannot read "${s}" as a date`);
}

function entraDate(d: Date, ctx: CallContext): string {
  if (Number.isNaN(d.getTime())) ctx.fail(`${ctx.name} gives a date outside the range of dates`);
  return formatDate(d, ENTRA_DATE_FORMAT);
}

function interval(value: PlainValue, ctx: CallContext): string {
  const s = text(value, ctx)?.toLowerCase() ?? '';
  if (['yyyy', 'q', 'm', 'y', 'd', 'w', 'ww', 'h', 'n', 's'].includes(s)) return s;
  return ctx.fail(`${ctx.name} expects an interval of yyyy, q, m, y, d, w, ww, h, n or s but got "${s}"`);
}

/** Add calendar months the .NET way: the day is clamped to the end of a shorter month (Jan 31 + 1 = Feb 28). */
function addMonths(d: Date, months: number): Date {
  const target = new Date(d.getTime());
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target;
}

function dateAdd(unit: string, n: number, d: Date): Date {
  const add = (ms: number) => new Date(d.getTime() + n * ms);
  if (unit === 'yyyy') return addMonths(d, 12 * n);
  if (unit === 'q') return addMonths(d, 3 * n);
  if (unit === 'm') return addMonths(d, n);
  // VBA quirk kept: DateAdd's "w" (weekday) and "y" (day of year) both add days; only "ww" adds weeks.
  if (unit === 'ww') return add(7 * DAY);
  if (unit === 'h') return add(3_600_000);
  if (unit === 'n') return add(60_000);
  if (unit === 's') return add(1000);
  return add(DAY);
}

/**
 * VBA's DateDiff counts boundaries crossed, not elapsed time: 23:59 to 00:01 is one day, and "ww" counts
 * Sundays. Microsoft's examples (-113 months, -493 weeks between 8/25/2021 and 3/16/2012) only fit this.
 */
function dateDiff(unit: string, a: Date, b: Date): number {
  const floorDiff = (size: number) => Math.floor(b.getTime() / size) - Math.floor(a.getTime() / size);
  const months = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();
  const weekStart = (d: Date) => Math.floor(d.getTime() / DAY) - d.getUTCDay();
  if (unit === 'yyyy') return b.getUTCFullYear() - a.getUTCFullYear();
  if (unit === 'q') return Math.floor(months(b) / 3) - Math.floor(months(a) / 3);
  if (unit === 'm') return months(b) - months(a);
  if (unit === 'w') return Math.trunc(floorDiff(DAY) / 7);
  if (unit === 'ww') return (weekStart(b) - weekStart(a)) / 7;
  if (unit === 'h') return floorDiff(3_600_000);
  if (unit === 'n') return floorDiff(60_000);
  if (unit === 's') return floorDiff(1000);
  return floorDiff(DAY);
}

function formatDateTime(args: readonly PlainValue[], ctx: CallContext): PlainValue {
  // Older Entra docs show FormatDateTime(source, inputFormat, outputFormat), without dateTimeStyles.
  const [source = null, , inputFormat = null, outputFormat = null] =
    args.length === 3 ? [args[0], null, ...args.slice(1)] : args;
  const s = dateText(source, ctx, 'a date');
  const input = dateText(inputFormat, ctx, 'an input format');
  const output = dateText(outputFormat, ctx, 'an output format') ?? ctx.fail(`${ctx.name} expects an output format`);
  if (s === null) return null;
  // dateTimeStyles is accepted and ignored: values are trimmed and read as UTC whatever it says.
  const date = input ? (parseExact(s, input) ?? parseIso(s)) : parseLoose(s);
  if (!date) ctx.fail(`${ctx.name} cannot read "${s}" with the format "${input ?? ''}"`);
  return formatDate(date, output);
}

/** CDate, DateAdd, DateDiff, DateFromNum, FormatDateTime, Now, NumFromDate. */
export const DATE_FUNCTIONS: readonly FunctionDef[] = [
  fn('CDate', 1, 1, ([value = null], ctx) => {
    const d = toDate(value, ctx);
    return d && entraDate(d, ctx);
  }),
  fn('DateAdd', 3, 3, ([unit = null, count = null, value = null], ctx) => {
    const u = interval(unit, ctx);
    const n = int(count, ctx, 'value');
    const d = toDate(value, ctx);
    return n === null || d === null ? null : entraDate(dateAdd(u, n, d), ctx);
  }),
  fn('DateDiff', 3, 3, ([unit = null, first = null, second = null], ctx) => {
    const u = interval(unit, ctx);
    const a = toDate(first, ctx);
    const b = toDate(second, ctx);
    return a === null || b === null ? null : dateDiff(u, a, b);
  }),
  fn('DateFromNum', 1, 1, ([value = null], ctx) => {
    const s = dateText(value, ctx, 'a number')?.trim();
    if (s === undefined) return null;
    if (!/^-?\d+$/.test(s)) ctx.fail(`${ctx.name} expects a whole number but got "${s}"`);
    return entraDate(new Date(Number(BigInt(s) / TICKS_PER_MS - AD_EPOCH_OFFSET_MS)), ctx);
  }),
  fn('FormatDateTime', 3, 4, formatDateTime),
  fn('Now', 0, 0, (_args, ctx) => entraDate(ctx.env.now(), ctx)),
  // Returned as a string: AD tick counts exceed the integers a double holds exactly.
  fn('NumFromDate', 1, 1, ([value = null], ctx) => {
    const d = toDate(value, ctx);
    return d && ((BigInt(d.getTime()) + AD_EPOCH_OFFSET_MS) * TICKS_PER_MS).toString();
  }),
];
