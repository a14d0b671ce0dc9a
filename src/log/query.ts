/**
 * Provisioning-log search: the WHERE clause of every filter and keyset-paged queries (newest first by
 * default, or by duration). Every filter that narrows much starts from an index or the FTS index.
 */
import { and, asc, desc, eq, getTableColumns, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client';
import { provisioningLog } from '../../db/schema';
import { decodeCursor, encodeCursor } from './cursor';
import { type DurationPlan, durationPage, type Keyset, keysetAfter, planDurationSort } from './duration-order';
import { ftsIsDense, ftsRows, LOG_ROWID, rowidIn, toFtsQuery, toIdentityFtsQuery } from './fts';
import { sourceOrTargetIs } from './object-keys';
import type { LogFilter, LogQuery, LogSort } from './query-schema';

export { decodeCursor, encodeCursor } from './cursor';
export { type LogFilter, type LogQuery, type LogSort, logQueryParams, parseLogQuery } from './query-schema';

export type LogRow = typeof provisioningLog.$inferSelect;

const t = provisioningLog;
const COLUMNS = getTableColumns(t);
const KEYS = Object.keys(COLUMNS);
/** The table's columns in the order rowFromArray expects them. */
export const LOG_COLUMNS = Object.values(COLUMNS);

/** A raw row array (columns in LOG_COLUMNS order) as a LogRow. */
export function rowFromArray(values: unknown[]): LogRow {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < KEYS.length; i++) row[KEYS[i] as string] = values[i];
  return row as LogRow;
}

/** How to use FTS for a query's text filters: the FTS queries, and whether each matches many rows. */
export interface FtsPlan {
  text: string | null;
  identity: string | null;
  denseText: boolean;
  denseIdentity: boolean;
}

function isExactId(db: Db, value: string): boolean {
  const hit = db.select({ one: sql`1` }).from(t).where(sourceOrTargetIs(value)).limit(1).get();
  return hit !== undefined;
}

/** Decide how the query's FTS filters run (see rowidIn); without a database every filter drives. */
export function planFts(db: Db | null, q: LogFilter): FtsPlan {
  const text = q.q ? toFtsQuery(q.q) : null;
  // An exact source or target id is answered by its keys alone (object-keys.ts): the FTS phrase of an id (a
  // GUID's runs of zeros are in every row) would walk doclists as long as the table.
  const identity = q.identity && !(db && isExactId(db, q.identity)) ? toIdentityFtsQuery(q.identity) : null;
  return {
    text,
    identity,
    denseText: db !== null && text !== null && ftsIsDense(db, text),
    denseIdentity: db !== null && identity !== null && ftsIsDense(db, identity),
  };
}

/** Identity: a name or word prefix in the FTS identity column, or an exact source/target id (object-keys.ts). */
function identityWhere(identity: string, plan: FtsPlan, rowid: SQL): SQL {
  const byName = plan.identity ? sql`${ftsRows(plan.identity)} union all ` : sql``;
  const rows = sql`${byName}select rowid from ${t} where ${sourceOrTargetIs(identity)}`;
  return rowidIn(rows, plan.denseIdentity, rowid);
}

/**
 * The WHERE clause for a query's filters (not the cursor). The FTS filters test `rowid`: a query walking the
 * duration order passes the order's copy of it, so a row is only read once it matches (duration-order.ts).
 */
export function logFilterWhere(q: LogFilter, plan: FtsPlan = planFts(null, q), rowid = LOG_ROWID): SQL | undefined {
  return and(
    q.appId ? eq(t.appId, q.appId) : undefined,
    q.status ? eq(t.status, q.status) : undefined,
    q.action ? eq(t.provisioningAction, q.action) : undefined,
    q.jobId ? eq(t.jobId, q.jobId) : undefined,
    q.cycleId ? eq(t.cycleId, q.cycleId) : undefined,
    q.changeId ? eq(t.id, q.changeId) : undefined,
    q.errorCode ? eq(t.errorCode, q.errorCode) : undefined,
    q.sourceSystem ? sql`lower(${t.sourceSystem}) = lower(${q.sourceSystem})` : undefined,
    q.targetSystem ? sql`lower(${t.targetSystem}) = lower(${q.targetSystem})` : undefined,
    q.from !== undefined ? gte(t.activityDateTime, q.from) : undefined,
    q.to !== undefined ? lte(t.activityDateTime, q.to) : undefined,
    q.identity ? identityWhere(q.identity, plan, rowid) : undefined,
    plan.text ? rowidIn(ftsRows(plan.text), plan.denseText, rowid) : undefined,
  );
}

function sortKey(sort: LogSort) {
  const byDuration = sort.startsWith('duration');
  const column = byDuration ? t.durationMs : t.activityDateTime;
  const descending = sort.endsWith('desc');
  return { byDuration, column, descending, of: (r: LogRow) => (byDuration ? r.durationMs : r.activityDateTime) };
}

/**
 * The duration sort's plan for a query (null when it sorts by time). Its probe counts with an FTS plan that
 * lets SQLite start from the FTS matches, which stops after the count's limit, instead of probing them while
 * it reads the log.
 */
export function durationPlanOf(db: Db, q: LogQuery, plan: FtsPlan, extra?: SQL): DurationPlan | null {
  if (!sortKey(q.sort).byDuration) return null;
  const counting = { ...plan, denseText: false, denseIdentity: false };
  return planDurationSort(db, and(logFilterWhere(q, counting), extra));
}

/**
 * One page's query in a sort order, continuing after `after` (values or placeholders): by time through the
 * index (activity_date_time, id), by duration through the duration order (duration-order.ts). `where` is given
 * the rowid its FTS filters should test. Search pages and exports both build their pages here.
 */
export function logPageQuery(
  db: Db,
  select: Record<string, SQLiteColumn>,
  where: (rowid?: SQL) => SQL | undefined,
  opts: { sort: LogSort; limit: number; after?: Keyset; durationPlan: DurationPlan | null },
) {
  const { descending, column } = sortKey(opts.sort);
  const { limit, after } = opts;
  if (opts.durationPlan) return durationPage(db, select, where, { descending, limit, after, plan: opts.durationPlan });
  const dir = descending ? desc : asc;
  return db
    .select(select)
    .from(t)
    .where(and(where(), after ? keysetAfter(column, t.id, descending, after) : undefined))
    .orderBy(dir(column), dir(t.id))
    .limit(limit)
    .toSQL();
}

/** One page of rows in the query's sort order, plus the cursor of the next page (null at the end). */
export function searchLogs(
  db: Db,
  q: LogQuery,
  extra?: SQL,
  plan: FtsPlan = planFts(db, q),
): { items: LogRow[]; nextCursor: string | null } {
  const query = logPageQuery(db, COLUMNS, (rowid) => and(logFilterWhere(q, plan, rowid), extra), {
    sort: q.sort,
    limit: q.limit + 1,
    after: q.cursor ? decodeCursor(q.cursor) : undefined,
    durationPlan: durationPlanOf(db, q, plan, extra),
  });
  // Raw arrays, then plain objects here: better-sqlite3's row objects plus drizzle's mapping cost two thirds
  // of a million-row export's time (no column of this table has a driver-value transform to skip).
  const rows = (
    db.$client
      .prepare(query.sql)
      .raw()
      .all(...query.params) as unknown[][]
  ).map(rowFromArray);
  const more = rows.length > q.limit;
  const items = more ? rows.slice(0, q.limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: more && last ? encodeCursor(sortKey(q.sort).of(last), last.id) : null };
}

export const COUNT_CAP = 10_000;

/**
 * The number of matching rows when counting is cheap, else null ("many"). Counting stops at COUNT_CAP + 1
 * (shown as "10,000+"), so it reads at most that many entries of the index the filter starts from. Filters on
 * source or target system alone have no index: counting those would scan the table, so they are not counted.
 */
export function countLogs(db: Db, q: LogFilter): { count: number; capped: boolean } | null {
  const narrowed = q.appId || q.status || q.action || q.jobId || q.cycleId || q.changeId || q.errorCode;
  const unindexedOnly = !narrowed && !q.identity && !q.q && (q.sourceSystem || q.targetSystem);
  if (unindexedOnly) return null;
  const inner = db
    .select({ one: sql`1` })
    .from(t)
    .where(logFilterWhere(q, planFts(db, q)))
    .limit(COUNT_CAP + 1);
  const row = db.select({ n: sql<number>`count(*)` }).from(inner.as('capped')).get();
  const n = row?.n ?? 0;
  return { count: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}

/** Read one row by change id. */
export function getLogRow(db: Db, id: string): LogRow | undefined {
  return db.select().from(t).where(eq(t.id, id)).get();
}
