/**
 * REST: /api/v1/provisioning-logs — search (keyset paged, capped count), one entry with its SCIM requests, and
 * streamed exports of the current filter as CSV, the Entra-compatible zip bundle or NDJSON (each audited).
 */
import type { Context, Hono } from 'hono';
import type { Db } from '../../../db/client';
import { listApplications } from '../../apps/applications';
import { NotFoundError } from '../../kernel/errors';
import { exportLogsBundle } from '../../log/bundle-export';
import { exportLogsCsv } from '../../log/csv-export';
import { startLogExport } from '../../log/export-request';
import { exportLogsNdjson } from '../../log/ndjson-export';
import { countLogs, getLogRow, type LogQuery, parseLogQuery, searchLogs } from '../../log/query';
import { listRequests } from '../../log/requests';
import { logRowJson } from '../../log/row-json';
import { csvChunks, streamChunks, wantsBom, withoutBomParam } from '../csv-download';
import type { AppEnv, WebDeps } from '../env';

/** Application id → name, for exports and Graph's servicePrincipal. */
export function appNameMap(db: Db): Map<string, string> {
  return new Map(listApplications(db).map((a) => [a.id, a.name]));
}

const FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  zip: { type: 'application/zip', ext: 'zip' },
  ndjson: { type: 'application/x-ndjson; charset=utf-8', ext: 'ndjson' },
} as const;
type Format = keyof typeof FORMATS;

function chunks(c: Context, deps: WebDeps, format: Format, q: LogQuery): AsyncGenerator<string | Uint8Array> {
  const names = appNameMap(deps.db);
  // The bundle's CSVs are opened in Excel as much as the CSV download is.
  if (format === 'zip') return exportLogsBundle(deps.db, q, names, deps.clock.now(), { bom: wantsBom(c) });
  return format === 'csv' ? csvChunks(c, exportLogsCsv(deps.db, q, names)) : exportLogsNdjson(deps.db, q, names);
}

/** Stream one export of the request's filter; the audit row records who exported what. */
function exportResponse(c: Context<AppEnv>, deps: WebDeps, format: Format) {
  const q = startLogExport(deps, c.get('actor'), format, withoutBomParam(c.req.query()));
  const stamp = new Date(deps.clock.now()).toISOString().replace(/[:.]/g, '-');
  const f = FORMATS[format];
  c.header('Content-Type', f.type);
  c.header('Content-Disposition', `attachment; filename="provisioning-logs-${stamp}.${f.ext}"`);
  c.header('Cache-Control', 'no-store');
  return streamChunks(c, chunks(c, deps, format, q));
}

/** Mount the provisioning-log API (any role may read). */
export function mountApiLogs(app: Hono<AppEnv>, deps: WebDeps): void {
  const base = '/api/v1/provisioning-logs';

  app.get(base, (c) => {
    const q = parseLogQuery(c.req.query());
    const page = searchLogs(deps.db, q);
    const names = appNameMap(deps.db);
    const total = q.cursor ? undefined : countLogs(deps.db, q);
    return c.json({
      items: page.items.map((r) => logRowJson(r, names.get(r.appId))),
      nextCursor: page.nextCursor,
      ...(total === undefined ? {} : { total: total ? { count: total.count, capped: total.capped } : null }),
    });
  });

  app.get(`${base}/export.csv`, (c) => exportResponse(c, deps, 'csv'));
  app.get(`${base}/export.zip`, (c) => exportResponse(c, deps, 'zip'));
  app.get(`${base}/export.ndjson`, (c) => exportResponse(c, deps, 'ndjson'));

  app.get(`${base}/:id`, (c) => {
    const row = getLogRow(deps.db, c.req.param('id'));
    if (!row) throw new NotFoundError('Provisioning log entry', c.req.param('id'));
    const requests = listRequests(deps.db, row.id).map(({ id: _id, changeId: _c, ...r }) => r);
    return c.json({ ...logRowJson(row, appNameMap(deps.db).get(row.appId)), requests });
  });
}
