/**
 * Reads a log in rowid order after a cursor: the stream's durable position. Rowids only grow (a new row takes
 * max(rowid) + 1 and SQLite has one writer), so "after the cursor" is exactly "not yet delivered". Filters run
 * in SQL; the page's `next` cursor covers the filtered-out rows too, so a sparse filter does not rescan them.
 */
import { and, asc, getTableColumns, gt, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { applications, auditLog, provisioningLog } from '../../db/schema';
import { logRowJson } from '../log/row-json';
import type { StreamFilter } from './stream-input';

export type LogKind = 'provisioning' | 'audit';

/** One row to deliver: its rowid, the change id receivers de-duplicate by, and the Graph-shaped JSON. */
export interface StreamRecord {
  seq: number;
  changeId: string;
  status: string;
  time: number;
  json: Record<string, unknown>;
}

export interface Page {
  records: StreamRecord[];
  /** The cursor once every record is acknowledged (past filtered-out rows as well). */
  next: number;
}

const p = provisioningLog;
const a = auditLog;

function provisioningWhere(f: StreamFilter): SQL[] {
  const w: SQL[] = [];
  if (f.appIds?.length) w.push(inArray(p.appId, f.appIds));
  if (f.statuses?.length) w.push(inArray(p.status, f.statuses as (typeof p.status._.data)[]));
  if (f.actions?.length) w.push(inArray(p.provisioningAction, f.actions as (typeof p.provisioningAction._.data)[]));
  return w;
}

// The audit log has no application; its result stands for a status and its activity for an action.
function auditWhere(f: StreamFilter): SQL[] {
  const w: SQL[] = [];
  if (f.statuses?.length) w.push(inArray(a.result, f.statuses as (typeof a.result._.data)[]));
  if (f.actions?.length) w.push(inArray(a.activity, f.actions));
  return w;
}

const rowidOf = (log: LogKind) => (log === 'provisioning' ? sql<number>`${p}.rowid` : sql<number>`${a.id}`);

/** The newest rowid of a log (0 when empty). */
export function headOf(db: Db, log: LogKind): number {
  const table = log === 'provisioning' ? p : a;
  return (
    db
      .select({ v: sql<number>`coalesce(max(${rowidOf(log)}), 0)` })
      .from(table)
      .get()?.v ?? 0
  );
}

function appNames(db: Db, ids: string[]): Map<string, string> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select({ id: applications.id, name: applications.name })
    .from(applications)
    .where(inArray(applications.id, ids))
    .all();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Up to `limit` records after `cursor`, no further than `head`. */
export function readPage(
  db: Db,
  log: LogKind,
  filter: StreamFilter,
  cursor: number,
  head: number,
  limit: number,
): Page {
  if (log === 'audit') {
    const rows = db
      .select()
      .from(a)
      .where(and(gt(a.id, cursor), lte(a.id, head), ...auditWhere(filter)))
      .orderBy(asc(a.id))
      .limit(limit)
      .all();
    const records = rows.map(auditRecord);
    return { records, next: records.length < limit ? head : (records.at(-1)?.seq ?? head) };
  }
  const seq = rowidOf('provisioning');
  const rows = db
    .select({ seq, ...getTableColumns(p) })
    .from(p)
    .where(and(gt(seq, cursor), lte(seq, head), ...provisioningWhere(filter)))
    .orderBy(asc(seq))
    .limit(limit)
    .all();
  const names = appNames(db, [...new Set(rows.map((r) => r.appId))]);
  const records = rows.map((r) => ({
    seq: r.seq,
    changeId: r.id,
    status: r.status,
    time: r.activityDateTime,
    json: logRowJson(r, names.get(r.appId)) as unknown as Record<string, unknown>,
  }));
  return { records, next: records.length < limit ? head : (records.at(-1)?.seq ?? head) };
}

function auditRecord(r: typeof a.$inferSelect): StreamRecord {
  const parse = (v: string | null) => (v === null ? null : (JSON.parse(v) as unknown));
  return {
    seq: r.id,
    changeId: `audit-${r.id}`,
    status: r.result,
    time: r.at,
    json: {
      id: String(r.id),
      activityDateTime: new Date(r.at).toISOString(),
      activity: r.activity,
      initiatedBy: { type: r.actorType, id: r.actorId, displayName: r.actorName },
      target: { type: r.targetType, id: r.targetId },
      result: r.result,
      ip: r.ip,
      before: parse(r.before),
      after: parse(r.after),
    },
  };
}

/** Rows behind the cursor that the filter lets through, and how old the oldest of them is. */
export function lagOf(db: Db, log: LogKind, filter: StreamFilter, cursor: number, now: number) {
  const table = log === 'provisioning' ? p : a;
  const time = log === 'provisioning' ? p.activityDateTime : a.at;
  const where = and(
    gt(rowidOf(log), cursor),
    ...(log === 'provisioning' ? provisioningWhere(filter) : auditWhere(filter)),
  );
  const r = db
    .select({ rows: sql<number>`count(*)`, oldest: sql<number | null>`min(${time})` })
    .from(table)
    .where(where)
    .get();
  const rows = r?.rows ?? 0;
  return { rows, seconds: rows > 0 && r?.oldest != null ? Math.max(0, Math.round((now - r.oldest) / 1000)) : 0 };
}

/** The cursor that makes a stream deliver again every row written at or after `from` (ms). */
export function cursorAt(db: Db, log: LogKind, from: number): number {
  const table = log === 'provisioning' ? p : a;
  const time = log === 'provisioning' ? p.activityDateTime : a.at;
  const r = db
    .select({ first: sql<number | null>`min(${rowidOf(log)})` })
    .from(table)
    .where(gte(time, from))
    .get();
  return r?.first != null ? r.first - 1 : headOf(db, log);
}
