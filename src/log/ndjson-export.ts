/** NDJSON export: one Graph-shaped provisioningObjectSummary per line, streamed page by page. */
import type { Db } from '../../db/client';
import { logPages } from './export-pages';
import type { LogQuery } from './query';
import { logRowJson } from './row-json';

/** Yield the NDJSON text in chunks of one page. */
export async function* exportLogsNdjson(db: Db, q: LogQuery, appNames: Map<string, string>): AsyncGenerator<string> {
  for await (const rows of logPages(db, q)) {
    yield rows.map((r) => `${JSON.stringify(logRowJson(r, appNames.get(r.appId)))}\n`).join('');
  }
}
