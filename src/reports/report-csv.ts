/** A report table as CSV: the rows the chart shows, with the spreadsheet-formula guard on every cell. */
import { stringify } from 'csv-stringify/sync';
import { guardCell } from '../kernel/csv-cell';
import type { ReportTable } from './report-tables';

/** Header line + one line per row; nulls are empty cells. */
export function reportCsv(table: ReportTable): string {
  const cell = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : guardCell(v));
  return stringify([table.columns.map(guardCell), ...table.rows.map((r) => r.map(cell))]);
}
