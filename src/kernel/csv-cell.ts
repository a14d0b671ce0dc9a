/** CSV cell guard shared by every CSV the service writes (logs, audit, reports, dry-run plans). */

/**
 * The UTF-8 byte order mark (U+FEFF) CSVs start with: without it Excel reads a CSV in the machine's ANSI code
 * page, so "García" arrives as "GarcÃ­a". Downloads add it in web/csv-download.ts, the log bundle per file.
 */
export const UTF8_BOM = '\uFEFF';

/**
 * Prefix a quote to cells starting with = + - @ (or tab/CR/LF), which spreadsheets would evaluate (OWASP CSV
 * injection). Leading spaces are looked through: some spreadsheets trim them before evaluating.
 */
export function guardCell(value: string): string {
  return /^[ ]*[=+\-@\t\r\n]/.test(value) ? `'${value}` : value;
}
