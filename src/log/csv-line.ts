/**
 * One CSV record as text, written by hand for the log export's million-row streams: csv-stringify's per-field
 * option handling was a fifth of an export's time (issue 16). The output is the same as csv-stringify's
 * defaults (RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled; records end in LF), and
 * a test holds the two to it. Cells are guarded against formulas here too (kernel/csv-cell.ts rules).
 */
import { guardCell } from '../kernel/csv-cell';

const NEEDS_QUOTES = /[",\r\n]/;

// First characters guardCell may prefix: = + - @ tab CR LF, and space (it looks through leading spaces).
const GUARD_FIRST = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d, 0x0a, 0x20]);

/** A cell as guardCell would leave it, without a regex test for the (usual) cell that starts harmlessly. */
function guarded(value: string): string {
  return value.length > 0 && GUARD_FIRST.has(value.charCodeAt(0)) ? guardCell(value) : value;
}

/** One field: quoted when RFC 4180 needs it. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One raw cell as it goes into a record: guarded against formulas, then quoted as needed. */
export function csvCell(value: string): string {
  return csvField(guarded(value));
}

/** One record of raw cells (guarded against formulas, then quoted as needed), ending in LF. */
export function csvLine(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ',';
    line += csvCell(cells[i] ?? '');
  }
  return `${line}\n`;
}
