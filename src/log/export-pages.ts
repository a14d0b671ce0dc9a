/**
 * Walking a filter's rows for an export: keyset pages of 500, yielding to the event loop between pages.
 * Pages rather than one long-lived statement: a better-sqlite3 connection cannot run other queries while an
 * iterator is open, and the server shares one connection. Memory holds one page whatever the export size.
 */
import type { Db } from '../../db/client';
import { type LogQuery, type LogRow, planFts, searchLogs } from './query';

// A page is one synchronous step of read + format: 500 rows kept the event loop's delay p99 near half of what
// 1,000 did while costing ~3 % more queries (issue 16, bench/log-export.ts), so /healthz keeps answering.
export const EXPORT_PAGE_SIZE = 500;

/** Every matching row, page by page, in the query's sort order (the cursor in `q` is ignored). */
export async function* logPages(db: Db, q: LogQuery, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<LogRow[]> {
  let cursor: string | undefined;
  // The FTS plan depends on the filter only: decide it once, not once per page.
  const plan = planFts(db, q);
  do {
    const page = searchLogs(db, { ...q, limit: pageSize, cursor }, undefined, plan);
    if (page.items.length > 0) yield page.items;
    cursor = page.nextCursor ?? undefined;
    // Let the event loop breathe between pages: other requests keep being served during a big export.
    await new Promise((r) => setImmediate(r));
  } while (cursor);
}
