/**
 * Reading CSV uploads without holding the event loop. A 100,000-row file took 23 s of one tick with the
 * synchronous parser; here the text is fed to csv-parse's stream in slices with a macrotask yield between
 * them, and callers doing per-row work share a `TickBudget` so no tick runs much past it.
 */
import { once } from 'node:events';
import { parse } from 'csv-parse';
import { ValidationError } from '../kernel/errors';

const SLICE_CHARS = 32 * 1024;

/** Work done since the last yield; `yieldIfDue()` gives other requests (e.g. /healthz) their turn. */
export interface TickBudget {
  due(): boolean;
  yieldIfDue(): Promise<void>;
}

export function tickBudget(ms = 40): TickBudget {
  let since = performance.now();
  const due = () => performance.now() - since >= ms;
  return {
    due,
    async yieldIfDue() {
      if (!due()) return;
      await new Promise((r) => setImmediate(r));
      since = performance.now();
    },
  };
}

export interface CsvRow {
  /** The file line the record ends on, as shown to the user. */
  line: number;
  /** Own properties only, keyed by the (checked) header names. */
  record: Record<string, string>;
}

/**
 * Check the header row. A Set, not `in` or an object lookup: a column named `__proto__` or `constructor`
 * must count as unknown, and csv-parse's own `columns: true` would turn `__proto__` into a prototype write
 * that `Object.keys` never shows.
 */
export function checkHeader(header: string[], required: readonly string[], allowed: readonly string[]): void {
  const known = new Set<string>(allowed);
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length > 0) {
    throw new ValidationError(`Unknown columns: ${unknown.join(', ')} (allowed: ${allowed.join(', ')})`);
  }
  const twice = header.filter((h, i) => header.indexOf(h) !== i);
  if (twice.length > 0) throw new ValidationError(`Columns appear twice in the header row: ${twice.join(', ')}`);
  const missing = required.filter((r) => !header.includes(r));
  if (missing.length > 0) throw new ValidationError(`The header row must include ${missing.join(', ')}`);
}

/** Slices that never split a surrogate pair (a lone half would be written as U+FFFD). */
function* slices(text: string): Generator<string> {
  let at = 0;
  while (at < text.length) {
    let end = Math.min(at + SLICE_CHARS, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield text.slice(at, end);
    at = end;
  }
}

/** Rows of a CSV text after its header row, which is checked first. Parse errors become a ValidationError. */
export async function* csvRows(
  text: string,
  columns: { required: readonly string[]; allowed: readonly string[] },
): AsyncGenerator<CsvRow> {
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: false, info: true });
  const feed = async () => {
    for (const part of slices(text)) {
      if (parser.destroyed) return;
      if (!parser.write(part)) await once(parser, 'drain');
      await new Promise((r) => setImmediate(r));
    }
    parser.end();
  };
  feed().catch((err: Error) => parser.destroy(err));
  let header: string[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record;
        checkHeader(header, columns.required, columns.allowed);
        continue;
      }
      const h = header;
      yield { line: info.lines, record: Object.fromEntries(record.map((v, i) => [h[i] as string, v])) };
    }
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    throw new ValidationError(`The CSV could not be parsed: ${(err as Error).message}`);
  } finally {
    parser.destroy();
  }
}
