/**
 * The log's duration order (migration 0032). An index on provisioning_log(duration_ms, id) cost every insert a
 * descent to a near-random leaf and a dirty page of its own: 10-25 % of the writer's time (issue 16). Instead,
 * provisioning_log_durations holds (duration, id, rowid) for every row up to a mark, filled behind the writer in
 * sorted batches (`orderDurations`, run by duration-order-job.ts). A batch lands on the same few hundred
 * leaves whether it holds 300 rows or 10,000, so large batches write a small fraction of a page per row.
 * A duration-sorted page merges that table, read in key order, with the rows after the mark (the tail: what
 * was written since the last batch, sorted in memory). SQLite merges a compound SELECT's ordered arms and
 * stops at the LIMIT, so a page reads about as many entries as it returns, plus the tail.
 * Delete and update triggers (0032) keep the table and the mark right; without the job, every row stays in the
 * tail: sorts stay correct and only get slower.
 */
import type Database from 'better-sqlite3';
import { and, asc, desc, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client';
import { provisioningLogDurations as d, provisioningLog as t } from '../../db/schema';

/** The sort key and id of the row a page continues after (values, or drizzle placeholders). */
export interface Keyset {
  key: unknown;
  id: unknown;
}

/** `(key, id)` after the keyset in the sort's direction: a row-value comparison SQLite seeks with. */
export function keysetAfter(key: SQLiteColumn, id: SQLiteColumn, descending: boolean, after: Keyset): SQL {
  return descending
    ? sql`(${key}, ${id}) < (${after.key}, ${after.id})`
    : sql`(${key}, ${id}) > (${after.key}, ${after.id})`;
}

const MARK = sql`(select through_rowid from provisioning_log_durations_mark)`;

/** A filter matching at most this many rows is sorted by itself; more, and pages walk the duration order. */
export const NARROW_ROWS = 5000;

/**
 * How a duration-sorted query runs. 'filter': the filter's own index (or FTS) finds its few rows, which are
 * sorted. 'order': the duration order is walked and each entry's row tested, until a page is full; the planner
 * must be told (CROSS JOIN), since without statistics on the order it drives from the log and sorts it all.
 * A probe counts the filter's rows up to NARROW_ROWS + 1; no filter walks the order.
 */
export type DurationPlan = 'filter' | 'order';

export function planDurationSort(db: Db, where: SQL | undefined): DurationPlan {
  if (!where) return 'order';
  const probe = db
    .select({ one: sql`1` })
    .from(t)
    .where(where)
    .limit(NARROW_ROWS + 1);
  const n = db.select({ n: sql<number>`count(*)` }).from(probe.as('probe')).get()?.n ?? 0;
  return n > NARROW_ROWS ? 'order' : 'filter';
}

/**
 * A page of log rows in duration order (then id, as the index was), filtered by `where`, continuing after
 * `after`; returns the built query (its SQL and params). The 'order' plan merges the ordered entries (joined to
 * their rows) with the tail after the mark, sorted by itself: SQLite merges a compound SELECT's ordered arms
 * and stops at the LIMIT, so a page reads about as many entries as it needs to fill it. `where` is given the
 * order's copy of the rowid for that arm, so FTS filters are tested before the row is read (a text search by
 * duration: 55 ms a page when every walked row was read, 2.4 ms this way, on 1.1M rows).
 */
export function durationPage(
  db: Db,
  select: Record<string, SQLiteColumn>,
  where: (rowid?: SQL) => SQL | undefined,
  opts: { descending: boolean; limit: number; after?: Keyset; plan: DurationPlan },
) {
  const { descending, limit, after } = opts;
  const columns = Object.values(select);
  // A compound SELECT orders by its result columns: the sort key and the id must be among them.
  if (!columns.includes(t.durationMs) || !columns.includes(t.id))
    throw new TypeError('durationPage: the selection must include the duration and the id');
  const dir = descending ? desc : asc;
  const afterIn = (key: SQLiteColumn, id: SQLiteColumn) =>
    after ? keysetAfter(key, id, descending, after) : undefined;
  if (opts.plan === 'filter')
    return db
      .select(select)
      .from(t)
      .where(and(where(), afterIn(t.durationMs, t.id)))
      .orderBy(dir(t.durationMs), dir(t.id))
      .limit(limit)
      .toSQL();
  // The ordered arm returns the order's own duration and id (equal to the row's), so SQLite sees that the arm
  // is already in ORDER BY order and reads it as it walks, instead of sorting it first.
  const fromOrder = Object.fromEntries(
    Object.entries(select).map(([k, c]) => [k, c === t.durationMs ? d.durationMs : c === t.id ? d.id : c]),
  );
  const ordered = db
    .select(fromOrder)
    .from(d)
    .crossJoin(t)
    .where(and(sql`${t}.rowid = ${d.logRowid}`, where(sql`${d.logRowid}`), afterIn(d.durationMs, d.id)));
  // The tail is walked by rowid: left to itself, the planner would rather read a filter's whole index (every
  // failure in the log, say) and test each entry's rowid against the mark.
  const tailRows = db
    .select({ rowid: sql<number>`rowid`.as('tail_rowid') })
    .from(t)
    .where(sql`rowid > ${MARK}`)
    .as('tail');
  const tail = db
    .select(select)
    .from(tailRows)
    .crossJoin(t)
    .where(and(sql`${t}.rowid = ${tailRows.rowid}`, where(), afterIn(t.durationMs, t.id)));
  return ordered.unionAll(tail).orderBy(dir(t.durationMs), dir(t.id)).limit(limit).toSQL();
}

const NEXT_MARK_SQL = `SELECT max(rowid) FROM (SELECT rowid FROM provisioning_log
  WHERE rowid > (SELECT through_rowid FROM provisioning_log_durations_mark) ORDER BY rowid LIMIT ?)`;
// OR REPLACE: an entry already there (none should be) must not stop the order from moving on for good.
const ORDER_SQL = `INSERT OR REPLACE INTO provisioning_log_durations (duration_ms, id, log_rowid)
  SELECT duration_ms, id, rowid FROM provisioning_log
  WHERE rowid > (SELECT through_rowid FROM provisioning_log_durations_mark) AND rowid <= ?
  ORDER BY duration_ms, id`;
const MOVE_MARK_SQL = 'UPDATE provisioning_log_durations_mark SET through_rowid = ?';

const statements = new WeakMap<
  Database.Database,
  { next: Database.Statement; order: Database.Statement; mark: Database.Statement }
>();

/**
 * Order up to `max` rows of the tail (the oldest first) in one transaction; returns how many. The insert is
 * sorted, so consecutive entries share their leaf. Runs on the writer's connection: it writes.
 */
export function orderDurations(client: Database.Database, max: number): number {
  let s = statements.get(client);
  if (!s) {
    s = {
      next: client.prepare(NEXT_MARK_SQL).pluck(),
      order: client.prepare(ORDER_SQL),
      mark: client.prepare(MOVE_MARK_SQL),
    };
    statements.set(client, s);
  }
  const st = s;
  return client.transaction(() => {
    const through = st.next.get(max) as number | null;
    if (through === null) return 0;
    const { changes } = st.order.run(through);
    st.mark.run(through);
    return changes;
  })();
}

/** Builds the whole order again from the log (rebuildLogFts: its rowids may have changed). */
export const REORDER_DURATIONS_SQL = `DELETE FROM provisioning_log_durations;
  INSERT INTO provisioning_log_durations (duration_ms, id, log_rowid)
    SELECT duration_ms, id, rowid FROM provisioning_log ORDER BY duration_ms, id;
  UPDATE provisioning_log_durations_mark SET through_rowid = (SELECT coalesce(max(rowid), 0) FROM provisioning_log);`;

/** How many log rows the duration order does not hold yet: what a duration sort reads from the log itself. */
export function durationTail(client: Database.Database): number {
  return Number(
    client
      .prepare(
        'SELECT count(*) FROM provisioning_log WHERE rowid > (SELECT through_rowid FROM provisioning_log_durations_mark)',
      )
      .pluck()
      .get(),
  );
}
