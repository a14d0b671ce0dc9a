/**
 * Queries with index-based pagination (RFC 7644 §3.4.2.4). A server may return fewer items than `count`
 * ("MAY return fewer results than requested", e.g. AWS caps pages at 50-100), so a short page does not end
 * the listing: only `startIndex + items - 1 >= totalResults` does. Two guards keep a misbehaving server
 * from looping us forever: an empty page ends the listing, and so does a page of ids already seen (a
 * server that ignores startIndex and always returns page 1).
 */
import type { ScimOperation } from './error-table';
import type { HttpConfig } from './http';
import { scimRequest } from './request';
import { asListPage, type ListPage, parseJsonBody, type ReturnedResource } from './response-shape';

/** Projection and page size of a query (RFC 7644 §3.4.2.5 attributes, §3.4.2.4 count). */
export interface ListOptions {
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
  /** Asked-for page size (`count`). Omitted: no paging parameters on the first request, as Entra's queries. */
  pageSize?: number;
}

/** The resource endpoints (RFC 7644 §3.2). */
export type Endpoint = 'Users' | 'Groups';

/** Every resource matching `filter` across all pages, in server order, without duplicate ids. */
export async function* listResources(
  cfg: HttpConfig,
  endpoint: Endpoint,
  filter: string | undefined,
  opts: ListOptions = {},
): AsyncGenerator<ReturnedResource, void, undefined> {
  if (opts.pageSize !== undefined && (!Number.isInteger(opts.pageSize) || opts.pageSize < 1)) {
    throw new RangeError(`pageSize must be an integer ≥ 1, got ${opts.pageSize}`);
  }
  const seen = new Set<string>();
  let startIndex = 1;
  let count = opts.pageSize;
  for (;;) {
    const page = await fetchPage(cfg, endpoint, filter, opts, startIndex, count);
    const items = page.Resources;
    let fresh = 0;
    for (const item of items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      fresh += 1;
      yield item;
    }
    if (items.length === 0 || fresh === 0) return;
    if (startIndex + items.length - 1 >= page.totalResults) return;
    startIndex += items.length;
    // Without a requested size, ask for pages the size the server chose for the first one.
    count ??= items.length;
  }
}

/** One page. Parameter order follows Entra's requests: excludedAttributes/attributes, filter, startIndex, count. */
export function fetchPage(
  cfg: HttpConfig,
  endpoint: Endpoint,
  filter: string | undefined,
  opts: ListOptions,
  startIndex: number,
  count: number | undefined,
): Promise<ListPage> {
  const query: Array<[string, string]> = [];
  if (opts.excludedAttributes?.length) query.push(['excludedAttributes', opts.excludedAttributes.join(',')]);
  if (opts.attributes?.length) query.push(['attributes', opts.attributes.join(',')]);
  if (filter !== undefined) query.push(['filter', filter]);
  if (startIndex > 1 || count !== undefined) query.push(['startIndex', String(startIndex)]);
  if (count !== undefined) query.push(['count', String(count)]);
  const operation: ScimOperation = 'list';
  return scimRequest(cfg, { method: 'GET', path: endpoint, query, operation }, (res, ctx) =>
    asListPage(parseJsonBody(res, ctx), res, ctx),
  );
}
