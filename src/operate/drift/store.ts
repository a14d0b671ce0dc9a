/** Stored drift reports: read them back, filtered by kind and status, and their API views. */
import { and, asc, count, desc, eq, type SQL } from 'drizzle-orm';
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

export interface FindingFilter {
  kind?: DriftKind | undefined;
  status?: DriftItemRow['status'] | undefined;
}

function findingWhere(reportId: string, f: FindingFilter): SQL | undefined {
  return and(
    eq(driftItems.reportId, reportId),
    f.kind ? eq(driftItems.kind, f.kind) : undefined,
    f.status ? eq(driftItems.status, f.status) : undefined,
  );
}

/** Findings of a report, optionally of one kind and status (every one: scripts and tests; pages use the paged read). */
export function driftFindings(db: Db, reportId: string, f: FindingFilter = {}): DriftItemRow[] {
  return db.select().from(driftItems).where(findingWhere(reportId, f)).orderBy(asc(driftItems.seq)).all();
}

/** A page of a report's findings and the filtered total. */
export function driftFindingsPage(
  db: Db,
  reportId: string,
  f: FindingFilter & { limit: number; offset: number },
): { findings: DriftItemRow[]; total: number } {
  const where = findingWhere(reportId, f);
  const findings = db
    .select()
    .from(driftItems)
    .where(where)
    .orderBy(asc(driftItems.seq))
    .limit(f.limit)
    .offset(f.offset)
    .all();
  const total = db.select({ n: count() }).from(driftItems).where(where).get()?.n ?? 0;
  return { findings, total };
}

/** API view of a report. */
export function driftReportView(r: DriftReportRow) {
  return {
    id: r.id,
    appId: r.appId,
    createdAt: new Date(r.createdAt).toISOString(),
    createdBy: r.createdBy,
    counts: JSON.parse(r.counts) as Record<string, number>,
    status: r.status,
    progress: { done: r.progressDone, total: r.progressTotal },
    error: r.error,
    finishedAt: r.finishedAt === null ? null : new Date(r.finishedAt).toISOString(),
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
