/** Stored drift reports: read them back, filtered by kind and status, and their API views. */
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { driftItems, driftReports } from '../../../db/schema';
import { NotFoundError } from '../../kernel/errors';
import type { DriftKind } from './types';

export type DriftReportRow = typeof driftReports.$inferSelect;
export type DriftItemRow = typeof driftItems.$inferSelect;

/** A report of an app, or NotFoundError. */
export function getDriftReport(db: Pick<Db, 'select'>, appId: string, reportId: string): DriftReportRow {
  const row = db
    .select()
    .from(driftReports)
    .where(and(eq(driftReports.id, reportId), eq(driftReports.appId, appId)))
    .get();
  if (!row) throw new NotFoundError('Drift report', reportId);
  return row;
}

/** Recent reports, newest first. */
export function listDriftReports(db: Db, appId: string, limit = 20): DriftReportRow[] {
  return db
    .select()
    .from(driftReports)
    .where(eq(driftReports.appId, appId))
    .orderBy(desc(driftReports.createdAt))
    .limit(limit)
    .all();
}

/** One finding, or NotFoundError. */
export function getDriftItem(db: Pick<Db, 'select'>, reportId: string, seq: number): DriftItemRow {
  const row = db
    .select()
    .from(driftItems)
    .where(and(eq(driftItems.reportId, reportId), eq(driftItems.seq, seq)))
    .get();
  if (!row) throw new NotFoundError('Drift finding', `${reportId}/${seq}`);
  return row;
}

/** Findings of a report, optionally of one kind and status. */
export function driftFindings(
  db: Db,
  reportId: string,
  f: { kind?: DriftKind | undefined; status?: DriftItemRow['status'] | undefined } = {},
): DriftItemRow[] {
  const where: SQL | undefined = and(
    eq(driftItems.reportId, reportId),
    f.kind ? eq(driftItems.kind, f.kind) : undefined,
    f.status ? eq(driftItems.status, f.status) : undefined,
  );
  return db.select().from(driftItems).where(where).orderBy(asc(driftItems.seq)).all();
}

/** API view of a report. */
export function driftReportView(r: DriftReportRow) {
  return {
    id: r.id,
    appId: r.appId,
    createdAt: new Date(r.createdAt).toISOString(),
    createdBy: r.createdBy,
    counts: JSON.parse(r.counts) as Record<string, number>,
  };
}

/** API view of a finding. */
export function driftItemView(i: DriftItemRow) {
  let attributes: { attribute: string; exported: string | null; target: string | null }[] = [];
  try {
    attributes = JSON.parse(i.attributes);
  } catch {
    // Unreadable JSON reads as no attributes rather than failing the page.
  }
  return {
    seq: i.seq,
    kind: i.kind,
    objectType: i.objectType,
    sourceId: i.sourceId,
    targetId: i.targetId,
    displayName: i.displayName,
    matchSourceId: i.matchSourceId,
    attributes,
    status: i.status,
    note: i.note,
  };
}
