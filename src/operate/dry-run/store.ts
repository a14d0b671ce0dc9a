/** Stored dry-run plans: write one, read them back (filtered, paged), and the views the API and pages show. */
import { and, asc, count, desc, eq, gt, like, notInArray, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dryRunItems, dryRunPlans } from '../../../db/schema';
import { NotFoundError } from '../../kernel/errors';
import { fingerprintOf, type PlanAction, type PlanChange, type PlanItem } from './plan';

export type PlanRow = typeof dryRunPlans.$inferSelect;
export type PlanItemRow = typeof dryRunItems.$inferSelect;
export type PlanCounts = Record<PlanAction, number>;
type Tx = Pick<Db, 'insert'>;

export const PLAN_ACTIONS: readonly PlanAction[] = ['create', 'update', 'disable', 'delete', 'skip', 'failed'];

/** Counts per action. */
export function countActions(items: readonly Pick<PlanItem, 'action'>[]): PlanCounts {
  const counts = Object.fromEntries(PLAN_ACTIONS.map((a) => [a, 0])) as PlanCounts;
  for (const i of items) counts[i.action] += 1;
  return counts;
}

/** Insert items of a plan, numbered from `firstSeq`, in chunks (SQLite's variable limit). */
export function insertItems(tx: Tx, planId: string, items: readonly PlanItem[], firstSeq = 0): void {
  for (let i = 0; i < items.length; i += 400) {
    const chunk = items.slice(i, i + 400).map((it, j) => ({
      planId,
      seq: firstSeq + i + j,
      sourceId: it.sourceId,
      displayName: it.displayName,
      action: it.action,
      targetId: it.targetId,
      reason: it.reason,
      changes: JSON.stringify(it.changes),
      fingerprint: fingerprintOf(it),
    }));
    if (chunk.length > 0) tx.insert(dryRunItems).values(chunk).run();
  }
}

/** A plan of an app, or NotFoundError. */
export function getPlan(db: Pick<Db, 'select'>, appId: string, planId: string): PlanRow {
  const row = db
    .select()
    .from(dryRunPlans)
    .where(and(eq(dryRunPlans.id, planId), eq(dryRunPlans.appId, appId)))
    .get();
  if (!row) throw new NotFoundError('Plan', planId);
  return row;
}

/** Why a plan cannot be applied or discarded: only a finished (ready) plan can. */
export function notReady(status: PlanRow['status']): string {
  if (status === 'running') return 'The dry run is still planning: wait for it to finish (or cancel it) first.';
  if (status === 'cancelled' || status === 'failed')
    return `The dry run was ${status} before it finished: its plan is partial and cannot be applied. Run a new one.`;
  return `The plan was already ${status}.`;
}

/** Recent plans of an app, newest first. */
export function listPlans(db: Db, appId: string, limit = 20): PlanRow[] {
  return db
    .select()
    .from(dryRunPlans)
    .where(eq(dryRunPlans.appId, appId))
    .orderBy(desc(dryRunPlans.createdAt))
    .limit(limit)
    .all();
}

export interface ItemFilter {
  action?: PlanAction | undefined;
  /** Prefix of the display name or source id, or exact target id. */
  q?: string | undefined;
  limit: number;
  offset: number;
}

function itemWhere(planId: string, f: Omit<ItemFilter, 'limit' | 'offset'>): SQL | undefined {
  const q = f.q?.trim();
  const pattern = q ? `${q.replace(/[%_\\]/g, (m) => `\\${m}`)}%` : null;
  return and(
    eq(dryRunItems.planId, planId),
    f.action ? eq(dryRunItems.action, f.action) : undefined,
    pattern
      ? or(
          like(dryRunItems.displayName, pattern),
          like(dryRunItems.sourceId, pattern),
          eq(dryRunItems.targetId, q ?? ''),
        )
      : undefined,
  );
}

/** A page of a plan's items and the filtered total. */
export function planItems(db: Db, planId: string, f: ItemFilter): { items: PlanItemRow[]; total: number } {
  const where = itemWhere(planId, f);
  const items = db
    .select()
    .from(dryRunItems)
    .where(where)
    .orderBy(asc(dryRunItems.seq))
    .limit(f.limit)
    .offset(f.offset)
    .all();
  const total = db.select({ n: count() }).from(dryRunItems).where(where).get()?.n ?? 0;
  return { items, total };
}

/** Every item of a plan at once (tests and scripts; apply and the CSV walk `planItemPages`). */
export function allPlanItems(db: Db, planId: string, f: Omit<ItemFilter, 'limit' | 'offset'> = {}): PlanItemRow[] {
  return db.select().from(dryRunItems).where(itemWhere(planId, f)).orderBy(asc(dryRunItems.seq)).all();
}

/** Items read per page when a whole plan is walked: a 100,000-user plan never sits in memory at once. */
export const ITEM_PAGE = 200;

export interface PageFilter extends Omit<ItemFilter, 'limit' | 'offset'> {
  /** Only the items apply acts on (not skip, not failed). */
  executable?: boolean;
}

/**
 * A plan's items in seq order, one page at a time. Keyset on seq (the primary key's second column), so each
 * page is an index seek however deep the walk, and rows updated behind the cursor are never read twice.
 */
export function* planItemPages(
  db: Db,
  planId: string,
  f: PageFilter = {},
  size: number = ITEM_PAGE,
): Generator<PlanItemRow[]> {
  const where = itemWhere(planId, f);
  const executable = f.executable ? notInArray(dryRunItems.action, ['skip', 'failed']) : undefined;
  for (let after = -1; ; ) {
    const page = db
      .select()
      .from(dryRunItems)
      .where(and(where, executable, gt(dryRunItems.seq, after)))
      .orderBy(asc(dryRunItems.seq))
      .limit(size)
      .all();
    if (page.length === 0) return;
    yield page;
    if (page.length < size) return;
    after = page[page.length - 1]?.seq ?? after;
  }
}

/** The changes of an item. */
export function itemChanges(row: Pick<PlanItemRow, 'changes'>): PlanChange[] {
  try {
    const v: unknown = JSON.parse(row.changes);
    return Array.isArray(v) ? (v as PlanChange[]) : [];
  } catch {
    return [];
  }
}

/** The API view of a plan. */
export function planView(p: PlanRow) {
  return {
    id: p.id,
    appId: p.appId,
    mode: p.mode,
    status: p.status,
    createdAt: new Date(p.createdAt).toISOString(),
    createdBy: p.createdBy,
    counts: JSON.parse(p.counts) as PlanCounts,
    guardNote: p.guardNote,
    appliedAt: p.appliedAt === null ? null : new Date(p.appliedAt).toISOString(),
    appliedBy: p.appliedBy,
    applyResult: p.applyResult === null ? null : (JSON.parse(p.applyResult) as Record<string, number>),
    progress: { done: p.progressDone, total: p.progressTotal },
    error: p.error,
    finishedAt: p.finishedAt === null ? null : new Date(p.finishedAt).toISOString(),
  };
}

/** The API view of an item. */
export function planItemView(i: PlanItemRow) {
  return {
    seq: i.seq,
    sourceId: i.sourceId,
    displayName: i.displayName,
    action: i.action,
    targetId: i.targetId,
    reason: i.reason,
    changes: itemChanges(i),
    applyStatus: i.applyStatus,
    applyNote: i.applyNote,
  };
}
