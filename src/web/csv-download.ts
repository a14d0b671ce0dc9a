/**
 * Every CSV download goes through here. Excel reads a CSV without a byte order mark in the machine's ANSI code
 * page, so "García" arrives as "GarcÃ­a"; a leading UTF-8 BOM (U+FEFF, Unicode §23.8) makes it read UTF-8.
 * Scripts that cannot skip a BOM ask for `?bom=0`. Streamed exports stay streamed: the BOM is one more chunk.
 * The log bundle (a zip) puts it at the start of each CSV inside, following the same switch.
 */
import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import { UTF8_BOM } from '../kernel/csv-cell';

/** The query parameter that opts out; route parsers never see it (see `withoutBomParam`). */
const BOM_PARAM = 'bom';

/** Whether this download starts with a BOM: yes unless `?bom=0`. */
export function wantsBom(c: Context): boolean {
  return c.req.query(BOM_PARAM) !== '0';
}

/** The request's query without `bom`, for filters that audit or validate every key they get. */
export function withoutBomParam(query: Record<string, string>): Record<string, string> {
  const { [BOM_PARAM]: _bom, ...rest } = query;
  return rest;
}

/** Headers of a CSV attachment; exports reflect current data, so nothing caches them. */
function csvHeaders(c: Context, filename: string): void {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  c.header('Cache-Control', 'no-store');
}

/** A CSV built in memory, as an attachment. */
export function csvDownload(c: Context, filename: string, csv: string): Response {
  csvHeaders(c, filename);
  return c.body(wantsBom(c) ? UTF8_BOM + csv : csv, 200);
}

/** The chunks of a streamed CSV, the BOM first unless the request opted out. */
export async function* csvChunks<T extends string | Uint8Array>(
  c: Context,
  chunks: AsyncIterable<T>,
): AsyncGenerator<T | string> {
  if (wantsBom(c)) yield UTF8_BOM;
  yield* chunks;
}

/**
 * A download streamed chunk by chunk (headers set by the caller): write() resolves when the consumer has taken
 * the chunk, so back-pressure reaches the page loop; it stops when the client goes.
 */
export function streamChunks(c: Context, chunks: AsyncIterable<string | Uint8Array>): Response {
  return stream(c, async (s) => {
    for await (const chunk of chunks) {
      if (s.aborted) return;
      await s.write(chunk);
    }
  });
}

/** A CSV streamed chunk by chunk as an attachment (BOM first unless opted out). */
export function csvStream(c: Context, filename: string, chunks: AsyncIterable<string>): Response {
  csvHeaders(c, filename);
  return streamChunks(c, csvChunks(c, chunks));
}
