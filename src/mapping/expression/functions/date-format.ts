/**
 * A subset of .NET custom date and time format strings, for FormatDateTime's input and output formats:
 * y M d H h m s f F t z K, quoted literals and backslash escapes. Dates are handled in UTC throughout,
 * as Entra's service runs in UTC: a parsed offset is applied, and output is always UTC.
 */
export type FormatToken = { kind: 'field'; letter: string; count: number } | { kind: 'literal'; text: string };

const FIELD_LETTERS = 'yMdHhmsfFtzK';
/** English month names: .NET's invariant culture. */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** English day names, Sunday first like Date#getUTCDay. */
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Entra's own date format (Now, CDate, DateAdd). */
export const ENTRA_DATE_FORMAT = 'M/d/yyyy h:mm:ss tt';

/** Split a .NET custom format string into fields and literal text. */
export function formatTokens(format: string): FormatToken[] {
  const tokens: FormatToken[] = [];
  let i = 0;
  while (i < format.length) {
    const ch = format.charAt(i);
    if (ch === "'" || ch === '"') {
      const end = format.indexOf(ch, i + 1);
      const stop = end === -1 ? format.length : end;
      tokens.push({ kind: 'literal', text: format.slice(i + 1, stop) });
      i = stop + 1;
    } else if (ch === '\\') {
      tokens.push({ kind: 'literal', text: format.charAt(i + 1) });
      i += 2;
    } else if (ch === '%') {
      i++;
    } else if (FIELD_LETTERS.includes(ch)) {
      let end = i + 1;
      while (format.charAt(end) === ch) end++;
      tokens.push({ kind: 'field', letter: ch, count: end - i });
      i = end;
    } else {
      tokens.push({ kind: 'literal', text: ch });
      i++;
    }
  }
  return tokens;
}

const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, '0');

function formatField(d: Date, letter: string, count: number): string {
  const hours = d.getUTCHours();
  const fraction = `${pad(d.getUTCMilliseconds(), 3)}0000`.slice(0, Math.min(count, 7));
  switch (letter) {
    case 'y':
      return count <= 2 ? pad(d.getUTCFullYear() % 100, count) : pad(d.getUTCFullYear(), count);
    case 'M':
      if (count >= 3)
        return count === 3 ? (MONTHS[d.getUTCMonth()] ?? '').slice(0, 3) : (MONTHS[d.getUTCMonth()] ?? '');
      return pad(d.getUTCMonth() + 1, count);
    case 'd':
      if (count >= 3) return count === 3 ? (DAYS[d.getUTCDay()] ?? '').slice(0, 3) : (DAYS[d.getUTCDay()] ?? '');
      return pad(d.getUTCDate(), count);
    case 'H':
      return pad(hours, Math.min(count, 2));
    case 'h':
      return pad(hours % 12 || 12, Math.min(count, 2));
    case 'm':
      return pad(d.getUTCMinutes(), Math.min(count, 2));
    case 's':
      return pad(d.getUTCSeconds(), Math.min(count, 2));
    case 'f':
      return fraction;
    case 'F':
      return fraction.replace(/0+$/, '');
    case 't':
      return (hours < 12 ? 'AM' : 'PM').slice(0, Math.min(count, 2));
    case 'z':
      return count === 1 ? '+0' : count === 2 ? '+00' : '+00:00';
    default:
      return 'Z';
  }
}

/** Format a date in UTC with a .NET custom format string. */
export function formatDate(d: Date, format: string): string {
  let out = '';
  for (const token of formatTokens(format)) {
    if (token.kind === 'literal') out += token.text;
    else {
      const field = formatField(d, token.letter, token.count);
      // .NET drops the decimal point before an F field that prints nothing.
      if (token.letter === 'F' && field === '' && out.endsWith('.')) out = out.slice(0, -1);
      out += field;
    }
  }
  return out;
}
