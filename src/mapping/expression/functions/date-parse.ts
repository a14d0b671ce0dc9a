/**
 * Reading dates that come without a declared format: ISO 8601 (including Workday's "2012-03-16-07:00",
 * a date with an offset and no time), Entra's own "M/d/yyyy h:mm:ss tt", and LDAP generalized time.
 */

export interface DateFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Set by an `h` field or AM/PM: the hour is 1-12 and `pm` decides the half of the day. */
  twelveHour?: boolean;
  pm?: boolean;
  /** Minutes east of UTC; absent means the text was already UTC. */
  offsetMinutes?: number;
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Validate fields and turn them into a UTC instant; null for impossible dates such as 2/30. */
export function buildDate(f: DateFields): Date | null {
  let hour = f.hour;
  if (f.twelveHour || f.pm !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (f.pm ? 12 : 0);
  }
  const daysInMonth = [31, isLeap(f.year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][f.month - 1] ?? 0;
  if (f.day < 1 || f.day > daysInMonth || hour > 23 || f.minute > 59 || f.second > 59) return null;
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  d.setUTCFullYear(f.year, f.month - 1, f.day);
  d.setUTCHours(hour, f.minute, f.second, f.ms);
  return new Date(d.getTime() - (f.offsetMinutes ?? 0) * 60_000);
}

/** Minutes east of UTC for "Z", "+8", "-07:00" or "+0530". */
export function parseOffset(text: string): number {
  if (text.toUpperCase() === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const [, h = '0', m = '0'] = /^[+-](\d{1,2}):?(\d{2})?$/.exec(text) ?? [];
  return sign * (Number(h) * 60 + Number(m));
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AP])M)?)?$/i;
const GENERALIZED = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,](\d{1,9}))?(Z|[+-]\d{4})?$/i;

type Parts = [year?: string, month?: string, day?: string, hour?: string, minute?: string, second?: string];

function toFields([year, month, day, hour, minute, second]: Parts, fraction?: string, offset?: string): DateFields {
  return {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    ms: fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0,
    ...(offset === undefined ? {} : { offsetMinutes: parseOffset(offset) }),
  };
}

/** ISO 8601 only; null when the text is not ISO or not a real date. */
export function parseIso(input: string): Date | null {
  const m = ISO.exec(input.trim());
  return m ? buildDate(toFields([m[1], m[2], m[3], m[4], m[5], m[6]], m[7], m[8])) : null;
}

/** Any of the formats this module reads without being told; null when none fits. */
export function parseLoose(input: string): Date | null {
  const s = input.trim();
  const iso = parseIso(s);
  if (iso) return iso;
  const us = US.exec(s);
  if (us) {
    const f = toFields([us[3], us[1], us[2], us[4], us[5], us[6]]);
    return buildDate(us[7] === undefined ? f : { ...f, pm: us[7].toUpperCase() === 'P' });
  }
  const g = GENERALIZED.exec(s);
  return g ? buildDate(toFields([g[1], g[2], g[3], g[4], g[5], g[6]], g[7], g[8])) : null;
}
