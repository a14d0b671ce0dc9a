/**
 * The CSV export's reads: the filter's SQL (the same WHERE and ORDER BY as searchLogs, so every log-search filter
 * applies) is built and prepared once per export, and each keyset page comes back as raw arrays of just the
 * exported columns. Building and preparing the query per page, and an object per row, were a measurable share
 * of a million-row export (issue 16).
 */
import { fillPlaceholders, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { provisioningLog as t } from '../../db/schema';
import type { Keyset } from './duration-order';
import { durationPlanOf, type LogQuery, logFilterWhere, logPageQuery, planFts } from './query';

/** The columns an export row holds, in this order (CSV_COLUMNS order, with the app's id for its name). */
const EXPORT_SELECT = {
  id: t.id,
  activityDateTime: t.activityDateTime,
  appId: t.appId,
  jobId: t.jobId,
  cycleId: t.cycleId,
  provisioningAction: t.provisioningAction,
  status: t.status,
  durationMs: t.durationMs,
  initiatedByName: t.initiatedByName,
  sourceId: t.sourceId,
  sourceDisplayName: t.sourceDisplayName,
  targetId: t.targetId,
  targetDisplayName: t.targetDisplayName,
  sourceSystem: t.sourceSystem,
  targetSystem: t.targetSystem,
  errorCode: t.errorCode,
  errorCategory: t.errorCategory,
  errorReason: t.errorReason,
  recommendedAction: t.recommendedAction,
  steps: t.steps,
  modifiedProperties: t.modifiedProperties,
};

/** Index of each column in a raw export row. */
export const COL = Object.fromEntries(Object.keys(EXPORT_SELECT).map((k, i) => [k, i])) as {
  [K in keyof typeof EXPORT_SELECT]: number;
};

/** A raw export row: column values in EXPORT_SELECT order. */
export type ExportRow = unknown[];

interface Prepared {
  sql: string;
  params: unknown[];
}

/** Every matching row, page by page, in the query's sort order (the cursor in `q` is ignored). */
export function* exportRowPages(db: Db, q: LogQuery, pageSize: number): Generator<ExportRow[]> {
  const keyAt = q.sort.startsWith('duration') ? COL.durationMs : COL.activityDateTime;
  // The FTS plan and the duration plan depend on the filter only: decided once, as logPages does.
  const fts = planFts(db, q);
  const durationPlan = durationPlanOf(db, q, fts);
  const build = (after?: Keyset): Prepared =>
    logPageQuery(db, EXPORT_SELECT, (rowid) => logFilterWhere(q, fts, rowid), {
      sort: q.sort,
      limit: pageSize,
      after,
      durationPlan,
    });
  const after = build({ key: sql.placeholder('key'), id: sql.placeholder('id') });
  const first = build();
  const nextStmt = db.$client.prepare(after.sql).raw();
  let rows = db.$client
    .prepare(first.sql)
    .raw()
    .all(...first.params) as ExportRow[];
  while (rows.length > 0) {
    yield rows;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1] as ExportRow;
    rows = nextStmt.all(...fillPlaceholders(after.params, { key: last[keyAt], id: last[COL.id] })) as ExportRow[];
  }
}
