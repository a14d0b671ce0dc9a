/**
 * Entra-compatible download (entra.md §2.5): a zip of ProvisioningLogs.csv (one row per event, no steps or
 * properties), ProvisioningLogs_ProvisioningSteps.csv and ProvisioningLogs_ModifiedProperties.csv, joined by
 * change id. Each file is one pass over the filter, so the zip's entries are written one after the other and
 * memory holds one page plus the deflate window, whatever the number of rows.
 */
import { stringify } from 'csv-stringify/sync';
import { Zip, ZipDeflate } from 'fflate';
import type { Db } from '../../db/client';
import { guardCell, UTF8_BOM } from '../kernel/csv-cell';
import { CSV_COLUMNS, toCsvCells } from './csv-export';
import { logPages } from './export-pages';
import type { LogQuery, LogRow } from './query';
import { rowModifiedProperties, rowSteps } from './row-json';

const EVENT_COLUMNS = CSV_COLUMNS.filter((c) => c !== 'steps' && c !== 'modifiedProperties');
const STEP_COLUMNS = ['changeId', 'stepNumber', 'name', 'provisioningStepType', 'status', 'description', 'details'];
const PROPERTY_COLUMNS = ['changeId', 'displayName', 'oldValue', 'newValue'];

type Rows = (rows: LogRow[]) => string[][];

/** The three files: name, header and how a page of events becomes its CSV rows. */
export function bundleFiles(appNames: Map<string, string>): { name: string; header: string[]; rows: Rows }[] {
  return [
    {
      name: 'ProvisioningLogs.csv',
      header: EVENT_COLUMNS,
      rows: (rows) => rows.map((r) => toCsvCells(r, appNames.get(r.appId) ?? r.appId).slice(0, EVENT_COLUMNS.length)),
    },
    {
      name: 'ProvisioningLogs_ProvisioningSteps.csv',
      header: STEP_COLUMNS,
      rows: (rows) =>
        rows.flatMap((r) =>
          rowSteps(r).map((s, i) =>
            [
              r.id,
              String(i + 1),
              s.name,
              s.provisioningStepType,
              s.status,
              s.description,
              JSON.stringify(s.details ?? {}),
            ].map(guardCell),
          ),
        ),
    },
    {
      name: 'ProvisioningLogs_ModifiedProperties.csv',
      header: PROPERTY_COLUMNS,
      rows: (rows) =>
        rows.flatMap((r) =>
          rowModifiedProperties(r).map((p) => [r.id, p.displayName, p.oldValue ?? '', p.newValue ?? ''].map(guardCell)),
        ),
    },
  ];
}

const encoder = new TextEncoder();

/** Yield the zip's bytes as they are produced; `bom` starts each CSV with a UTF-8 BOM (for Excel). */
export async function* exportLogsBundle(
  db: Db,
  q: LogQuery,
  appNames: Map<string, string>,
  now: number,
  opts: { bom?: boolean } = {},
): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else out.push(chunk);
  });
  const drain = function* () {
    if (failure) throw failure;
    yield* out.splice(0, out.length);
  };
  for (const file of bundleFiles(appNames)) {
    const entry = new ZipDeflate(file.name, { level: 6 });
    entry.mtime = now;
    zip.add(entry);
    entry.push(encoder.encode((opts.bom ? UTF8_BOM : '') + stringify([file.header])));
    for await (const rows of logPages(db, q)) {
      const lines = file.rows(rows);
      if (lines.length > 0) entry.push(encoder.encode(stringify(lines)));
      yield* drain();
    }
    entry.push(new Uint8Array(0), true);
    yield* drain();
  }
  zip.end();
  yield* drain();
}
