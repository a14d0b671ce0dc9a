/**
 * `provisio logs export`: stream the provisioning log (any filter the page takes) to a file or stdout, for
 * exports too large for a browser download and for cron jobs. Audited like the web export.
 */
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../db/client';
import { listApplications } from './apps/applications';
import { writeAudit } from './audit/audit-log';
import { CLI_ACTOR } from './kernel/actor';
import type { Clock } from './kernel/clock';
import { ValidationError } from './kernel/errors';
import { exportLogsBundle } from './log/bundle-export';
import { exportLogsCsv } from './log/csv-export';
import { exportLogsNdjson } from './log/ndjson-export';
import { parseLogQuery } from './log/query';

/** CLI flags that map one-to-one onto log filter parameters (flag → query parameter). */
const PARAM = {
  app: 'appId',
  status: 'status',
  action: 'action',
  identity: 'identity',
  cycle: 'cycleId',
  'error-code': 'errorCode',
  q: 'q',
  from: 'from',
  to: 'to',
} as const;

export const LOG_FILTER_FLAGS = Object.keys(PARAM) as (keyof typeof PARAM)[];

export interface LogsExportArgs {
  format?: string;
  out?: string;
  filters: Partial<Record<keyof typeof PARAM, string>>;
}

/** Export; returns the number of bytes written. Bad filters throw ValidationError before anything is written. */
export async function exportLogsCli(db: Db, clock: Clock, args: LogsExportArgs, stdout: Writable): Promise<number> {
  const format = args.format ?? 'csv';
  if (format !== 'csv' && format !== 'ndjson' && format !== 'zip')
    throw new ValidationError('--format must be csv, ndjson or zip', [{ path: 'format', message: 'unknown format' }]);
  if (format === 'zip' && !args.out) throw new ValidationError('--format zip needs --out <file>', []);
  const params: Record<string, string> = {};
  for (const [flag, value] of Object.entries(args.filters)) {
    if (value !== undefined) params[PARAM[flag as keyof typeof PARAM]] = value;
  }
  const q = parseLogQuery(params);
  const names = new Map(listApplications(db).map((a) => [a.id, a.name]));
  writeAudit(
    db,
    CLI_ACTOR,
    { activity: 'logs.export', targetType: 'provisioning_log', after: { format, filter: params, via: 'cli' } },
    clock.now(),
  );
  const source =
    format === 'zip'
      ? exportLogsBundle(db, q, names, clock.now())
      : format === 'csv'
        ? exportLogsCsv(db, q, names)
        : exportLogsNdjson(db, q, names);
  let bytes = 0;
  const counted = async function* () {
    for await (const chunk of source) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      yield chunk;
    }
  };
  const sink = args.out ? fs.createWriteStream(args.out, { flags: 'wx' }) : stdout;
  await pipeline(counted, sink, { end: Boolean(args.out) });
  return bytes;
}
