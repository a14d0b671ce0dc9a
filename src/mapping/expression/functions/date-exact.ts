/**
 * Parsing with a declared .NET custom format (FormatDateTime's inputFormat): each field reads its digits or
 * names at the cursor, literals must match exactly, and the whole trimmed input must be consumed.
 */
import { DAYS, formatTokens, MONTHS } from './date-format';
import { buildDate, type DateFields, parseOffset } from './date-parse';

/** Parse `input` exactly as described by a .NET custom format string; null when it does not match. */
export function parseExact(input: string, format: string): Date | null {
  const cursor = new Cursor(input.trim());
  const fields: DateFields = { year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0, ms: 0 };
  for (const token of formatTokens(format)) {
    const ok =
      token.kind === 'literal' ? cursor.literal(token.text) : readField(token.letter, token.count, cursor, fields);
    if (!ok) return null;
  }
  return cursor.atEnd() ? buildDate(fields) : null;
}

class Cursor {
  private pos = 0;
  constructor(private readonly s: string) {}
  match(re: RegExp): string | null {
    const m = re.exec(this.s.slice(this.pos));
    if (!m) return null;
    this.pos += m[0].length;
    return m[0];
  }
  literal(text: string): boolean {
    const ok = this.s.startsWith(text, this.pos);
    if (ok) this.pos += text.length;
    return ok;
  }
  digits(min: number, max: number): number | null {
    const t = this.match(new RegExp(`^\\d{${min},${max}}`));
    return t === null ? null : Number(t);
  }
  word(names: readonly string[]): number | null {
    const rest = this.s.slice(this.pos).toLowerCase();
    const i = names.findIndex((n) => rest.startsWith(n.toLowerCase()));
    if (i >= 0) this.pos += names[i]?.length ?? 0;
    return i >= 0 ? i : null;
  }
  atEnd(): boolean {
    return this.pos === this.s.length;
  }
}

function readField(letter: string, count: number, cur: Cursor, fields: DateFields): boolean {
  const set = (name: 'month' | 'day' | 'hour' | 'minute' | 'second', n: number | null) => {
    if (n !== null) fields[name] = n;
    return n !== null;
  };
  const oneOrTwo = () => cur.digits(count === 1 ? 1 : 2, 2);
  const names = (list: readonly string[]) => (count === 3 ? list.map((n) => n.slice(0, 3)) : list);
  switch (letter) {
    case 'y': {
      const n = count <= 2 ? cur.digits(count, 2) : cur.digits(4, 4);
      // .NET's TwoDigitYearMax is 2049.
      if (n !== null) fields.year = count > 2 ? n : n < 50 ? 2000 + n : 1900 + n;
      return n !== null;
    }
    case 'M': {
      if (count < 3) return set('month', oneOrTwo());
      const i = cur.word(names(MONTHS));
      return set('month', i === null ? null : i + 1);
    }
    case 'd':
      return count < 3 ? set('day', oneOrTwo()) : cur.word(names(DAYS)) !== null;
    case 'H':
    case 'h':
      fields.twelveHour = letter === 'h';
      return set('hour', oneOrTwo());
    case 'm':
      return set('minute', oneOrTwo());
    case 's':
      return set('second', oneOrTwo());
    case 'f':
    case 'F': {
      const t = cur.match(new RegExp(`^\\d{${letter === 'f' ? count : 0},${count}}`));
      if (t !== null) fields.ms = t === '' ? 0 : Math.floor(Number(`0.${t}`) * 1000);
      return t !== null;
    }
    case 't': {
      const t = cur.match(count === 1 ? /^[AP]/i : /^[AP]M/i);
      if (t !== null) fields.pm = t.toUpperCase().startsWith('P');
      return t !== null;
    }
    default: {
      // z, zz, zzz and K: an offset; K may also be absent.
      const t = cur.match(/^(Z|[+-]\d{1,2}(:?\d{2})?)/i);
      if (t !== null) fields.offsetMinutes = parseOffset(t);
      return t !== null || letter === 'K';
    }
  }
}
