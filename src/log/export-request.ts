/**
 * Someone asks for an export of the provisioning log: the filter is parsed, then the audit row records who
 * exported what, before a byte is streamed (an export cut short is still one that was asked for).
 */
import type { Db } from '../../db/client';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { type LogQuery, parseLogQuery } from './query-schema';

export type LogExportFormat = 'csv' | 'zip' | 'ndjson';

/** Parse the export's filter (a ValidationError audits nothing) and audit the request; the query to stream. */
export function startLogExport(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  format: LogExportFormat,
  filter: Record<string, string>,
): LogQuery {
  const q = parseLogQuery(filter);
  writeAudit(
    deps.db,
    actor,
    { activity: 'logs.export', targetType: 'provisioning_log', after: { format, filter } },
    deps.clock.now(),
  );
  return q;
}
