/** CSV cell guard shared by every CSV the service writes (logs, audit, reports, dry-run plans). */

/**
 * Prefix a quote to cells starting with = + - @ (or tab/CR/LF), which spreadsheets would evaluate (OWASP CSV
 * injection). Leading spaces are looked through: some spreadsheets trim them before evaluating.
 */
export function guardCell(value: string): string {
  return /^[ ]*[=+\-@\t\r\n]/.test(value) ? `'${value}` : value;
}
