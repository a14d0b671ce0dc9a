/**
 * One page of a Graph $filter with a bounded cost. A filter such as `contains(sourceSystem/displayName, 'x')`
 * has no index, and walking the time index until `$top` rows match read the whole table when few did
 * (120 ms at 30k rows, seconds at millions). So every page reads a *candidate window* first: the next
 * WINDOW_ROWS rows in time order, of one indexed equality of the filter when it has one (the driver), else of
 * the whole log; the full filter then runs on those rows only, looked up by rowid. A page that fills from
 * the window ends as usual; one that does not, but whose window was full, ends with a $skiptoken at the
 * window's last row — a short (even empty) page with an `@odata.nextLink`, as Graph itself answers.
 */
import { and, inArray, type SQL, sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client';
import { applications, provisioningLog as t } from '../../db/schema';
import { decodeCursor, encodeCursor } from './cursor';
import type { FilterExpr } from './graph-filter';
import { type Driver, driverCandidates, filterToSql, timeBounds } from './graph-sql';
import { keyedIdIn } from './object-keys';
import { LOG_COLUMNS, type LogRow, rowFromArray } from './query';

/** Rows read per page at most (plus those of one object, for an id driver). ~10 ms of residual work at 2 µs/row. */
export const WINDOW_ROWS = 5000;

const dialect = new SQLiteSyncDialect();

/** The spellings of a driver value that are stored (an index lookup each), or the app ids of an app name. */
function resolveDriver(db: Db, d: Driver): string[] {
  if (d.resolve === 'none') return d.values;
  const v = d.values[0] ?? '';
  if (d.resolve === 'appName')
    return db
      .select({ id: applications.id })
      .from(applications)
      .where(sql`lower(${applications.name}) = lower(${v})`)
      .all()
      .map((r) => r.id);
  const spellings = [...new Set([v, v.toLowerCase(), v.toUpperCase()])];
  return spellings.filter((s) =>
    db
      .select({ one: sql`1` })
      .from(t)
      .where(driverIn(d, [s]))
      .limit(1)
      .get(),
  );
}

/** `column IN values`; source and target ids have no index and go through their keys (object-keys.ts). */
function driverIn(d: Driver, values: string[]): SQL {
  return d.key ? keyedIdIn(d.key, values) : inArray(d.column, values);
}

/**
 * The driver to start from: the most selective equality that resolves to exactly the stored spellings an
 * index can find. An id (few rows per value) may resolve to several; a timed column must resolve to one, or
 * the window could not walk it in time order. `null` = walk the whole log in time order.
 */
export function chooseDriver(db: Db, e: FilterExpr | undefined): (Driver & { values: string[] }) | null {
  for (const d of e ? driverCandidates(e) : []) {
    const values = resolveDriver(db, d);
    // An enum value that does not exist, or an app name no app has: nothing can match.
    if (values.length === 0 && d.resolve !== 'variants') return { ...d, values };
    if (values.length === 1 || (values.length > 1 && !d.timed)) return { ...d, values };
    // None or several stored spellings (e.g. `scim.Mind` for 'SCIM.MIND'): the lower() filter finds them in
    // the window walk instead; an index lookup of guessed spellings could miss one.
  }
  return null;
}

export interface GraphPageInput {
  filter: FilterExpr | undefined;
  sort: 'date-desc' | 'date-asc';
  top: number;
  skiptoken: string | undefined;
}

/** The two statements of a page: the candidate window (bounded by its LIMIT) and the page over it. */
export function graphPageSql(db: Db, q: GraphPageInput, window = WINDOW_ROWS) {
  const desc = q.sort === 'date-desc';
  const dir = sql.raw(desc ? 'desc' : 'asc');
  const driver = chooseDriver(db, q.filter);
  const bounds = q.filter && (!driver || driver.timed) ? timeBounds(q.filter) : {};
  const c = q.skiptoken ? decodeCursor(q.skiptoken) : undefined;
  const cmp = sql.raw(desc ? '<' : '>');
  const windowWhere = and(
    driver ? (driver.values.length > 0 ? driverIn(driver, driver.values) : sql`0`) : undefined,
    bounds.from !== undefined ? sql`${t.activityDateTime} >= ${bounds.from}` : undefined,
    bounds.to !== undefined ? sql`${t.activityDateTime} <= ${bounds.to}` : undefined,
    c ? sql`(${t.activityDateTime}, ${t.id}) ${cmp} (${c.key}, ${c.id})` : undefined,
  );
  const order = sql`order by ${t.activityDateTime} ${dir}, ${t.id} ${dir}`;
  const hint = sql.raw(driver ? (driver.index ? `indexed by ${driver.index}` : '') : 'indexed by plog_time_idx');
  const candidates = sql`select rowid as rid from ${t} ${hint} ${windowWhere ? sql`where ${windowWhere}` : sql``} ${order} limit ${window}`;
  const cols = sql.join(
    LOG_COLUMNS.map((col) => sql`${t}.${sql.identifier(col.name)}`),
    sql`, `,
  );
  const where = q.filter ? sql`where ${filterToSql(q.filter)}` : sql``;
  // CROSS JOIN keeps the window as the outer loop (SQLite does not reorder it), so the page reads each
  // candidate by rowid and never walks another index of the log.
  const page = sql`select ${cols} from (${candidates}) as w cross join ${t} on ${t}.rowid = w.rid ${where} ${order} limit ${q.top + 1}`;
  const last = sql`select ${t.activityDateTime}, ${t.id} from ${t} where rowid = (select rid from (${candidates}) limit 1 offset ${window - 1})`;
  return { page: dialect.sqlToQuery(page), last: dialect.sqlToQuery(last) };
}

/** One page of rows in time order and the $skiptoken of the next (null at the end). */
export function graphPage(db: Db, q: GraphPageInput): { items: LogRow[]; nextSkiptoken: string | null } {
  const { page, last } = graphPageSql(db, q);
  const rows = (
    db.$client
      .prepare(page.sql)
      .raw()
      .all(...page.params) as unknown[][]
  ).map(rowFromArray);
  if (rows.length > q.top) {
    const end = rows[q.top - 1] as LogRow;
    return { items: rows.slice(0, q.top), nextSkiptoken: encodeCursor(end.activityDateTime, end.id) };
  }
  // A short page: more may follow only if the window was full; the next page starts after its last row.
  const edge = db.$client
    .prepare(last.sql)
    .raw()
    .get(...last.params) as [number, string] | undefined;
  return { items: rows, nextSkiptoken: edge ? encodeCursor(edge[0], edge[1]) : null };
}
