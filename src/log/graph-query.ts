/** Graph-style listing of the provisioning log: $filter, $top, $orderby, $skiptoken (entra.md §1). */
import type { Db } from '../../db/client';
import { ValidationError } from '../kernel/errors';
import { type FilterExpr, parseFilter } from './graph-filter';
import { graphPage } from './graph-page';
import { filterToSql } from './graph-sql';
import { logRowJson } from './row-json';

export const GRAPH_DEFAULT_TOP = 100;
export const GRAPH_MAX_TOP = 1000;
const SUPPORTED = new Set(['$filter', '$top', '$orderby', '$skiptoken', '$select', '$count']);

/** The AST after a trial compile, so unknown properties and type errors are 400s before any query runs. */
function compiled(e: FilterExpr): FilterExpr {
  filterToSql(e);
  return e;
}

/** The query options, validated. `$select` and `$count` are accepted and ignored (tools send them by habit). */
export function parseGraphOptions(params: Record<string, string | undefined>) {
  for (const key of Object.keys(params)) {
    if (key.startsWith('$') && !SUPPORTED.has(key.toLowerCase()))
      throw new ValidationError(`Query option ${key} is not supported; use $filter, $top, $orderby, $skiptoken`, [
        { path: key, message: 'not supported' },
      ]);
  }
  const topText = params.$top?.trim();
  const top = topText ? Number(topText) : GRAPH_DEFAULT_TOP;
  if (!Number.isInteger(top) || top < 1 || top > GRAPH_MAX_TOP)
    throw new ValidationError(`$top must be an integer from 1 to ${GRAPH_MAX_TOP}`, [
      { path: '$top', message: 'invalid' },
    ]);
  const orderby = (params.$orderby ?? 'activityDateTime desc').trim().replace(/\s+/g, ' ').toLowerCase();
  if (!['activitydatetime', 'activitydatetime asc', 'activitydatetime desc'].includes(orderby))
    throw new ValidationError('$orderby supports activityDateTime asc or desc only', [
      { path: '$orderby', message: 'invalid' },
    ]);
  const filterText = params.$filter?.trim();
  return {
    top,
    sort: orderby.endsWith('desc') ? ('date-desc' as const) : ('date-asc' as const),
    filter: filterText ? filterText : undefined,
    expr: filterText ? compiled(parseFilter(filterText)) : undefined,
    skiptoken: params.$skiptoken?.trim() || undefined,
  };
}

/** One page in the Graph shape, plus the $skiptoken of the next page (null at the end); see graph-page.ts. */
export function graphList(db: Db, params: Record<string, string | undefined>, appNames: Map<string, string>) {
  const o = parseGraphOptions(params);
  const page = graphPage(db, { filter: o.expr, sort: o.sort, top: o.top, skiptoken: o.skiptoken });
  return {
    value: page.items.map((r) => logRowJson(r, appNames.get(r.appId))),
    nextSkiptoken: page.nextSkiptoken,
    options: o,
  };
}
